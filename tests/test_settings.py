"""The settings a reader finds in the README are the ones the code reads."""

from __future__ import annotations

import re
from pathlib import Path

from consult.config import SETTINGS

ROOT = Path(__file__).resolve().parents[1]


def _readme_settings() -> dict[str, str]:
    rows = {}
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("| `CONSULT_"):
            names, default = line.split(" | ")[:2]
            for name in re.findall(r"`(CONSULT_\w+)`", names):
                rows[name] = default
    return rows


def _read_by_code() -> set[str]:
    found = set()
    for path in [*ROOT.joinpath("consult").rglob("*.py"), ROOT / "gunicorn.conf.py"]:
        found.update(re.findall(r"\"(CONSULT_[A-Z_]+)\"", path.read_text(encoding="utf-8")))
    return found


def test_every_setting_in_the_code_is_in_the_readme_and_back() -> None:
    readme = _readme_settings()
    read = _read_by_code()
    assert read - set(readme) == set(), "settings the README does not mention"
    assert set(readme) - read == set(), "README settings nothing reads"


def test_the_readme_gives_each_setting_its_default() -> None:
    readme = _readme_settings()
    for name, default, _meaning in SETTINGS:
        assert name in readme
        shown = readme[name].replace("`", "")
        assert default.replace("`", "") in shown or shown in default, (name, default, shown)

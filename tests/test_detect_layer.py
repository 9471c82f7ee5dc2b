"""consult/detect is a low layer: the capabilities that use it may import it,
never the other way round, so that a detector can be run, tested and replaced
without the journey, moderation or safeguarding behind it."""

from __future__ import annotations

import ast
from pathlib import Path

DETECT = Path(__file__).resolve().parents[1] / "consult" / "detect"
# consult's base modules a low layer may use.
ALLOWED = ("consult.detect", "consult.config", "consult.i18n")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


def test_detect_imports_only_itself_and_base_modules() -> None:
    files = sorted(DETECT.glob("*.py"))
    assert files
    wrong = [(path.name, name) for path in files for name in _imports(path)
             if (name == "consult" or name.startswith("consult."))
             and not name.startswith(ALLOWED)]
    assert wrong == []


def test_no_detector_module_is_left_at_its_old_place() -> None:
    root = DETECT.parent
    old = ["privacy/pii.py", "privacy/pii_contact.py", "privacy/pii_names.py",
           "privacy/pii_numbers.py", "privacy/pii_places.py", "privacy/pii_text.py",
           "privacy/pii_words.py", "safeguarding/detect.py", "safeguarding/lexicon_en.py",
           "safeguarding/lexicon_fr_es.py", "safeguarding/lexicon_ru_ar_zh.py",
           "moderate/abuse.py", "moderate/abuse_words.py", "moderate/textfold.py"]
    assert [name for name in old if (root / name).exists()] == []

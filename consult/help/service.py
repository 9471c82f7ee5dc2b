"""Helplines from consult/data/helplines.yaml: each entry records its source
and the date it was checked."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent.parent / "data" / "helplines.yaml"


@lru_cache(maxsize=1)
def _load(path: Path = DATA) -> dict[str, Any]:
    if not path.exists():
        return {"entries": [], "international": []}
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return {"entries": data.get("entries") or [], "international": data.get("international") or []}


def helplines(region: str | None) -> dict[str, list[dict[str, Any]]]:
    """The helplines for an ITU region, or all of them when no region was chosen."""
    data = _load()
    entries = [e for e in data["entries"] if not region or e.get("itu_region") == region]
    entries.sort(key=lambda e: (str(e.get("itu_region")), str(e.get("country")), e.get("name")))
    return {"entries": entries, "international": data["international"]}

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


def helplines_near(country: str | None, region: str | None) -> dict[str, list[dict[str, Any]]]:
    """The helplines to show first (the country's own, else its region's) and the rest.

    With neither a country nor a region, nothing is put first: a child who
    would rather not say gets the whole list and the international directory."""
    data = _load()
    entries = sorted(data["entries"], key=lambda e: (str(e.get("itu_region")),
                                                     str(e.get("country")), e.get("name")))
    near = [e for e in entries if country and e.get("country") == country]
    if not near and region:
        near = [e for e in entries if e.get("itu_region") == region]
    others = [e for e in entries if not any(e is n for n in near)]
    return {"near": near, "others": others, "international": data["international"]}

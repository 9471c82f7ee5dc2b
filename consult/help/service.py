"""The helplines a participant is shown (docs/privacy.md#rule-8): from the
`helplines` table the safeguarding leads keep (consult.help.manage), or, while
it holds none, from consult/data/helplines.yaml, the seed it was made from.

Every participant page that shows help would otherwise read the table: each
worker keeps a copy for CACHE_SECONDS instead (an edit shows at once in the
worker that made it, and within that time in the others), so the child's page
costs no query most of the time.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
import weakref
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from consult.help.models import Helpline

DATA = Path(__file__).resolve().parent.parent / "data" / "helplines.yaml"
CACHE_SECONDS = 60.0
log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _load(path: Path = DATA) -> dict[str, Any]:
    if not path.exists():
        return {"entries": [], "international": []}
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return {"entries": data.get("entries") or [], "international": data.get("international") or []}


def as_entry(h: Helpline) -> dict[str, Any]:
    """A row as the pages and the YAML file write an entry."""
    entry: dict[str, Any] = {"itu_region": h.itu_region, "country": h.country, "name": h.name,
                             "names": dict(h.names or {}), "phone": h.phone, "url": h.url,
                             "hours": h.hours, "languages": list(h.languages or [])}
    return {k: v for k, v in entry.items() if v not in (None, "", [], {})}


def from_table(session: Session) -> dict[str, Any] | None:
    """The helplines in service, or None while the table holds none."""
    rows = list(session.scalars(select(Helpline).where(Helpline.retired_on.is_(None))))
    if not rows:
        return None
    entries = [as_entry(h) for h in rows if h.itu_region or h.country]
    international = [as_entry(h) for h in rows if not (h.itu_region or h.country)]
    return {"entries": entries, "international": international}


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.data: dict[str, Any] | None = None
        self.until = 0.0

    def get(self, session: Session) -> dict[str, Any]:
        with self.lock:
            if self.data is not None and time.monotonic() < self.until:
                return self.data
        try:
            data = from_table(session) or _load()
        except SQLAlchemyError:
            # No table yet (a database not upgraded): a child still gets help.
            log.exception("helplines: reading the table failed; the packaged list is shown")
            session.rollback()
            data = _load()
        with self.lock:
            self.data, self.until = data, time.monotonic() + CACHE_SECONDS
        return data

    def clear(self) -> None:
        with self.lock:
            self.data = None


# One copy per database (an app, or a test's own app, has its own engine).
_caches: weakref.WeakKeyDictionary[Engine, _Cache] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def _cache_for(session: Session) -> _Cache:
    engine = session.get_bind().engine
    with _caches_lock:
        cache = _caches.get(engine)
        if cache is None:
            cache = _caches[engine] = _Cache()
        return cache


def invalidate(session: Session) -> None:
    """After an edit: this worker shows it from its next page."""
    _cache_for(session).clear()


def _in(entry: dict[str, Any], lang: str | None) -> dict[str, Any]:
    named = (entry.get("names") or {}).get(lang or "")
    if not named:
        return entry
    shown = copy.copy(entry)
    shown["name"] = named
    return shown


def helplines_near(session: Session, country: str | None, region: str | None,
                   lang: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """The helplines to show first (the country's own, else its region's) and the rest,
    each named in `lang` where that name is known.

    With neither a country nor a region, nothing is put first: a child who
    would rather not say gets the whole list and the international directory."""
    data = _cache_for(session).get(session)
    entries = sorted(data["entries"], key=lambda e: (str(e.get("itu_region")),
                                                     str(e.get("country")), e.get("name")))
    near = [e for e in entries if country and e.get("country") == country]
    if not near and region:
        near = [e for e in entries if e.get("itu_region") == region]
    others = [e for e in entries if not any(e is n for n in near)]
    return {"near": [_in(e, lang) for e in near], "others": [_in(e, lang) for e in others],
            "international": [_in(e, lang) for e in data["international"]]}

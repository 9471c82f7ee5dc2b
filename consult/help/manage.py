"""Keeping the helplines (roles safeguarding and admin): add, edit, verify,
retire, restore, each audited; the YAML file in and out.

consult/data/helplines.yaml stays the seed (`consult helplines import`, the
migration that made the table, `consult demo`) and the export format
(`consult helplines export`): an export imported into an empty table gives the
same helplines back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.audit.service import record
from consult.help.countries import region_of
from consult.help.models import Helpline
from consult.i18n import LANGUAGES
from consult.vocabulary import ITU_REGIONS

STALE_AFTER = timedelta(days=365)
EDITABLE = ("itu_region", "country", "name", "names", "phone", "url", "hours", "languages",
            "source")


class HelplineError(ValueError):
    """An entry that cannot be kept as given; the message names the problem."""


class HelplineChangedError(Exception):
    """Someone else saved this entry since it was opened."""


@dataclass
class Fields:
    name: str
    itu_region: str | None = None
    country: str | None = None
    names: dict[str, str] = field(default_factory=dict)
    phone: str | None = None
    url: str | None = None
    hours: str | None = None
    languages: list[str] = field(default_factory=list)
    source: str | None = None

    def checked(self) -> Fields:
        """The same fields, made consistent: a country's region is the country's."""
        name = (self.name or "").strip()
        if not name:
            raise HelplineError("a helpline needs a name")
        country = (self.country or "").strip().upper() or None
        region = (self.itu_region or "").strip().upper() or None
        if country:
            if region_of(country) is None:
                raise HelplineError(f"{country} is not a country code consult knows")
            if region and region != region_of(country):
                raise HelplineError(f"{country} is in the {region_of(country)} region, "
                                    f"not {region}")
            region = region_of(country)
        if region and region not in ITU_REGIONS:
            raise HelplineError(f"{region} is not an ITU region")
        url = (self.url or "").strip() or None
        if url and not url.startswith(("https://", "http://")):
            raise HelplineError("the web address must start with https://")
        if not (self.phone or url):
            raise HelplineError("give a phone number or a web address")
        names = {lang: text.strip() for lang, text in (self.names or {}).items()
                 if lang in LANGUAGES and text and text.strip()}
        languages = [code.strip().lower() for code in self.languages if code.strip()]
        return Fields(name=name, itu_region=region, country=country, names=names,
                      phone=(self.phone or "").strip() or None, url=url,
                      hours=(self.hours or "").strip() or None, languages=languages,
                      source=(self.source or "").strip() or None)


def listing(session: Session) -> list[Helpline]:
    return list(session.scalars(select(Helpline).order_by(
        Helpline.retired_on.is_not(None), Helpline.itu_region, Helpline.country,
        Helpline.name)))


def is_stale(helpline: Helpline, today: date) -> bool:
    return helpline.verified_on is None or today - helpline.verified_on > STALE_AFTER


def stale(session: Session, today: date) -> list[Helpline]:
    """Helplines in service not verified for over a year (or never), oldest first."""
    rows = [h for h in listing(session) if h.retired_on is None and is_stale(h, today)]
    return sorted(rows, key=lambda h: (h.verified_on or date.min, h.id))


def get(session: Session, helpline_id: int) -> Helpline | None:
    return session.get(Helpline, helpline_id)


def add(session: Session, fields: Fields, *, actor_id: int, today: date,
        verified: bool) -> Helpline:
    f = fields.checked()
    helpline = Helpline(**{k: getattr(f, k) for k in EDITABLE})
    if verified:
        helpline.verified_on, helpline.verified_by_id = today, actor_id
    session.add(helpline)
    session.flush()
    record(session, "helpline_added", actor_id=actor_id, object_type="helpline",
           object_id=helpline.id, detail={"country": f.country, "region": f.itu_region,
                                          "verified": verified})
    return helpline


def edit(session: Session, helpline: Helpline, fields: Fields, *, version: int, actor_id: int,
         today: date, verified: bool) -> list[str]:
    """Save the fields; the names of those that changed. Refused when the entry
    was saved by someone else since `version` was read."""
    if helpline.version != version:
        raise HelplineChangedError
    f = fields.checked()
    changed = [k for k in EDITABLE if getattr(helpline, k) != getattr(f, k)]
    for k in changed:
        setattr(helpline, k, getattr(f, k))
    if verified:
        helpline.verified_on, helpline.verified_by_id = today, actor_id
        helpline.verified_by_label = None
    if changed or verified:
        session.flush()  # the version check: a concurrent save raises StaleDataError
        record(session, "helpline_edited", actor_id=actor_id, object_type="helpline",
               object_id=helpline.id, detail={"changed": changed, "verified": verified})
    return changed


def verify(session: Session, helpline: Helpline, *, actor_id: int, today: date) -> None:
    helpline.verified_on, helpline.verified_by_id = today, actor_id
    helpline.verified_by_label = None
    session.flush()
    record(session, "helpline_verified", actor_id=actor_id, object_type="helpline",
           object_id=helpline.id)


def retire(session: Session, helpline: Helpline, *, actor_id: int, today: date,
           retired: bool = True) -> None:
    """A retired helpline is shown to nobody; it stays listed so it can come back."""
    helpline.retired_on = today if retired else None
    session.flush()
    record(session, "helpline_retired" if retired else "helpline_restored", actor_id=actor_id,
           object_type="helpline", object_id=helpline.id)


# --- the YAML file --------------------------------------------------------------------

def _fields_of(entry: dict[str, Any]) -> Fields:
    return Fields(name=str(entry.get("name") or ""), itu_region=entry.get("itu_region"),
                  country=entry.get("country"), names=dict(entry.get("names") or {}),
                  phone=None if entry.get("phone") is None else str(entry["phone"]),
                  url=entry.get("url"), hours=entry.get("hours"),
                  languages=[str(code) for code in entry.get("languages") or []],
                  source=entry.get("source"))


def import_yaml(session: Session, text: str, *, actor_label: str) -> int:
    """Add the file's helplines that are not in the table yet (same country, region
    and name); never overwrite an entry the leads have edited. All or nothing:
    a bad entry raises HelplineError naming it. The number added."""
    data = yaml.safe_load(text) or {}
    existing = {(h.country, h.itu_region, h.name) for h in session.scalars(select(Helpline))}
    added = []
    entries = [*(data.get("entries") or []), *(data.get("international") or [])]
    for n, entry in enumerate(entries, start=1):
        try:
            f = _fields_of(entry).checked()
        except (HelplineError, AttributeError, TypeError) as error:
            raise HelplineError(f"entry {n} ({entry!r:.60}): {error}") from error
        if (f.country, f.itu_region, f.name) in existing:
            continue
        existing.add((f.country, f.itu_region, f.name))
        checked_on = entry.get("checked_on")
        helpline = Helpline(**{k: getattr(f, k) for k in EDITABLE},
                            verified_on=checked_on if isinstance(checked_on, date) else None,
                            verified_by_label=str(entry.get("checked_by") or actor_label)[:254],
                            retired_on=None)
        session.add(helpline)
        added.append(helpline)
    session.flush()
    if added:
        record(session, "helplines_imported", actor_label=actor_label, object_type="helpline",
               detail={"added": len(added)})
    return len(added)


def export_yaml(session: Session, emails: dict[int, str]) -> str:
    """The helplines in service in the seed's format (retired ones are left out)."""
    entries, international = [], []
    for h in listing(session):
        if h.retired_on is not None:
            continue
        entry: dict[str, Any] = {"itu_region": h.itu_region, "country": h.country,
                                 "name": h.name, "names": dict(h.names or {}) or None,
                                 "phone": h.phone, "url": h.url, "hours": h.hours,
                                 "languages": list(h.languages or []) or None,
                                 "source": h.source, "checked_on": h.verified_on,
                                 "checked_by": emails.get(h.verified_by_id or 0)
                                 or h.verified_by_label}
        entry = {k: v for k, v in entry.items() if v is not None}
        (entries if h.itu_region or h.country else international).append(entry)
    header = ("# Child helplines shown to participants, exported from consult.\n"
              "# Keys as in consult/data/helplines.yaml; names: the helpline's name per UN\n"
              "# language where known; checked_on/checked_by: last verified.\n")
    return header + yaml.safe_dump({"entries": entries, "international": international},
                                   allow_unicode=True, sort_keys=False)

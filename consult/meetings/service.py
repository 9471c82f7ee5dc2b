"""Meetings: create, change, find. Every change is audited (docs/privacy.md#rule-9).

A consultation definition names its meeting by key, or in full, or (the form
before meetings were rows) by its name alone; `for_definition` turns each into
a row."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from consult.audit.service import record
from consult.consultations.models import Consultation, new_revision
from consult.i18n import LANGUAGES
from consult.meetings.models import Meeting

KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,59}$")
SYMBOL_MAX = 60
TEXT_MAX = 300


class MeetingError(Exception):
    """The details of a meeting cannot be saved; the message says why."""


class MeetingKeyTakenError(MeetingError):
    pass


class MeetingNotFoundError(MeetingError):
    pass


@dataclass
class MeetingDetails:
    key: str
    names: dict[str, str]
    symbol: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    place: dict[str, str] = field(default_factory=dict)
    online: bool = False

    @classmethod
    def of(cls, meeting: Meeting) -> MeetingDetails:
        return cls(**{f.name: getattr(meeting, f.name) for f in fields(cls)})


def problems(details: MeetingDetails, *, require_place: bool = True) -> list[str]:
    """What is wrong with these details, in words a chair can act on; [] if nothing.
    A meeting from a definition file may leave its place for later, as one
    made from the old free-text form does."""
    found = []
    if not KEY_RE.match(details.key or ""):
        found.append("the key must be 2 to 60 lowercase letters, digits or hyphens, "
                     "like cwg-cop-2027-geneva")
    for label, texts in (("name", details.names), ("place", details.place)):
        for lang, text in texts.items():
            if lang not in LANGUAGES:
                found.append(f"'{lang}' is not one of the languages {', '.join(LANGUAGES)}")
            elif not isinstance(text, str) or not text.strip() or len(text) > TEXT_MAX:
                found.append(f"the {label} in '{lang}' must be 1 to {TEXT_MAX} characters")
    if not details.names:
        found.append("give the meeting's name in at least one language")
    if details.symbol is not None and not 0 < len(details.symbol) <= SYMBOL_MAX:
        found.append(f"the document symbol must be 1 to {SYMBOL_MAX} characters")
    if details.ends_on and not details.starts_on:
        found.append("give the first day as well as the last")
    if details.starts_on and details.ends_on and details.ends_on < details.starts_on:
        found.append("the last day must not come before the first")
    if require_place and not details.place and not details.online:
        found.append("give the place, or say the meeting is online (or both)")
    return found


def _check(details: MeetingDetails, require_place: bool = True) -> MeetingDetails:
    details.key = (details.key or "").strip()
    details.names = {lang: text.strip() for lang, text in details.names.items() if text}
    details.place = {lang: text.strip() for lang, text in details.place.items() if text}
    details.symbol = (details.symbol or "").strip() or None
    wrong = problems(details, require_place=require_place)
    if wrong:
        raise MeetingError("; ".join(wrong))
    return details


def by_key(session: Session, key: str) -> Meeting | None:
    return session.scalar(select(Meeting).where(Meeting.key == key))


def list_meetings(session: Session) -> list[Meeting]:
    """Newest first; meetings without dates (not yet fixed) first of all."""
    return list(session.scalars(select(Meeting).order_by(
        Meeting.starts_on.desc().nulls_first(), Meeting.key)))


def consultations_of(session: Session, meeting_id: int) -> list[Consultation]:
    """The consultations before a meeting (and, with live_mode, during it), oldest first."""
    return list(session.scalars(select(Consultation).where(Consultation.meeting_id == meeting_id)
                                .order_by(Consultation.opens_at, Consultation.id)))


def create_meeting(session: Session, details: MeetingDetails, *, actor_id: int | None = None,
                   actor_label: str | None = None, require_place: bool = True) -> Meeting:
    details = _check(details, require_place)
    if by_key(session, details.key) is not None:
        raise MeetingKeyTakenError(f"a meeting with key {details.key} exists")
    meeting = Meeting(**vars(details))
    session.add(meeting)
    session.flush()
    record(session, "meeting_create", actor_id=actor_id, actor_label=actor_label,
           object_type="meeting", object_id=meeting.id, detail={"key": meeting.key})
    return meeting


def update_meeting(session: Session, meeting: Meeting, details: MeetingDetails, *,
                   actor_id: int | None = None, actor_label: str | None = None) -> Meeting:
    details = _check(details)
    other = by_key(session, details.key)
    if other is not None and other.id != meeting.id:
        raise MeetingKeyTakenError(f"a meeting with key {details.key} exists")
    before = MeetingDetails.of(meeting)
    changed = sorted(f.name for f in fields(MeetingDetails)
                     if getattr(before, f.name) != getattr(details, f.name))
    if not changed:
        return meeting
    for name in changed:
        setattr(meeting, name, getattr(details, name))
    session.flush()
    _renew_consultations(session, meeting.id)
    record(session, "meeting_update", actor_id=actor_id, actor_label=actor_label,
           object_type="meeting", object_id=meeting.id, detail={"changed": changed})
    return meeting


def _renew_consultations(session: Session, meeting_id: int) -> None:
    """The participant pages' cached consultations carry the meeting's name: a
    new revision tells every worker to read them again (consultations/cache.py)."""
    table = Consultation.__table__
    ids = session.scalars(select(Consultation.id).where(Consultation.meeting_id == meeting_id))
    for consultation_id in list(ids):
        session.execute(update(table).where(table.c.id == consultation_id)
                        .values(revision=new_revision()))
        loaded = session.identity_map.get(
            session.identity_key(Consultation, consultation_id))  # type: ignore[arg-type]
        if loaded is not None:
            session.expire(loaded)


def for_definition(session: Session, spec: dict[str, Any]) -> Meeting:
    """The meeting a consultation definition names (consultations/definition.py):

    - {"key": k}: the existing meeting k;
    - {"key": k, "names": ..., ...}: meeting k, created if new; if it exists,
      every detail the file gives must match it (a definition never edits a
      meeting other consultations share);
    - {"names": ...} alone, the free-text form from before meetings were rows:
      the meeting with exactly those names, or a new one with a key made from them.
    Raises MeetingError with a message that says how to fix the file."""
    if "key" not in spec:
        return _from_names(session, spec["names"])
    meeting = by_key(session, spec["key"])
    given = {name: value for name, value in spec.items() if name != "key"}
    if meeting is None:
        if not given:
            raise MeetingNotFoundError(
                f"there is no meeting with key '{spec['key']}'; create it first (consult "
                "meetings create) or give the meeting in full: key, name, starts_on, "
                "ends_on, place or online")
        return create_meeting(session, MeetingDetails(**{"names": {}, **spec}),
                              actor_label="definition import", require_place=False)
    current = MeetingDetails.of(meeting)
    differ = sorted(name for name, value in given.items() if getattr(current, name) != value)
    if differ:
        raise MeetingError(
            f"meeting '{meeting.key}' exists with another {', '.join(differ)}; name it by "
            "its key alone to use it as it is, or change the meeting in the browser or "
            "with consult meetings edit")
    return meeting


def _from_names(session: Session, names: dict[str, str]) -> Meeting:
    for meeting in session.scalars(select(Meeting)):
        if meeting.names == names:
            return meeting
    meeting = Meeting(key=free_key(session, names), names=dict(names), place={}, online=False)
    session.add(meeting)
    session.flush()
    record(session, "meeting_create", actor_label="definition import", object_type="meeting",
           object_id=meeting.id, detail={"key": meeting.key, "from": "name"})
    return meeting


def free_key(session: Session, names: dict[str, str]) -> str:
    """A key not yet taken, made from the meeting's name (English first)."""
    base = slugify(names.get("en") or next(iter(names.values()), "")) or "meeting"
    taken = set(session.scalars(select(Meeting.key).where(Meeting.key.like(f"{base}%"))))
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base[:55]}-{n}"
    return key


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:50].strip("-")

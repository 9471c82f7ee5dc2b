"""Group codes: issued to a school or youth organisation that has collected
guardian consent offline, so children under the independent-participation age
can take part (docs/architecture.md: groups)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from consult.consultations.cache import ConsultationSnapshot
from consult.consultations.models import Consultation, as_utc
from consult.groups.models import Group
from consult.privacy import codes
from consult.privacy.disclosure import Table

AnyConsultation = Consultation | ConsultationSnapshot

# What a code's state reads as on the chair's list, the most final first.
ACTIVE, EXPIRED, REVOKED, USED_UP = "active", "expired", "revoked", "used_up"


class GroupNotFoundError(LookupError):
    pass


def create_group(session: Session, consultation: Consultation, label: str, attested_by: str,
                 secret: str, *, language: str | None = None,
                 expires_at: datetime | None = None,
                 max_uses: int | None = None) -> tuple[Group, str]:
    """A new group and its code, grouped for reading; the code exists only in
    what this returns (docs/privacy.md#rule-3)."""
    if max_uses is not None and max_uses < 1:
        raise ValueError("max_uses must be at least 1")
    if language is not None and language not in consultation.languages:
        raise ValueError(f"{language} is not a language of {consultation.slug}")
    code = codes.new_code(codes.GROUP_CODE_DIGITS)
    group = Group(consultation_id=consultation.id, label=label.strip(),
                  attested_by=attested_by.strip(),
                  code_hash=codes.code_hash(secret, code, purpose="group"),
                  created_at=datetime.now(UTC), language=language,
                  expires_at=as_utc(expires_at).astimezone(UTC) if expires_at else None,
                  max_uses=max_uses, uses=0)
    session.add(group)
    session.flush()
    return group, codes.group(code)


def code_matches(group: Group, secret: str, code: str) -> bool:
    """Whether `code` is this group's (for the invitation sheet made with it)."""
    return group.code_hash == codes.code_hash(secret, code, purpose="group")


def revoke_group(session: Session, secret: str, code: str) -> Group:
    group = session.scalar(select(Group).where(
        Group.code_hash == codes.code_hash(secret, code, purpose="group")))
    if group is None:
        raise GroupNotFoundError(code)
    return _revoke(group)


def revoke_group_by_id(session: Session, consultation: Consultation, group_id: int) -> Group:
    group = session.get(Group, group_id)
    if group is None or group.consultation_id != consultation.id:
        raise GroupNotFoundError(group_id)
    return _revoke(group)


def _revoke(group: Group) -> Group:
    if group.revoked_at is None:
        group.revoked_at = datetime.now(UTC)
    return group


def groups_of(session: Session, consultation: Consultation) -> list[Group]:
    return list(session.scalars(select(Group).where(Group.consultation_id == consultation.id)
                                .order_by(Group.created_at.desc(), Group.id.desc())))


def state(group: Group, now: datetime) -> str:
    if group.revoked_at is not None:
        return REVOKED
    if group.expires_at is not None and as_utc(group.expires_at) <= now:
        return EXPIRED
    if group.max_uses is not None and group.uses >= group.max_uses:
        return USED_UP
    return ACTIVE


def last_day(group: Group) -> date | None:
    """The last day (UTC) a code with an expiry works: its expires_at is the first
    instant it no longer does."""
    if group.expires_at is None:
        return None
    return (as_utc(group.expires_at) - timedelta(seconds=1)).date()


def find_active_group(session: Session, consultation: AnyConsultation, secret: str,
                      code: str) -> Group | None:
    # Codes issued before group codes were lengthened keep working.
    if len(codes.normalise(code)) not in (codes.GROUP_CODE_DIGITS,
                                          codes.SHORT_GROUP_CODE_DIGITS):
        return None
    group = session.scalar(select(Group).where(
        Group.code_hash == codes.code_hash(secret, code, purpose="group")))
    if group is None or group.consultation_id != consultation.id or group.revoked_at:
        return None
    return group


@dataclass
class Admission:
    """What typing a group code gave: the group it admits to, or why not
    (None: no such code here; EXPIRED or USED_UP: the right code, no longer usable)."""

    group: Group | None
    refused: str | None = None


def use_code(session: Session, consultation: AnyConsultation, secret: str, code: str,
             now: datetime, *, admitted_to: int | None = None) -> Admission:
    """Admit a journey through a group code, counting one use.

    The count, the limit and the expiry are checked in one conditional UPDATE:
    the database takes it row lock by row lock, so two children sending the
    code at the same instant cannot both take the group's last use (SQLite
    writes one at a time; PostgreSQL re-reads the row a concurrent UPDATE
    changed before it applies this one's WHERE). A journey already admitted
    through this group (`admitted_to`) is not counted twice."""
    group = find_active_group(session, consultation, secret, code)
    if group is None:
        return Admission(None)
    if admitted_to == group.id:
        return Admission(group)
    taken = session.execute(
        update(Group)
        .where(Group.id == group.id, Group.revoked_at.is_(None),
               or_(Group.expires_at.is_(None), Group.expires_at > now),
               or_(Group.max_uses.is_(None), Group.uses < Group.max_uses))
        .values(uses=Group.uses + 1)
        .execution_options(synchronize_session=False))
    session.refresh(group)
    if taken.rowcount == 1:  # type: ignore[attr-defined]
        return Admission(group)
    reason = state(group, now)
    return Admission(None, reason if reason in (EXPIRED, USED_UP) else None)


def group_admits(session: Session, consultation: AnyConsultation, group_id: int) -> bool:
    """Whether the group a journey was admitted through still admits to it.

    Only a revocation ends a journey already admitted: expiry and the limit on
    uses stop new admissions, and a child let in before either finishes."""
    group = session.get(Group, group_id)
    return (group is not None and group.consultation_id == consultation.id
            and group.revoked_at is None)


def refusal_message(refused: str) -> str:
    """What a child reads when the right code can no longer be used."""
    if refused == EXPIRED:
        return _("This group code has expired. Ask the person who gave it to you for a "
                 "new one.")
    return _("This group code has been used as many times as it may be. Ask the person "
             "who gave it to you.")


def use_counts(groups: list[Group], k: int) -> dict[int, int | None]:
    """Each group's uses as a chair may see them: None where disclosure control
    hides a count of 1 to k-1 (docs/privacy.md#rule-5)."""
    table = Table(k)
    for group in groups:
        table.add(group.id, group.uses)
    return {int(key): value for key, value in table.protect().items()}  # type: ignore[call-overload]

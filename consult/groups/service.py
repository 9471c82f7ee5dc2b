"""Group codes: issued to a school or youth organisation that has collected
guardian consent offline, so children under the independent-participation age
can take part (DESIGN.md, Domain: Group)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.consultations.cache import ConsultationSnapshot
from consult.consultations.models import Consultation
from consult.groups.models import Group
from consult.privacy import codes

AnyConsultation = Consultation | ConsultationSnapshot


class GroupNotFoundError(LookupError):
    pass


def create_group(session: Session, consultation: Consultation, label: str, attested_by: str,
                 secret: str) -> tuple[Group, str]:
    code = codes.new_code(codes.GROUP_CODE_DIGITS)
    group = Group(consultation_id=consultation.id, label=label.strip(),
                  attested_by=attested_by.strip(),
                  code_hash=codes.code_hash(secret, code, purpose="group"),
                  created_at=datetime.now(UTC))
    session.add(group)
    session.flush()
    return group, codes.group(code)


def revoke_group(session: Session, secret: str, code: str) -> Group:
    group = session.scalar(select(Group).where(
        Group.code_hash == codes.code_hash(secret, code, purpose="group")))
    if group is None:
        raise GroupNotFoundError(code)
    if group.revoked_at is None:
        group.revoked_at = datetime.now(UTC)
    return group


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


def group_admits(session: Session, consultation: AnyConsultation, group_id: int) -> bool:
    """Whether the group a journey was admitted through still admits to it."""
    group = session.get(Group, group_id)
    return (group is not None and group.consultation_id == consultation.id
            and group.revoked_at is None)

"""Inviting a staff member by a one-time enrolment link (docs/privacy.md#rule-9).

Nobody types a password for someone else: the admin names the email and the
roles, and hands the link over by their own channel; the invitee opens it, sets
their own password, then sets up their authenticator app on the usual
enrolment page. The link's token is 256 random bits; only its SHA-256 is
stored, so the database does not hold a working link.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from consult.audit.service import record
from consult.auth.models import ROLES, StaffInvitation, StaffUser
from consult.auth.service import UserExistsError, check_password, create_user, find_user
from consult.consultations.models import as_utc

INVITATION_DAYS = 7


class InvitationUnusableError(Exception):
    """No such link, or it was used, revoked or has expired: all answered alike."""


@dataclass(frozen=True)
class Invited:
    invitation: StaffInvitation
    token: str  # shown once, in the link; never stored


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(session: Session, email: str, roles: list[str], *, actor_id: int | None,
           now: datetime, actor_label: str | None = None,
           days: int = INVITATION_DAYS) -> Invited:
    email = email.strip().lower()
    roles = [r for r in ROLES if r in roles]
    if not roles:
        raise ValueError("choose at least one role")
    if find_user(session, email):
        raise UserExistsError(email)
    token = secrets.token_urlsafe(32)
    invitation = StaffInvitation(token_hash=token_hash(token), email=email, roles=roles,
                                 invited_by_id=actor_id, created_at=now,
                                 expires_at=now + timedelta(days=days), state="pending")
    session.add(invitation)
    session.flush()
    record(session, "staff_invited", actor_id=actor_id, actor_label=actor_label,
           object_type="staff_invitation", object_id=invitation.id,
           detail={"email": email, "roles": roles})
    return Invited(invitation, token)


def find_usable(session: Session, token: str, now: datetime) -> StaffInvitation:
    invitation = session.scalar(select(StaffInvitation).where(
        StaffInvitation.token_hash == token_hash(token)))
    if (invitation is None or invitation.state != "pending"
            or as_utc(invitation.expires_at) <= now):
        raise InvitationUnusableError
    return invitation


def accept(session: Session, token: str, password: str, now: datetime) -> StaffUser:
    """Make the invitee's account with their own password; its second factor is
    set up next. The link is spent by one conditional UPDATE, so of two uses at
    once (a double click, a link forwarded) one makes the account and the other
    is refused. The password is checked first, so a weak one does not spend it."""
    invitation = find_usable(session, token, now)
    check_password(password, invitation.email)
    spent = session.execute(
        update(StaffInvitation)
        .where(StaffInvitation.id == invitation.id, StaffInvitation.state == "pending",
               StaffInvitation.expires_at > now)
        .values(state="used")
        .execution_options(synchronize_session=False))
    if spent.rowcount != 1:  # type: ignore[attr-defined]
        raise InvitationUnusableError
    user = create_user(session, invitation.email, password, list(invitation.roles))
    session.execute(update(StaffInvitation).where(StaffInvitation.id == invitation.id)
                    .values(user_id=user.id).execution_options(synchronize_session=False))
    record(session, "staff_invitation_accepted", actor_id=user.id,
           object_type="staff_invitation", object_id=invitation.id)
    return user


def revoke(session: Session, invitation_id: int, actor_id: int) -> bool:
    done = session.execute(
        update(StaffInvitation)
        .where(StaffInvitation.id == invitation_id, StaffInvitation.state == "pending")
        .values(state="revoked").execution_options(synchronize_session=False))
    if done.rowcount != 1:  # type: ignore[attr-defined]
        return False
    record(session, "staff_invitation_revoked", actor_id=actor_id,
           object_type="staff_invitation", object_id=invitation_id)
    return True


def pending(session: Session) -> list[StaffInvitation]:
    """Invitations still waiting, newest first (expired ones are shown as such)."""
    return list(session.scalars(select(StaffInvitation)
                                .where(StaffInvitation.state == "pending")
                                .order_by(StaffInvitation.id.desc())))


def is_expired(invitation: StaffInvitation, now: datetime) -> bool:
    return as_utc(invitation.expires_at) <= now


"""Staff accounts and signing in: argon2id, TOTP, lockout (rule 9)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.audit.service import record
from consult.auth.models import ROLES, StaffUser
from consult.consultations.models import as_utc

_hasher = PasswordHasher()  # argon2id with the library's current parameters
ISSUER = "consult"
MIN_PASSWORD = 12


class UserExistsError(Exception):
    pass


class WeakPasswordError(ValueError):
    pass


@dataclass
class SignIn:
    """The outcome of checking an email and password (and code, once enrolled)."""

    user: StaffUser | None
    status: str  # ok | enrol | bad | locked | code


def create_user(session: Session, email: str, password: str, roles: list[str]) -> StaffUser:
    email = email.strip().lower()
    if not roles or any(r not in ROLES for r in roles):
        raise ValueError(f"roles must be among {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise WeakPasswordError(f"the password must have at least {MIN_PASSWORD} characters")
    if session.scalar(select(StaffUser).where(func.lower(StaffUser.email) == email)):
        raise UserExistsError(email)
    user = StaffUser(email=email, password_hash=_hasher.hash(password),
                     totp_secret=pyotp.random_base32(), roles=list(roles),
                     created_at=datetime.now(timezone.utc))
    session.add(user)
    session.flush()
    return user


def provisioning_uri(user: StaffUser) -> str:
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def load_user(session: Session, user_id: str) -> StaffUser | None:
    try:
        user = session.get(StaffUser, int(user_id))
    except ValueError:
        return None
    return user if user is not None and user.active else None


def _locked(user: StaffUser, now: datetime) -> bool:
    return user.locked_until is not None and as_utc(user.locked_until) > now


def _fail(session: Session, user: StaffUser | None, email: str, now: datetime,
          attempts: int, minutes: int) -> None:
    record(session, "sign_in_failed", actor_id=user.id if user else None, actor_label=email)
    if user is None:
        return
    user.failed_attempts += 1
    if user.failed_attempts >= attempts:
        user.locked_until = now + timedelta(minutes=minutes)
        user.failed_attempts = 0
        record(session, "account_locked", actor_id=user.id, object_type="staff_user",
               object_id=user.id)


def verify_code(user: StaffUser, code: str, now: datetime) -> bool:
    """A TOTP code for this step or the one either side, never one already used."""
    totp = pyotp.TOTP(user.totp_secret)
    code = "".join(ch for ch in code if ch.isdigit())
    step = int(now.timestamp()) // totp.interval
    for candidate in (step - 1, step, step + 1):
        if candidate > user.totp_last_step and totp.at(candidate * totp.interval) == code:
            user.totp_last_step = candidate
            return True
    return False


def check_sign_in(session: Session, email: str, password: str, code: str, now: datetime, *,
                  attempts: int, minutes: int) -> SignIn:
    email = email.strip().lower()
    user = session.scalar(select(StaffUser).where(func.lower(StaffUser.email) == email))
    if user is not None and _locked(user, now):
        record(session, "sign_in_refused_locked", actor_id=user.id, actor_label=email)
        return SignIn(None, "locked")
    try:
        ok = user is not None and user.active and _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        _fail(session, user, email, now, attempts, minutes)
        return SignIn(None, "bad")
    assert user is not None
    if not user.totp_confirmed:
        return SignIn(user, "enrol")
    if not code.strip():
        return SignIn(user, "code")
    if not verify_code(user, code, now):
        _fail(session, user, email, now, attempts, minutes)
        return SignIn(None, "bad")
    succeed(session, user)
    return SignIn(user, "ok")


def succeed(session: Session, user: StaffUser) -> None:
    user.failed_attempts = 0
    user.locked_until = None
    record(session, "sign_in", actor_id=user.id)


def confirm_enrolment(session: Session, user: StaffUser, code: str, now: datetime) -> bool:
    if not verify_code(user, code, now):
        record(session, "sign_in_failed", actor_id=user.id, actor_label=user.email,
               detail={"step": "enrol"})
        return False
    user.totp_confirmed = True
    succeed(session, user)
    return True

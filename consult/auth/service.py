"""Staff accounts and signing in: argon2id, TOTP, throttling, session versions
(docs/privacy.md#rule-9)."""

from __future__ import annotations

import gzip
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import false, func, select, update
from sqlalchemy.orm import Session

from consult.audit.service import record
from consult.auth.models import ROLES, StaffUser
from consult.auth.throttle import SignInThrottle

_hasher = PasswordHasher()  # argon2id with the library's current parameters
ISSUER = "consult"
MIN_PASSWORD = 12


class UserExistsError(Exception):
    pass


class WeakPasswordError(ValueError):
    pass


class CommonPasswordError(WeakPasswordError):
    pass


class WrongPasswordError(Exception):
    """The current password given to change it was not right."""


class LastAdminError(Exception):
    """The change would leave no active admin with a second factor set up."""


@dataclass
class SignIn:
    """The outcome of a sign-in attempt: ok | enrol | bad | throttled."""

    user: StaffUser | None
    status: str


@dataclass(frozen=True)
class Attempt:
    email: str
    password: str
    code: str
    address: str  # only ever keyed into the throttle's hashes (docs/privacy.md#rule-1)
    device: str = ""  # the device cookie, if the browser sent one


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The most common passwords, shipped with the package (no download at run time)."""
    data = resources.files("consult.auth").joinpath("data/common-passwords.txt.gz").read_bytes()
    return frozenset(line.strip() for line in gzip.decompress(data).decode().splitlines()
                     if line.strip())


def check_password(password: str, email: str = "") -> None:
    """Raise WeakPasswordError unless `password` is long enough and not a common one."""
    if len(password) < MIN_PASSWORD:
        raise WeakPasswordError(f"the password must have at least {MIN_PASSWORD} characters")
    folded = password.strip().lower()
    if folded in common_passwords() or (email and folded == email.strip().lower()):
        raise CommonPasswordError("that password is too common to be safe")


def create_user(session: Session, email: str, password: str, roles: list[str]) -> StaffUser:
    email = email.strip().lower()
    if not roles or any(r not in ROLES for r in roles):
        raise ValueError(f"roles must be among {', '.join(ROLES)}")
    check_password(password, email)
    if find_user(session, email):
        raise UserExistsError(email)
    user = StaffUser(email=email, password_hash=_hasher.hash(password),
                     totp_secret=pyotp.random_base32(), roles=list(roles), session_version=1,
                     created_at=datetime.now(UTC))
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, email: str) -> StaffUser | None:
    return session.scalar(select(StaffUser).where(
        func.lower(StaffUser.email) == email.strip().lower()))


def provisioning_uri(user: StaffUser) -> str:
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def load_user(session: Session, token: str) -> StaffUser | None:
    """The user a session names ("<id>.<session version>"), if the account is
    active and its sessions have not been ended since."""
    user_id, _, version = token.partition(".")
    try:
        user = session.get(StaffUser, int(user_id))
        wanted = int(version)
    except ValueError:
        return None
    if user is None or not user.active or user.session_version != wanted:
        return None
    return user


def end_sessions(session: Session, user: StaffUser) -> None:
    """Every session of this user ends, wherever its cookie is (docs/privacy.md#rule-9)."""
    session.execute(update(StaffUser).where(StaffUser.id == user.id)
                    .values(session_version=StaffUser.session_version + 1)
                    .execution_options(synchronize_session=False))
    session.refresh(user, ["session_version"])


def sign_out(session: Session, user: StaffUser) -> None:
    end_sessions(session, user)
    record(session, "sign_out", actor_id=user.id)


# --- signing in ---------------------------------------------------------------

@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def _password_matches(user: StaffUser | None, password: str) -> bool:
    # An unknown email is checked against a dummy hash, so it takes as long as a
    # known one and the answer's timing does not tell which emails have accounts.
    try:
        return _hasher.verify(user.password_hash if user else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False


def device_token(user: StaffUser, secret: str) -> str:
    """What a browser that signed in to `user` carries (see consult.auth.throttle).
    It changes when the second factor is reset."""
    return hmac.new(secret.encode(), f"device|{user.id}|{user.totp_secret}".encode(),
                    hashlib.sha256).hexdigest()


def sign_in(session: Session, throttle: SignInThrottle, attempt: Attempt, now: datetime,
            secret: str) -> SignIn:
    """Check the password and the code together. Every failure answers alike
    ("bad"): a right password with a wrong or empty code is not told apart."""
    user = find_user(session, attempt.email)
    trusted = user is not None and hmac.compare_digest(attempt.device,
                                                       device_token(user, secret))
    label = attempt.email.strip().lower()[:254]
    if not throttle.allows(attempt.email, attempt.address, trusted):
        record(session, "sign_in_throttled", actor_id=user.id if user else None,
               actor_label=label)
        return SignIn(None, "throttled")
    password_ok = _password_matches(user, attempt.password)
    if user is not None and password_ok and user.active and not user.totp_confirmed:
        return SignIn(user, "enrol")  # no code yet: the next step sets one up
    code_ok = (user is not None and password_ok and user.active
               and verify_code(session, user, attempt.code, now))
    if not code_ok:
        throttle.failed(attempt.email, attempt.address, trusted)
        record(session, "sign_in_failed", actor_id=user.id if user else None, actor_label=label)
        return SignIn(None, "bad")
    if user is None:  # the checks above return for every unknown email
        raise RuntimeError("sign-in passed without an account")
    throttle.clear_account(attempt.email)
    user.last_sign_in_on = now.date()
    record(session, "sign_in", actor_id=user.id)
    return SignIn(user, "ok")


def verify_code(session: Session, user: StaffUser, code: str, now: datetime) -> bool:
    """A TOTP code for this step or the one either side, never one already used.

    The step is taken by one conditional UPDATE, so of several sign-ins sent at
    once with one code, one at most gets in (the others find the step taken)."""
    totp = pyotp.TOTP(user.totp_secret)
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != totp.digits:
        return False
    step = int(now.timestamp()) // totp.interval
    for candidate in (step - 1, step, step + 1):
        if hmac.compare_digest(totp.at(candidate * totp.interval), code):
            taken = session.execute(
                update(StaffUser)
                .where(StaffUser.id == user.id, StaffUser.totp_last_step < candidate)
                .values(totp_last_step=candidate)
                .execution_options(synchronize_session=False))
            session.refresh(user, ["totp_last_step"])
            return taken.rowcount == 1  # type: ignore[attr-defined]
    return False


def confirm_enrolment(session: Session, user: StaffUser, code: str, now: datetime) -> bool:
    if not verify_code(session, user, code, now):
        record(session, "sign_in_failed", actor_id=user.id, actor_label=user.email,
               detail={"step": "enrol"})
        return False
    user.totp_confirmed = True
    user.last_sign_in_on = now.date()
    record(session, "sign_in", actor_id=user.id)
    return True


# --- the account's own changes and an admin's -----------------------------------

def change_password(session: Session, user: StaffUser, current: str, new: str) -> None:
    """The user's own change: needs the current password; every other session ends."""
    if not _password_matches(user, current):
        record(session, "password_change_failed", actor_id=user.id)
        raise WrongPasswordError
    check_password(new, user.email)
    user.password_hash = _hasher.hash(new)
    end_sessions(session, user)
    record(session, "password_changed", actor_id=user.id, object_type="staff_user",
           object_id=user.id)


def _lock_staff(session: Session) -> list[tuple[int, list[str], bool, bool]]:
    """Every account's id, roles and state, read under a lock held until the
    transaction ends, so two changes that could each remove an admin run one
    after the other and the second sees the first (two admins demoting each
    other at once: one of them is refused). PostgreSQL locks the rows
    (SELECT ... FOR UPDATE reads their newest committed version once it has
    waited); SQLite takes its one write lock first, with an UPDATE that
    changes nothing, before reading."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(update(StaffUser).where(false()).values(active=StaffUser.active)
                        .execution_options(synchronize_session=False))
    rows = session.execute(select(StaffUser.id, StaffUser.roles, StaffUser.active,
                                  StaffUser.totp_confirmed)
                           .order_by(StaffUser.id).with_for_update())
    return [(id_, list(roles or []), bool(active), bool(confirmed))
            for id_, roles, active, confirmed in rows]


def _ensure_an_admin_remains(session: Session, user_id: int, *, roles: list[str] | None = None,
                             active: bool | None = None, confirmed: bool | None = None) -> None:
    """Raise LastAdminError unless, with account `user_id` changed as given, an
    active admin who can sign in (second factor set up) is left to run the service."""
    left = 0
    for id_, now_roles, now_active, now_confirmed in _lock_staff(session):
        if id_ == user_id:
            now_roles = roles if roles is not None else now_roles
            now_active = active if active is not None else now_active
            now_confirmed = confirmed if confirmed is not None else now_confirmed
        left += "admin" in now_roles and now_active and now_confirmed
    if left == 0:
        raise LastAdminError


def set_active(session: Session, user: StaffUser, active: bool, actor_id: int) -> None:
    if not active:
        _ensure_an_admin_remains(session, user.id, active=False)
    session.refresh(user)  # as it is now that the lock is held
    user.active = active
    if not active:
        end_sessions(session, user)
    record(session, "staff_activated" if active else "staff_deactivated", actor_id=actor_id,
           object_type="staff_user", object_id=user.id)


def set_roles(session: Session, user: StaffUser, roles: list[str], actor_id: int) -> None:
    """Give the account exactly `roles` (read again from the database on its
    next request, so they apply at once)."""
    roles = [r for r in ROLES if r in roles]
    if not roles:
        raise ValueError("an account needs at least one role")
    _ensure_an_admin_remains(session, user.id, roles=roles)
    session.refresh(user)
    old = list(user.roles)
    if old == roles:
        return
    user.roles = roles
    record(session, "staff_roles_changed", actor_id=actor_id, object_type="staff_user",
           object_id=user.id, detail={"from": old, "to": roles})


def reset_second_factor(session: Session, user: StaffUser, actor_id: int) -> None:
    """A new secret to enrol at the next sign-in (a lost phone); sessions end."""
    _ensure_an_admin_remains(session, user.id, confirmed=False)
    session.refresh(user)
    user.totp_secret = pyotp.random_base32()
    user.totp_confirmed = False
    user.totp_last_step = 0
    end_sessions(session, user)
    record(session, "second_factor_reset", actor_id=actor_id, object_type="staff_user",
           object_id=user.id)


def unlock(session: Session, throttle: SignInThrottle, user: StaffUser, actor_id: int) -> None:
    """An admin lets the account try again at once (its failed sign-ins are forgotten)."""
    throttle.clear_account(user.email)
    record(session, "account_unlocked", actor_id=actor_id, object_type="staff_user",
           object_id=user.id)

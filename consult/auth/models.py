"""Staff accounts: argon2id password, TOTP second factor, roles, session version."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from consult.db import Base

# An editor writes consultations (the authoring workspace) and sees nothing
# participants wrote: no queue, no case, no export.
ROLES = ("moderator", "safeguarding", "chair", "admin", "editor")


class StaffUser(Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    totp_secret: Mapped[str] = mapped_column(String(64))
    totp_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    # The last TOTP time step accepted, so a code cannot be replayed.
    totp_last_step: Mapped[int] = mapped_column(Integer, default=0)
    roles: Mapped[list[str]] = mapped_column(JSON)
    # Every staff session carries the version it was opened under and ends once
    # the version moves on: at sign-out, deactivation, a password change or a
    # second-factor reset (docs/privacy.md#rule-9). A cookie copied before then no longer works.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The day only: the admins' list says whether an account is still in use;
    # the moment of each sign-in is in the audit log, for those who may read it.
    last_sign_in_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    # Flask-Login's protocol.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        # Flask-Login keeps this in the session and hands it back to the user
        # loader, which refuses it once the account's version has moved on.
        return f"{self.id}.{self.session_version}"

    def has_role(self, *roles: str) -> bool:
        return any(r in self.roles for r in roles)


class StaffInvitation(Base):
    """A one-time enrolment link an admin made for a new staff member: the invitee
    sets their own password and second factor, so nobody else ever knows them.

    Only a SHA-256 of the link's token is kept (the token is 256 random bits, so a
    plain hash cannot be reversed by guessing); the link works once, until it
    expires or an admin revokes it."""

    __tablename__ = "staff_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    roles: Mapped[list[str]] = mapped_column(JSON)
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # pending | used | revoked; moved on by one conditional UPDATE, so of two
    # uses at once only one makes an account.
    state: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL"), nullable=True)

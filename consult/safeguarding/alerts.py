"""Telling every safeguarding lead at once that a case opened (docs/privacy.md#rule-8).

Why an outbox: the case opens inside the child's request, in the transaction
that stores their answers. Sending email there would make the child wait on a
mail server, and a mail server that is down would fail their send. So opening a
case writes one `Alert` row per active safeguarding lead in that same
transaction (an alert exists exactly when its case does: it can be neither
lost by a crash after the commit nor sent for a case that rolled back), and
the mail goes out after the commit, from a background thread
(consult.safeguarding.sender). A failure is recorded on the row and retried:
by the next case's sender, by `consult alerts send` from cron, and from the
dashboard, which shows every alert not yet sent, so none is lost silently.

The message carries no participant text, no consultation and no category of
harm: only that a case opened, and a link to it behind the staff sign-in.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from consult.auth.models import StaffUser
from consult.safeguarding.models import Alert, Case

# A sender holds an alert this long while it talks to the mail server; one that
# died mid-way leaves the lease to expire and the alert is tried again.
LEASE = timedelta(minutes=5)
SMTP_TIMEOUT = 20
SESSION_FLAG = "safeguarding_alerts_queued"


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    user: str = ""
    password: str = ""
    sender: str = ""
    starttls: bool = True

    @classmethod
    def from_config(cls, config: dict[str, object]) -> SmtpSettings:
        user = str(config.get("SMTP_USER") or "")
        return cls(host=str(config.get("SMTP_HOST") or ""), port=int(config.get("SMTP_PORT")
                                                                    or 587),  # type: ignore[call-overload]
                   user=user, password=str(config.get("SMTP_PASSWORD") or ""),
                   sender=str(config.get("SMTP_FROM") or user),
                   starttls=bool(config.get("SMTP_STARTTLS", True)))


@dataclass(frozen=True)
class Outcome:
    sent: int
    failed: int


class NotConfiguredError(RuntimeError):
    pass


def leads(session: Session) -> list[StaffUser]:
    """Active staff with the safeguarding role (roles are a JSON list: filtered here)."""
    return [u for u in session.scalars(select(StaffUser).where(StaffUser.active.is_(True))
                                       .order_by(StaffUser.id)) if "safeguarding" in u.roles]


def queue(session: Session, case: Case, today: date) -> int:
    """One alert per safeguarding lead for a case that has just opened; sent after
    the commit (the session is marked so its after-commit hook wakes the sender)."""
    recipients = leads(session)
    for lead in recipients:
        session.add(Alert(case_id=case.id, recipient_id=lead.id, state="pending",
                          queued_on=today, attempts=0))
    if recipients:
        session.flush()
        session.info[SESSION_FLAG] = True
    return len(recipients)


def message(settings: SmtpSettings, to: str, link: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = settings.sender
    mail["To"] = to
    mail["Subject"] = "consult: a safeguarding case needs you"
    # English only: staff accounts carry no language. Nothing from the submission
    # is in it (docs/privacy.md#rule-8): the lead reads the case after signing in.
    mail.set_content(
        "A safeguarding case was opened on consult.\n\n"
        f"Open it after signing in:\n{link}\n\n"
        "This email says nothing about the case on purpose. Please do not forward it.\n")
    return mail


def deliver(settings: SmtpSettings, mails: list[EmailMessage]) -> list[bool]:
    """Send over one connection; one result per message. Raises when no connection
    could be made (every message then failed)."""
    if not settings.host:
        raise NotConfiguredError("CONSULT_SMTP_HOST is not set")
    results = []
    with smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT) as smtp:
        if settings.starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.user:
            smtp.login(settings.user, settings.password)
        for mail in mails:
            try:
                smtp.send_message(mail)
                results.append(True)
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError,
                    smtplib.SMTPSenderRefused):
                results.append(False)
    return results


def _claim(session: Session, now: datetime) -> list[Alert]:
    """The pending alerts no other sender holds, each taken by a conditional UPDATE
    (so two senders woken at once never send the same alert twice)."""
    free = or_(Alert.claimed_until.is_(None), Alert.claimed_until < now)
    ids = list(session.scalars(select(Alert.id).where(Alert.state == "pending", free)
                               .order_by(Alert.id)))
    taken = []
    for alert_id in ids:
        done = session.execute(update(Alert).where(Alert.id == alert_id, Alert.state == "pending",
                                                   free)
                               .values(claimed_until=now + LEASE)
                               .execution_options(synchronize_session=False))
        if done.rowcount == 1:  # type: ignore[attr-defined]
            taken.append(alert_id)
    session.commit()  # the leases are seen by every other sender from here
    return list(session.scalars(select(Alert).where(Alert.id.in_(taken)).order_by(Alert.id)))


def send_pending(session: Session, settings: SmtpSettings, link_for: Callable[[int], str],
                 now: datetime) -> Outcome:
    """Send every pending alert. A job, like `consult purge`: it commits its own
    work (the leases first, then the outcome), so an email sent is recorded as
    sent even if a later one fails."""
    alerts = _claim(session, now)
    if not alerts:
        return Outcome(0, 0)
    emails = {id_: email for id_, email in session.execute(
        select(StaffUser.id, StaffUser.email)
        .where(StaffUser.id.in_({a.recipient_id for a in alerts})))}
    mails = [message(settings, emails[a.recipient_id], link_for(a.case_id)) for a in alerts]
    try:
        results = deliver(settings, mails)
        errors = [None if ok else "refused" for ok in results]
    except (OSError, smtplib.SMTPException, NotConfiguredError) as error:
        kind = "not configured" if isinstance(error, NotConfiguredError) else type(error).__name__
        errors = [kind] * len(alerts)
    for alert, error in zip(alerts, errors, strict=True):
        alert.attempts += 1
        alert.claimed_until = None
        if error is None:
            alert.state, alert.sent_on, alert.last_error = "sent", now.date(), None
        else:
            alert.last_error = error[:80]
    session.commit()
    failed = sum(e is not None for e in errors)
    return Outcome(len(alerts) - failed, failed)


@dataclass(frozen=True)
class Unsent:
    case_id: int
    queued_on: date
    attempts: int
    last_error: str | None


def unsent(session: Session) -> list[Unsent]:
    """Alerts not sent yet, one line per case (oldest first), for the dashboard."""
    rows = session.execute(
        select(Alert.case_id, func.min(Alert.queued_on), func.max(Alert.attempts),
               func.max(Alert.last_error))
        .where(Alert.state == "pending").group_by(Alert.case_id).order_by(Alert.case_id))
    return [Unsent(case_id, queued, attempts, error) for case_id, queued, attempts, error in rows]

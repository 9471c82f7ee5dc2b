"""When a safeguarding case opens every safeguarding lead is emailed at once, with
no participant text (docs/privacy.md#rule-8); a mail server that is down neither
slows nor breaks the child's send, and an alert not sent is shown and retried."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.auth.service import find_user
from consult.participate.models import Submission
from consult.safeguarding.alerts import SmtpSettings, send_pending
from consult.safeguarding.models import Alert, Case
from consult.safeguarding.sender import CASE_PATH
from consult.safeguarding.service import open_case
from tests.factories import sign_in, take_part
from tests.test_safeguarding import escalated_case  # noqa: F401  (a fixture)

DISCLOSURE = "A man in a game keeps asking me for photos and says not to tell my mum"
LONG_TEXT = 5
BASE = "https://consult.example.org"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server in this process (aiosmtpd), on a free loopback port."""
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def _mail_settings(app: Any, port: int) -> None:
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_STARTTLS=False,
                      SMTP_FROM="consult@example.org", BASE_URL=BASE)


def _wait_for_sender(app: Any) -> None:
    sender = app.extensions["consult.alert_sender"]
    assert sender.last is not None, "nothing woke the sender"
    sender.last.result(timeout=30)


def _leads(make_staff: Any, session: Any) -> list[Any]:
    first = make_staff("safeguarding", email="lead1@example.org")
    second = make_staff("safeguarding", "chair", email="lead2@example.org")
    make_staff("safeguarding", email="gone@example.org").active = False
    make_staff("moderator", email="mod@example.org")
    session.commit()
    return [first, second]


def test_every_lead_is_emailed_at_once_with_only_a_link(app, client, session, consultation,
                                                        make_staff, smtp):
    inbox, port = smtp
    _mail_settings(app, port)
    _leads(make_staff, session)
    take_part(client, consultation.slug, answers={LONG_TEXT: DISCLOSURE})
    _wait_for_sender(app)
    case = session.scalars(select(Case)).one()
    assert sorted(to for rcpt, _ in inbox.messages for to in rcpt) == ["lead1@example.org",
                                                                       "lead2@example.org"]
    for _rcpt, mail in inbox.messages:
        body = mail.get_payload(decode=True).decode()
        assert f"{BASE}/safeguarding/case/{case.id}" in body
        whole = mail.as_string()
        # No participant text, no consultation, no kind of harm, no band or region.
        for leak in ("photos", "game", "mum", consultation.slug, "Staying safe", "13-15",
                     "EUR", "grooming", "abuse"):
            assert leak not in whole, leak
    session.expire_all()
    alerts = session.scalars(select(Alert)).all()
    assert {a.state for a in alerts} == {"sent"} and all(a.claimed_until is None for a in alerts)


def test_the_link_is_the_case_page(app):
    with app.test_request_context():
        assert url_for("safeguarding.case", case_id=7) == CASE_PATH.format(id=7)


def test_a_mail_server_that_is_down_neither_slows_nor_breaks_the_send(app, client, session,
                                                                      consultation, make_staff,
                                                                      smtp):
    inbox, port = smtp
    _mail_settings(app, _free_port())  # nothing listens there
    _leads(make_staff, session)
    started = time.monotonic()
    r = take_part(client, consultation.slug, answers={LONG_TEXT: DISCLOSURE})
    assert r.status_code == 200 and time.monotonic() - started < 10
    _wait_for_sender(app)
    session.expire_all()
    alerts = session.scalars(select(Alert)).all()
    assert len(alerts) == 2 and {a.state for a in alerts} == {"pending"}
    assert all(a.attempts == 1 and a.last_error for a in alerts)

    # The dashboard says so, to the leads (with the case) and to admins (a count).
    lead = app.test_client()
    sign_in(lead, find_user(session, "lead1@example.org"))
    page = lead.get("/staff/").get_data(as_text=True)
    assert "has not been sent yet" in page and "/safeguarding/case/" in page
    admin = app.test_client()
    sign_in(admin, make_staff("admin", email="admin@example.org"))
    page = admin.get("/staff/").get_data(as_text=True)
    assert "has not been sent yet" in page and "/safeguarding/case/" not in page
    moderator = app.test_client()
    sign_in(moderator, find_user(session, "mod@example.org"))
    page = moderator.get("/staff/").get_data(as_text=True)
    assert "1 case is open" in page and "not been sent" not in page
    assert "/safeguarding/case/" not in page

    # Once the server is back, `consult alerts send` (cron) delivers them.
    app.config["SMTP_PORT"] = port
    result = app.test_cli_runner().invoke(args=["alerts", "send"])
    assert result.exit_code == 0, result.output
    assert "sent 2, failed 0" in result.output
    assert len(inbox.messages) == 2
    assert "not been sent" not in lead.get("/staff/").get_data(as_text=True)


def test_no_alert_is_sent_twice_by_two_senders_at_once(app, session, consultation, make_staff,
                                                        smtp, escalated_case_factory):
    inbox, port = smtp
    _mail_settings(app, port)
    _leads(make_staff, session)
    escalated_case_factory()
    settings = SmtpSettings.from_config(app.config)
    barrier = threading.Barrier(3)
    sent: list[int] = []

    def run() -> None:
        with Session(bind=app.extensions["consult.engine"], expire_on_commit=False) as s:
            barrier.wait()
            sent.append(send_pending(s, settings, lambda i: f"{BASE}/c/{i}",
                                     datetime.now(UTC)).sent)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(sent) == 2
    assert len(inbox.messages) == 2


def test_a_rolled_back_case_sends_nothing_and_a_reopened_one_alerts_again(
        app, session, make_staff, smtp, escalated_case_factory):
    inbox, port = smtp
    _mail_settings(app, port)
    _leads(make_staff, session)
    case = escalated_case_factory()
    assert len(session.scalars(select(Alert).where(Alert.case_id == case.id)).all()) == 2
    case.status = "closed"
    session.commit()
    submission = session.get(Submission, case.submission_id)
    open_case(session, submission, "moderator: again")
    open_case(session, submission, "moderator: still open")  # no third alert per lead
    session.commit()
    assert len(session.scalars(select(Alert).where(Alert.case_id == case.id)).all()) == 4
    open_case(session, submission, "moderator: x")
    session.rollback()
    assert len(session.scalars(select(Alert)).all()) == 4
    assert inbox.messages == []  # the test's own session has no sender: nothing went out


@pytest.fixture
def escalated_case_factory(escalated_case):  # type: ignore[no-untyped-def]  # noqa: F811
    """A case opened straight from the service, as a moderator's escalation does."""
    return lambda: escalated_case(DISCLOSURE)

"""Sends safeguarding alerts after the commit that queued them, off the request.

A session that queued alerts (consult.safeguarding.alerts.queue) is marked;
when it commits, this wakes one background thread per process, which sends
every pending alert with a session of its own. The request that opened the case
(a child's send) returns at once whatever the mail server does. A rolled-back
session's mark is dropped: its alerts never existed.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime

from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import Session

from consult.safeguarding.alerts import SESSION_FLAG, Outcome, SmtpSettings, send_pending

log = logging.getLogger(__name__)
CASE_PATH = "/safeguarding/case/{id}"  # the safeguarding.case route


class AlertSender:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="consult-alerts")
        self.root = ""  # the site's address, when CONSULT_BASE_URL does not give it
        self.last: Future[Outcome] | None = None

    def link_for(self, case_id: int) -> str:
        base = self.app.config.get("BASE_URL") or self.root
        return f"{base}{CASE_PATH.format(id=case_id)}"

    def wake(self) -> Future[Outcome]:
        if has_request_context():
            self.root = request.url_root.rstrip("/")
        self.last = self.executor.submit(self.run)
        return self.last

    def run(self) -> Outcome:
        """Send what is pending; a failure is on the alerts' rows, and logged."""
        factory = self.app.extensions["consult.session"]
        with self.app.app_context():
            try:
                outcome = send_pending(factory(), SmtpSettings.from_config(self.app.config),
                                       self.link_for, datetime.now(UTC))
            except Exception:
                log.exception("safeguarding alerts: the sender failed; they stay pending")
                factory().rollback()
                raise
            finally:
                factory.remove()
        if outcome.failed:
            # No address, no case: the dashboard shows which alerts wait.
            log.warning("safeguarding alerts: %d not sent, will retry", outcome.failed)
        return outcome


def install(app: Flask) -> AlertSender:
    sender = AlertSender(app)
    app.extensions["consult.alert_sender"] = sender
    factory = app.extensions["consult.session"]

    @event.listens_for(factory, "after_commit")
    def _after_commit(session: Session) -> None:
        if session.info.pop(SESSION_FLAG, False):
            sender.wake()

    @event.listens_for(factory, "after_rollback")
    def _after_rollback(session: Session) -> None:
        session.info.pop(SESSION_FLAG, None)

    return sender

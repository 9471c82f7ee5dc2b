"""The staff dashboard warns when `consult purge` is not running, so raw free
text never outlives its retention unnoticed (docs/privacy.md#rule-6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from consult.audit.models import AuditEvent
from consult.consultations.models import Consultation
from consult.results import service as results
from consult.results.purge_watch import PURGE_RUN, purge_health
from tests.factories import sign_in
from tests.test_readiness import _closed

NOW = datetime.now(UTC)
WARNING = "The purge of raw answers is not running"


def _dashboard(client, make_staff) -> str:
    sign_in(client, make_staff("moderator"))
    return client.get("/staff/").get_data(as_text=True)


def test_no_warning_before_any_consultation_leaves_draft(app, client, session, consultation,
                                                         make_staff):
    session.get(Consultation, consultation.id).status = "draft"
    session.commit()
    assert WARNING not in _dashboard(client, make_staff)


def test_an_open_consultation_and_no_purge_ever_is_a_warning(app, client, consultation,
                                                             make_staff):
    html = _dashboard(client, make_staff)
    assert WARNING in html and "has never run on this server" in html


def test_each_run_is_recorded_and_silences_the_warning(app, client, session, consultation,
                                                       make_staff):
    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert session.scalars(select(AuditEvent).where(AuditEvent.action == PURGE_RUN)).one()
    app.test_cli_runner().invoke(args=["purge", "--dry-run"])  # a dry run proves nothing
    assert len(session.scalars(select(AuditEvent).where(
        AuditEvent.action == PURGE_RUN)).all()) == 1
    assert WARNING not in _dashboard(client, make_staff)


def test_a_last_run_two_days_ago_is_a_warning_with_its_date(app, client, session,
                                                             consultation, make_staff):
    two_days_ago = NOW - timedelta(days=2)
    session.add(AuditEvent(at=two_days_ago, actor_label="cli", action=PURGE_RUN))
    session.commit()
    html = _dashboard(client, make_staff)
    assert WARNING in html
    assert f"last ran on {two_days_ago.date().isoformat()}" in html


def test_raw_text_past_its_deletion_day_is_a_warning_even_after_a_recent_run(
        app, client, session, consultation, make_staff):
    c, _idea = _closed(session, consultation)
    chair = make_staff("chair")
    results.publish(session, c, chair.id, NOW - timedelta(days=c.retention_days + 2))
    session.add(AuditEvent(at=NOW - timedelta(hours=1), actor_label="cli", action=PURGE_RUN))
    session.commit()
    health = purge_health(session, NOW)
    assert not health.not_running and [p.slug for p in health.overdue] == [c.slug]
    sign_in(client, chair)
    html = client.get("/staff/").get_data(as_text=True)
    due = (NOW - timedelta(days=2)).date().isoformat()
    assert f"The raw free text of {c.slug} was due for deletion on {due}" in html
    app.test_cli_runner().invoke(args=["purge"])
    assert WARNING not in client.get("/staff/").get_data(as_text=True)

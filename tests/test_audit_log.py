"""The audit log (docs/privacy.md#rule-9): admins read and export it, every export is itself
audited, and nothing anywhere edits or deletes an event."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from consult.admin.service import neutralise
from consult.audit.models import AuditEvent
from consult.audit.service import record
from tests.factories import post_form, sign_in

PAYLOAD = "=cmd|' /C calc'!A0"


def _fail_sign_in(client, email: str) -> None:  # type: ignore[no-untyped-def]
    r = post_form(client, "/staff/login", {"email": email, "password": "not the password",
                                           "code": ""})
    assert r.status_code == 401


def _audit(client, **params: str):  # type: ignore[no-untyped-def]
    return client.get("/admin/audit", query_string=params)


def _csv(client, **params: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    r = client.get("/admin/audit.csv", query_string=params)
    assert r.status_code == 200
    return list(csv.reader(io.StringIO(r.get_data(as_text=True))))


@pytest.fixture
def admin(client, make_staff):  # type: ignore[no-untyped-def]
    user = make_staff("admin")
    sign_in(client, user)
    return user


def test_the_admin_sees_sign_ins_and_failed_sign_ins(client, make_staff):
    _fail_sign_in(client, "someone@example.org")
    user = make_staff("admin")
    sign_in(client, user)
    r = _audit(client)
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "sign_in_failed" in html
    assert "someone@example.org" in html
    assert "<td>sign_in</td>" in html
    assert user.email in html


def test_events_are_listed_newest_first(client, session, admin):
    record(session, "first_thing")
    record(session, "second_thing")
    session.commit()
    html = _audit(client).get_data(as_text=True)
    assert html.index("<td>second_thing</td>") < html.index("<td>first_thing</td>")


def test_the_log_pages_by_id_a_hundred_at_a_time(client, session, admin):
    for n in range(120):
        record(session, "bulk_event", object_type="thing", object_id=n)
    session.commit()
    first = _audit(client, action="bulk_event").get_data(as_text=True)
    assert first.count("<td>bulk_event</td>") == 100
    assert "thing 119<" in first and "thing 20<" in first and "thing 19<" not in first
    oldest_shown = session.scalars(select(AuditEvent.id).where(
        AuditEvent.object_id == "20")).one()
    assert f"before={oldest_shown}" in first
    second = _audit(client, action="bulk_event", before=str(oldest_shown)).get_data(as_text=True)
    assert second.count("<td>bulk_event</td>") == 20
    assert "thing 19<" in second and "thing 0<" in second
    assert "Older events" not in second


def test_the_action_filter_shows_only_that_action(client, admin):
    _fail_sign_in(client.application.test_client(), "typo@example.org")
    html = _audit(client, action="sign_in_failed").get_data(as_text=True)
    assert "typo@example.org" in html
    assert "<td>sign_in</td>" not in html
    assert '<option selected value="sign_in_failed">' in html or \
        'value="sign_in_failed" selected' in html


def test_the_actor_filter_matches_the_staff_email(client, session, make_staff, admin):
    other = make_staff("moderator", email="mod@example.org")
    record(session, "did_something", actor_id=other.id)
    session.commit()
    html = _audit(client, actor="MOD@example.org").get_data(as_text=True)
    assert "did_something" in html
    assert "<td>sign_in</td>" not in html  # the admin's own sign-in


def test_the_object_filters_narrow_to_one_object(client, session, admin):
    record(session, "case_note", object_type="case", object_id=7)
    record(session, "case_note", object_type="case", object_id=8)
    session.commit()
    html = _audit(client, object_type="case", object_id="7").get_data(as_text=True)
    assert "case 7" in html and "case 8" not in html


def test_the_date_filters_take_utc_days_inclusive(client, admin):
    today = datetime.now(UTC).date()
    yesterday, tomorrow = today - timedelta(days=1), today + timedelta(days=1)
    assert "<td>sign_in</td>" in _audit(
        client, date_from=today.isoformat(), date_to=today.isoformat()).get_data(as_text=True)
    assert "<td>sign_in</td>" not in _audit(
        client, date_from=tomorrow.isoformat()).get_data(as_text=True)
    assert "<td>sign_in</td>" not in _audit(
        client, date_to=yesterday.isoformat()).get_data(as_text=True)


@pytest.mark.parametrize("params", [
    {"date_from": "yesterday"}, {"date_to": "2025-13-45"}, {"date_from": "0"},
    {"date_from": "2025-03-02", "date_to": "2025-03-01"}, {"action": "no_such_action"},
    {"actor": "x" * 300}])
def test_a_bad_filter_gets_a_400_with_a_message_not_a_500(client, admin, params):
    for url in ("/admin/audit", "/admin/audit.csv"):
        r = client.get(url, query_string=params)
        assert r.status_code == 400, (url, params)
        html = r.get_data(as_text=True)
        assert 'class="field-error"' in html
        assert 'class="error-summary"' in html


def test_a_bad_date_says_how_to_write_it(client, admin):
    html = _audit(client, date_from="1 March").get_data(as_text=True)
    assert "YYYY-MM-DD" in html
    assert 'value="1 March"' in html  # what was typed is kept


def test_the_furthest_dates_do_not_break_the_page(client, admin):
    assert _audit(client, date_from="0001-01-01", date_to="9999-12-31").status_code == 200


def test_the_csv_has_the_header_row_and_is_an_attachment(client, admin):
    r = client.get("/admin/audit.csv")
    assert r.status_code == 200
    assert r.mimetype == "text/csv"
    assert r.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(r.get_data(as_text=True))))
    assert rows[0] == ["id", "at", "actor_email", "actor_label", "action", "object_type",
                       "object_id", "detail"]
    sign_in_row = next(row for row in rows[1:] if row[4] == "sign_in")
    assert sign_in_row[2] == admin.email
    assert datetime.fromisoformat(sign_in_row[1]).utcoffset() == timedelta(0)


def test_the_csv_neutralises_a_formula_typed_as_a_sign_in_email(client, make_staff):
    _fail_sign_in(client, PAYLOAD)
    sign_in(client, make_staff("admin"))
    rows = _csv(client, action="sign_in_failed")
    labels = [row[3] for row in rows[1:]]
    assert labels == ["'" + PAYLOAD.lower()]
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_start_is_neutralised(cell):
    assert neutralise(cell) == "'" + cell


def test_the_csv_uses_the_same_filters_and_keeps_detail_as_json(client, session, admin):
    record(session, "case_status", object_type="case", object_id=3,
           detail={"from": "open", "to": "referred"})
    session.commit()
    rows = _csv(client, action="case_status")
    assert len(rows) == 2
    assert rows[1][4:] == ["case_status", "case", "3", '{"from": "open", "to": "referred"}']


def test_downloading_the_csv_is_audited_before_the_first_byte(client, session, admin):
    r = client.get("/admin/audit.csv", query_string={"action": "sign_in"}, buffered=False)
    try:
        # Committed before streaming: visible while the response is still unread.
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "export_audit")).one()
        assert event.actor_id == admin.id
        assert event.detail == {"action": "sign_in"}
        assert b"sign_in" in b"".join(r.response)
    finally:
        r.close()


@pytest.mark.parametrize("role", ["moderator", "safeguarding", "chair"])
def test_as_any_role_but_admin_the_audit_log_is_403(client, make_staff, role):
    sign_in(client, make_staff(role))
    assert client.get("/admin/audit").status_code == 403
    assert client.get("/admin/audit.csv").status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    for url in ("/admin/audit", "/admin/audit.csv"):
        r = client.get(url)
        assert r.status_code == 302 and "/staff/login" in r.location


def test_no_route_updates_or_deletes_audit_events(app):
    writes = {"POST", "PUT", "PATCH", "DELETE"}
    # The one admin form that writes acts on staff accounts, never on the log.
    accounts = {"admin.staff_action", "admin.invite", "admin.revoke_invitation",
                "admin.set_roles"}
    offending = [
        (rule.rule, sorted(rule.methods & writes)) for rule in app.url_map.iter_rules()
        if rule.methods & writes and rule.endpoint not in accounts
        and (rule.rule.startswith("/admin") or "audit" in rule.rule or "audit" in rule.endpoint)]
    assert offending == []

"""Staff sign-in: argon2id, TOTP, idle expiry, sign out (rule 9). Throttling and
session versions: test_staff_sign_in.py and test_staff_sessions.py."""

from __future__ import annotations

import time

from sqlalchemy import select

from consult.audit.models import AuditEvent
from consult.auth.models import StaffUser
from tests.factories import PASSWORD, csrf_token, post_form, sign_in, totp_now


def test_password_is_stored_as_argon2id(make_staff):
    user = make_staff("moderator")
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash


def test_sign_in_with_password_and_code_reaches_the_dashboard(client, make_staff, consultation):
    user = make_staff("chair")
    r = sign_in(client, user)
    assert r.status_code == 302 and r.location.endswith("/staff/")
    page = client.get("/staff/").get_data(as_text=True)
    assert "Staying safe online" in page and "Pending" in page


def test_wrong_code_is_refused_and_audited(client, make_staff, session):
    user = make_staff("moderator")
    r = post_form(client, "/staff/login", {"email": user.email, "password": PASSWORD,
                                           "code": "000000"})
    assert r.status_code == 401
    assert client.get("/staff/").status_code == 302
    actions = [e.action for e in session.scalars(select(AuditEvent))]
    assert "sign_in_failed" in actions


def test_code_cannot_be_replayed(client, make_staff, app):
    user = make_staff("moderator")
    code = totp_now(user)
    assert post_form(client, "/staff/login", {"email": user.email, "password": PASSWORD,
                                              "code": code}).status_code == 302
    other = app.test_client()
    assert post_form(other, "/staff/login", {"email": user.email, "password": PASSWORD,
                                             "code": code}).status_code == 401


def test_first_sign_in_enrols_the_second_factor_with_a_qr(client, make_staff, session):
    user = make_staff("moderator", enrolled=False)
    r = post_form(client, "/staff/login", {"email": user.email, "password": PASSWORD,
                                           "code": ""})
    assert r.location.endswith("/staff/enrol")
    page = client.get("/staff/enrol").get_data(as_text=True)
    assert user.totp_secret in page
    qr = client.get("/staff/enrol/qr.svg")
    assert qr.mimetype == "image/svg+xml" and b"<svg" in qr.data and b"style=" not in qr.data
    r = client.post("/staff/enrol", data={"csrf_token": csrf_token(page),
                                          "code": totp_now(user)})
    assert r.location.endswith("/staff/")
    session.expire_all()
    assert session.get(StaffUser, user.id).totp_confirmed


def test_enrol_page_needs_a_password_first(client):
    assert client.get("/staff/enrol").location.endswith("/staff/login")
    assert client.get("/staff/enrol/qr.svg").status_code == 302


def test_idle_session_expires(client, make_staff, app):
    user = make_staff("chair")
    sign_in(client, user)
    with client.session_transaction() as s:
        s["seen_at"] = int(time.time()) - int(app.config["STAFF_IDLE"].total_seconds()) - 5
    r = client.get("/staff/")
    assert r.status_code == 302 and r.location.endswith("/staff/login")
    assert client.get("/staff/").status_code == 302


def test_sign_out_ends_the_session(client, make_staff):
    user = make_staff("chair")
    sign_in(client, user)
    page = client.get("/staff/").get_data(as_text=True)
    client.post("/staff/logout", data={"csrf_token": csrf_token(page)})
    assert client.get("/staff/").status_code == 302


def test_staff_fields_allow_paste_and_autocomplete(client):
    html = client.get("/staff/login").get_data(as_text=True)
    assert "onpaste" not in html and 'autocomplete="current-password"' in html
    assert 'autocomplete="one-time-code"' in html


def test_sign_in_is_audited(client, make_staff, session):
    user = make_staff("admin")
    sign_in(client, user)
    events = session.scalars(select(AuditEvent).where(AuditEvent.actor_id == user.id)).all()
    assert [e.action for e in events] == ["sign_in"]

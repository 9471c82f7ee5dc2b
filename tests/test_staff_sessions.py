"""A staff session ends for good (rule 9): sign-out, deactivation, a password
change and a second-factor reset each move the account's session version on, and
a cookie copied before then no longer signs anyone in, whatever headers it comes with."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from consult.auth import service
from consult.auth.models import StaffUser
from tests.factories import PASSWORD, csrf_token, post_form, sign_in, totp_now


def _cookie(app: Any, client: Any) -> str:
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    return f"{app.config['SESSION_COOKIE_NAME']}={cookie.value}"


def _with_copy(app: Any, copied: str, path: str = "/staff/", **headers: str) -> Any:
    """A different browser (no cookie jar of its own) sending the copied cookie."""
    return app.test_client(use_cookies=False).get(path, headers={"Cookie": copied, **headers})


def test_cookie_copied_before_sign_out_no_longer_works(app, client, make_staff):
    user = make_staff("chair")
    sign_in(client, user)
    copied = _cookie(app, client)
    assert _with_copy(app, copied).status_code == 200  # the copy works while signed in
    page = client.get("/staff/").get_data(as_text=True)
    client.post("/staff/logout", data={"csrf_token": csrf_token(page)})
    for headers in ({}, {"User-Agent": "the same browser", "X-Forwarded-For": "10.0.0.1"}):
        r = _with_copy(app, copied, **headers)
        assert r.status_code == 302 and "/staff/login" in r.location
    # Nor does it renew itself: the stale session is cleared, not re-signed.
    r = _with_copy(app, copied, "/")
    assert "Max-Age=0" in r.headers.get("Set-Cookie", "") or "Expires=Thu, 01 Jan 1970" \
        in r.headers.get("Set-Cookie", "")


def test_sign_out_moves_the_version_on(client, make_staff, session):
    user = make_staff("chair")
    before = user.session_version
    sign_in(client, user)
    page = client.get("/staff/").get_data(as_text=True)
    client.post("/staff/logout", data={"csrf_token": csrf_token(page)})
    session.expire_all()
    assert session.get(StaffUser, user.id).session_version == before + 1


def test_deactivation_and_second_factor_reset_end_every_session(app, client, make_staff,
                                                                  session):
    admin = make_staff("admin", email="admin@example.org")
    for action in ("deactivate", "reset_second_factor"):
        user = make_staff("moderator", email=f"{action}@example.org")
        theirs = app.test_client()
        sign_in(theirs, user)
        assert theirs.get("/staff/").status_code == 200
        sign_in(client, admin)
        page = client.get("/admin/staff").get_data(as_text=True)
        r = client.post(f"/admin/staff/{user.id}",
                        data={"csrf_token": csrf_token(page), "action": action})
        assert r.status_code == 302
        r = theirs.get("/staff/")
        assert r.status_code == 302 and "/staff/login" in r.location, action
    session.expire_all()
    users = {u.email: u for u in session.scalars(select(StaffUser))}
    assert users["deactivate@example.org"].active is False
    assert users["reset_second_factor@example.org"].totp_confirmed is False


def test_password_change_ends_other_sessions_but_not_this_one(app, client, make_staff):
    user = make_staff("moderator")
    other = app.test_client()
    sign_in(other, user)
    # A second sign-in needs a code of another time step (a code is used once).
    post_form(client, "/staff/login", {"email": user.email, "password": PASSWORD,
                                       "code": totp_now(user, offset_steps=1)})
    r = post_form(client, "/staff/account/password",
                  {"current": PASSWORD, "new": "a fresh and long passphrase",
                   "confirm": "a fresh and long passphrase"})
    assert r.status_code == 302
    assert client.get("/staff/").status_code == 200
    r = other.get("/staff/")
    assert r.status_code == 302 and "/staff/login" in r.location


def test_a_session_from_before_versions_is_refused(session, make_staff):
    user = make_staff("moderator")
    assert service.load_user(session, str(user.id)) is None  # the old "<id>" form
    assert service.load_user(session, f"{user.id}.{user.session_version}") is not None
    assert service.load_user(session, "x.1") is None

"""Signing in gives nothing away and cannot be used to shut the owner out (rule 9):
an unknown email costs a password hash like a known one, the password and the
code fail alike, failed tries are throttled per account and per address (never a
lock), a TOTP code lets in one sign-in at most however many are sent at once,
and common passwords are refused."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from argon2 import PasswordHasher
from werkzeug.serving import make_server

from consult.auth import service
from consult.auth.views import DEVICE_COOKIE
from tests.factories import PASSWORD, csrf_token, post_form, sign_in, totp_now

WRONG = "not the password at all"


def _try(client: Any, email: str, password: str, code: str = "", **kwargs: Any) -> Any:
    return post_form(client, "/staff/login", {"email": email, "password": password,
                                              "code": code}, **kwargs)


class CountingHasher(PasswordHasher):
    def __init__(self) -> None:
        super().__init__()
        self.verified: list[str] = []

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        self.verified.append(str(hash))
        return super().verify(hash, password)


def test_unknown_email_is_checked_against_a_hash_like_a_known_one(client, make_staff,
                                                                  monkeypatch):
    user = make_staff("moderator")
    hasher = CountingHasher()
    monkeypatch.setattr(service, "_hasher", hasher)
    service._dummy_hash.cache_clear()
    assert _try(client, "nobody@example.org", WRONG).status_code == 401
    assert _try(client, user.email, WRONG).status_code == 401
    assert len(hasher.verified) == 2
    unknown, known = hasher.verified
    assert unknown.startswith("$argon2id$") and unknown != user.password_hash
    assert known == user.password_hash
    # Same parameters, so the same work.
    assert unknown.split("$")[3] == known.split("$")[3]


def test_right_password_with_empty_or_wrong_code_fails_like_a_wrong_password(client,
                                                                            make_staff):
    user = make_staff("moderator")
    pages = [_try(client, user.email, WRONG, totp_now(user)),
             _try(client, user.email, PASSWORD, ""),
             _try(client, user.email, PASSWORD, "123456")]
    assert {r.status_code for r in pages} == {401}
    errors = {re.search(r'<div class="error-summary".*?</div>', r.get_data(as_text=True),
                        re.DOTALL).group(0) for r in pages}
    assert len(errors) == 1 and "not right" in errors.pop()
    assert not any("Enter the 6-digit code" in r.get_data(as_text=True) for r in pages)


def test_failed_tries_hold_the_account_back_but_not_its_owners_browser(app, make_staff):
    user = make_staff("moderator")
    owner = app.test_client()
    sign_in(owner, user)  # this browser now carries the device cookie
    assert owner.get_cookie(DEVICE_COOKIE, path="/staff") is not None
    page = owner.get("/staff/").get_data(as_text=True)
    owner.post("/staff/logout", data={"csrf_token": csrf_token(page)})
    attackers = [app.test_client() for _ in range(3)]
    for n in range(app.config["LOCKOUT_ATTEMPTS"]):  # from several addresses
        r = _try(attackers[n % 3], user.email, WRONG,
                 environ_base={"REMOTE_ADDR": f"192.0.2.{n % 3 + 1}"})
        assert r.status_code == 401
    # Another browser, even with the right password and code, now waits...
    r = _try(app.test_client(), user.email, PASSWORD, totp_now(user),
             environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert r.status_code == 429 and "Too many failed sign-ins" in r.get_data(as_text=True)
    # ...but the owner's browser is not shut out by someone else's guessing.
    r = _try(owner, user.email, PASSWORD, totp_now(user, offset_steps=1))
    assert r.status_code == 302 and r.location.endswith("/staff/")


def test_unknown_emails_are_held_back_alike(app):
    client = app.test_client()
    for _ in range(app.config["LOCKOUT_ATTEMPTS"]):
        assert _try(client, "nobody@example.org", WRONG).status_code == 401
    assert _try(client, "nobody@example.org", WRONG).status_code == 429


def test_one_address_trying_many_accounts_is_held_back(app, make_staff):
    user = make_staff("moderator")
    client = app.test_client()
    for n in range(app.config["LOCKOUT_ATTEMPTS"] * 4):
        assert _try(client, f"guess{n}@example.org", WRONG).status_code == 401
    assert _try(client, user.email, PASSWORD, totp_now(user)).status_code == 429
    # The same account from elsewhere is not held back.
    r = _try(app.test_client(), user.email, PASSWORD, totp_now(user),
             environ_base={"REMOTE_ADDR": "198.51.100.9"})
    assert r.status_code == 302


def test_admin_lets_a_held_back_account_try_again_at_once(app, client, make_staff):
    user = make_staff("moderator")
    admin = make_staff("admin", email="admin@example.org")
    stranger = app.test_client()
    for n in range(app.config["LOCKOUT_ATTEMPTS"]):
        _try(stranger, user.email, WRONG, environ_base={"REMOTE_ADDR": f"192.0.2.{n + 1}"})
    fresh = app.test_client()
    env = {"REMOTE_ADDR": "198.51.100.7"}
    assert _try(fresh, user.email, PASSWORD, totp_now(user), environ_base=env).status_code == 429
    sign_in(client, admin)
    page = client.get("/admin/staff").get_data(as_text=True)
    assert user.email in page
    r = client.post(f"/admin/staff/{user.id}",
                    data={"csrf_token": csrf_token(page), "action": "unlock"})
    assert r.status_code == 302
    assert _try(fresh, user.email, PASSWORD, totp_now(user), environ_base=env).status_code == 302


def test_admin_cannot_deactivate_themselves(client, make_staff, session):
    admin = make_staff("admin")
    sign_in(client, admin)
    page = client.get("/admin/staff").get_data(as_text=True)
    client.post(f"/admin/staff/{admin.id}",
                data={"csrf_token": csrf_token(page), "action": "deactivate"})
    session.expire_all()
    assert session.get(service.StaffUser, admin.id).active is True


# --- one code, many sign-ins at once ---------------------------------------------------

@pytest.fixture
def served(app: Any) -> Iterator[str]:
    """The test's app behind a real threaded HTTP server on loopback."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def test_one_code_lets_in_one_of_eight_simultaneous_sign_ins(app, served, make_staff):
    app.config["WTF_CSRF_SSL_STRICT"] = False
    user = make_staff("moderator")
    code = totp_now(user)
    n = 8
    browsers = [requests.Session() for _ in range(n)]
    tokens = [csrf_token(b.get(f"{served}/staff/login", timeout=30).text) for b in browsers]
    barrier = threading.Barrier(n)
    outcomes: list[int | str] = [0] * n

    def post(i: int) -> None:
        barrier.wait()
        try:
            r = browsers[i].post(f"{served}/staff/login", allow_redirects=False, timeout=60,
                                 data={"csrf_token": tokens[i], "email": user.email,
                                       "password": PASSWORD, "code": code})
            outcomes[i] = r.status_code
        except requests.RequestException as exc:
            outcomes[i] = repr(exc)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(outcomes) == [302] + [401] * (n - 1), outcomes


# --- passwords ------------------------------------------------------------------------

def test_common_passwords_are_refused(session):
    assert len(service.common_passwords()) > 10_000
    for weak in ("q1w2e3r4t5y6", "1QAZ2WSX3EDC", "short"):
        with pytest.raises(service.WeakPasswordError):
            service.create_user(session, "new@example.org", weak, ["moderator"])
    with pytest.raises(service.CommonPasswordError):
        service.check_password("new@example.org", "new@example.org")
    service.check_password(PASSWORD)


def test_staff_change_their_own_password(app, client, make_staff):
    user = make_staff("moderator")
    sign_in(client, user)
    page = client.get("/staff/account/password")
    assert page.status_code == 200 and 'autocomplete="new-password"' in page.get_data(
        as_text=True)
    new = "another quite long passphrase"
    for fields, problem in (
            ({"current": WRONG, "new": new, "confirm": new}, "not your current password"),
            ({"current": PASSWORD, "new": "q1w2e3r4t5y6", "confirm": "q1w2e3r4t5y6"},
             "too common"),
            ({"current": PASSWORD, "new": "short", "confirm": "short"}, "at least 12"),
            ({"current": PASSWORD, "new": new, "confirm": new + "x"}, "not the same")):
        r = post_form(client, "/staff/account/password", fields)
        assert r.status_code == 400 and problem in r.get_data(as_text=True), problem
    r = post_form(client, "/staff/account/password",
                  {"current": PASSWORD, "new": new, "confirm": new})
    assert r.status_code == 302 and client.get("/staff/").status_code == 200
    fresh = app.test_client()
    assert _try(fresh, user.email, PASSWORD, totp_now(user, 1)).status_code == 401
    assert _try(fresh, user.email, new, totp_now(user, 1)).status_code == 302


def test_password_page_needs_a_signed_in_user(client):
    r = client.get("/staff/account/password")
    assert r.status_code == 302 and "/staff/login" in r.location

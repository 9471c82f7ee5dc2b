"""Staff accounts, invitations and helplines in a real browser: an admin lets a
held-back moderator sign in again at once; every new page passes axe-core in the
six languages."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from tests.browser.conftest import LiveServer, describe_violations, run_axe, sign_in
from tests.demo_site import LANGS
from tests.factories import PASSWORD

DESKTOP = {"width": 1280, "height": 900}


def _try_sign_in(page: Any, email: str, password: str, code: str) -> None:
    page.goto("/staff/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.fill("#code", code)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def test_an_admin_lets_a_held_back_moderator_sign_in_again(browser: Any,
                                                           live_server: LiveServer) -> None:
    login = live_server.staff["moderator"]
    attempts = live_server.app.config["LOCKOUT_ATTEMPTS"]
    moderator = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    admin = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    try:
        mod_page = moderator.new_page()
        for _ in range(attempts):
            _try_sign_in(mod_page, login.email, "not my password at all", "000000")
        _try_sign_in(mod_page, login.email, PASSWORD, login.code(live_server.engine))
        assert "Too many failed sign-ins" in mod_page.content()

        page = admin.new_page()
        sign_in(page, live_server, "admin")
        page.get_by_role("link", name="Staff accounts").click()
        row = page.locator("tr", has=page.locator("th", has_text=login.email))
        assert "waiting after failed sign-ins" in row.inner_text()
        with page.expect_navigation():
            row.get_by_role("button", name=re.compile("Let sign in again now")).click()
        notice = page.locator(".notice").inner_text()
        assert f"{login.email} can try signing in again now." in notice
        row = page.locator("tr", has=page.locator("th", has_text=login.email))
        assert "waiting" not in row.inner_text()

        _try_sign_in(mod_page, login.email, PASSWORD, login.code(live_server.engine))
        assert mod_page.url.endswith("/staff/")
    finally:
        moderator.close()
        admin.close()


def test_the_new_pages_pass_axe_in_six_languages(browser: Any, live_server: LiveServer) -> None:
    from consult.auth.invitations import invite
    from consult.help.manage import Fields, add

    with live_server.session() as s:
        token = invite(s, "invitee@example.org", ["moderator"], actor_id=None,
                       now=datetime.now(UTC)).token
        helpline = add(s, Fields(name="Telefono Azzurro", country="IT", phone="19696",
                                 names={"fr": "Téléphone bleu"}),
                       actor_id=live_server.staff["safeguarding"].user_id,
                       today=datetime.now(UTC).date(), verified=True)
        s.commit()
    context = browser.new_context(bypass_csp=True, viewport=DESKTOP, base_url=live_server.url)
    problems: list[str] = []
    checked = 0
    try:
        page = context.new_page()

        def check(name: str, path: str) -> None:
            nonlocal checked
            page.goto(path)
            page.wait_for_load_state("load")
            checked += 1
            violations = run_axe(page)
            if violations:
                problems.append(describe_violations(f"{name} <{page.url}>", violations))

        for lang in LANGS:
            check(f"invitation ({lang})", f"/staff/invite?token={token}&lang={lang}")
            check(f"invitation used or unknown ({lang})", f"/staff/invite?token=x&lang={lang}")
        context.clear_cookies()  # the language chosen last stays in the session
        sign_in(page, live_server, "admin")
        admin_id = live_server.staff["admin"].user_id
        for lang in LANGS:
            check(f"staff accounts ({lang})", f"/admin/staff?lang={lang}")
            check(f"roles ({lang})", f"/admin/staff/{admin_id}/roles?lang={lang}")
        page.goto("/admin/staff?lang=ar")
        page.fill("#email", "someone@example.org")
        page.locator("input[name=roles][value=chair]").check()
        with page.expect_navigation():
            page.locator("form[action$='/staff/invite'] button[type=submit]").click()
        assert page.locator("#invitation-link").count() == 1
        checked += 1
        violations = run_axe(page)
        if violations:
            problems.append(describe_violations("staff accounts, link shown (ar)", violations))
        context.clear_cookies()

        sign_in(page, live_server, "safeguarding")
        for lang in LANGS:
            check(f"dashboard with cases ({lang})", f"/staff/?lang={lang}")
            check(f"helplines ({lang})", f"/staff/helplines/?lang={lang}")
            check(f"helplines not checked ({lang})", f"/staff/helplines/?stale=1&lang={lang}")
            check(f"new helpline ({lang})", f"/staff/helplines/new?lang={lang}")
            check(f"edit a helpline ({lang})", f"/staff/helplines/{helpline.id}?lang={lang}")
        page.goto("/staff/helplines/new?lang=fr")
        page.fill("#name", "Sans pays")
        with page.expect_navigation():
            page.locator("main form button.primary").click()
        checked += 1
        violations = run_axe(page)
        if violations:
            problems.append(describe_violations("new helpline, refused (fr)", violations))
    finally:
        context.close()
    assert checked >= 6 * 9
    assert not problems, "\n\n".join(problems)

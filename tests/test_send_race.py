"""Sending a draft twice at once, and coming back after a send whose answer was
lost, over real concurrent HTTP requests (SQLite and PostgreSQL)."""

from __future__ import annotations

import base64
import json
import zlib
from functools import partial

from sqlalchemy import func, inspect, select, text

from consult.participate.models import Draft, Submission
from consult.privacy import codes
from tests.served import Browser, at_once, code_on, send_fields, serve

ROUNDS = 10


def _count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def test_a_double_send_stores_one_submission_and_both_answers_show_its_code(
        app, consultation, session):
    review = f"/c/{consultation.slug}/review"
    with serve(app) as base:
        for i in range(ROUNDS):
            browser = Browser(base)
            fields = browser.to_review(consultation.slug, {5: f"idea {i}"})
            one, two = browser.clone(), browser.clone()
            first, second = at_once(partial(one.post, review, fields),
                                    partial(two.post, review, fields))
            assert (first.status_code, second.status_code) == (200, 200)
            assert code_on(first) is not None and code_on(first) == code_on(second)
    assert _count(session, Submission) == ROUNDS
    assert _count(session, Draft) == 0


def test_two_tabs_sending_the_same_answers_store_one_submission(app, consultation, session):
    review = f"/c/{consultation.slug}/review"
    with serve(app) as base:
        for i in range(ROUNDS):
            browser = Browser(base)
            browser.to_review(consultation.slug, {5: f"idea {i}"})
            # Each tab loaded the review page, so each carries its own nonce.
            one, two = browser.clone(), browser.clone()
            forms = [send_fields(tab.get(review).text) for tab in (one, two)]
            results = at_once(partial(one.post, review, forms[0]),
                              partial(two.post, review, forms[1]))
            assert sorted(r.status_code for r in results) == [200, 409]
            refused = next(r for r in results if r.status_code == 409)
            assert code_on(refused) is None and "cannot be sent again" in refused.text
    assert _count(session, Submission) == ROUNDS


def test_a_double_save_of_changed_answers_saves_them_once(app, consultation, session):
    review = f"/c/{consultation.slug}/review"
    with serve(app) as base:
        browser = Browser(base)
        code = code_on(browser.post(f"/c/{consultation.slug}/review",
                                    browser.to_review(consultation.slug, {5: "first"})))
        for i in range(3):
            returning = Browser(base)
            page = returning.get("/return").text
            r = returning.post("/return", {"code": code, "action": "edit",
                                           "csrf_token": _csrf_or_empty(page)})
            assert r.status_code == 302, r.text
            assert returning.form(f"/c/{consultation.slug}/q/5",
                                  {"answer": f"changed {i}", "action": "next"}
                                  ).status_code == 302
            fields = send_fields(returning.get(review).text)
            one, two = returning.clone(), returning.clone()
            results = at_once(partial(one.post, review, fields),
                              partial(two.post, review, fields))
            assert sorted(r.status_code for r in results) in ([200, 200], [200, 409]), results
    assert _count(session, Submission) == 1
    session.expire_all()
    assert [a.text_original for a in session.scalars(select(Submission)).one().answers
            if a.text_original] == ["changed 2"]


def test_a_reload_after_a_lost_confirmation_shows_the_same_code(app, consultation, session):
    review = f"/c/{consultation.slug}/review"
    with serve(app) as base:
        browser = Browser(base)
        fields = browser.to_review(consultation.slug, {5: "my idea"})
        # The send commits but its response never reaches the browser (the
        # worker was killed): the browser keeps its old cookie and re-posts.
        lost = browser.clone().post(review, fields)
        reload = browser.post(review, fields)
        assert reload.status_code == 200
        assert code_on(reload) == code_on(lost) is not None
        status = Browser(base).form("/return", {"code": code_on(reload)})
        assert status.status_code == 200 and "my idea" not in status.text
        # Once the confirmation arrived, its cookie no longer holds the draft:
        # Back and re-post cannot show the code again.
        again = browser.post(review, fields)
        assert code_on(again) is None
        cookie = browser.http.cookies.get("session") or ""
    assert _count(session, Submission) == 1
    digits = codes.normalise(code_on(reload))
    assert digits not in _cookie_text(cookie)
    assert digits not in _every_stored_value(session)


def test_the_code_cannot_be_shown_again_after_the_window(app, consultation, session,
                                                        monkeypatch):
    review = f"/c/{consultation.slug}/review"
    with serve(app) as base:
        browser = Browser(base)
        fields = browser.to_review(consultation.slug, {5: "my idea"})
        assert code_on(browser.clone().post(review, fields))
        monkeypatch.setattr(codes, "SEND_RECOVERY_SECONDS", -1)
        late = browser.post(review, fields)
    assert late.status_code == 409 and code_on(late) is None
    assert _count(session, Submission) == 1


def test_the_send_code_needs_the_secret_the_token_and_an_unforged_nonce():
    nonce = codes.send_nonce("secret")
    code = codes.code_for_send("secret", "token", nonce)
    assert code is not None and len(code) == codes.RETURN_CODE_DIGITS and code.isdigit()
    assert codes.code_for_send("secret", "token", nonce) == code
    assert codes.code_for_send("secret", "other token", nonce) != code
    assert codes.code_for_send("other secret", "token", nonce) is None
    assert codes.code_for_send("secret", "token", nonce[:-2] + "xx") is None
    assert codes.code_for_send("secret", "token", codes.send_nonce("secret")) != code


def _csrf_or_empty(html: str) -> str:
    from tests.factories import CSRF_RE

    match = CSRF_RE.search(html)
    return match.group(1) if match else ""


def _cookie_text(cookie: str) -> str:
    """A Flask session cookie's payload, decoded (it is signed, not encrypted)."""
    payload = cookie.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    if cookie.startswith("."):
        raw = zlib.decompress(raw)
    return json.dumps(json.loads(raw))


def _every_stored_value(session) -> str:
    bind = session.get_bind()
    out = []
    for table in inspect(bind).get_table_names():
        out.extend(str(row) for row in session.execute(text(f'SELECT * FROM "{table}"')))
    return "\n".join(out)

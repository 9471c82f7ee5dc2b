"""Another site's page making a visitor's browser post to consult.

The attack: a child is half-way through a consultation; a page on any site
auto-posts the attacker's own return code to /return ("change my answers").
Before, the browser stored the session cookie of the answer and the child typed
into the attacker's submission, which the attacker then read with their code.
Every test here plays the attacker and checks that nothing changed for the
child, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import Any

import pytest
from sqlalchemy import select

from consult.participate.models import Answer, Draft, Submission
from tests.factories import PASSWORD, csrf_token, post_form, return_code, sign_in, take_part

CROSS_SITE = {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}
# What a current browser sends with our own forms: our Referrer-Policy is
# no-referrer, so the Origin is "null" even for a same-origin post.
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin", "Origin": "null"}


def browser_post_from_elsewhere(app: Any, child: Any, url: str, data: dict[str, str],
                                headers: dict[str, str]) -> Any:
    """A post another site's page makes the child's browser send.

    SameSite=Lax keeps the child's cookie off it; whatever cookie the answer
    sets, the browser keeps, as it would for a top-level navigation."""
    response = app.test_client().post(url, data=data, headers=headers)
    for header in response.headers.getlist("Set-Cookie"):
        for morsel in SimpleCookie(header).values():
            child.set_cookie(morsel.key, morsel.value)
    return response


@pytest.fixture
def attacker_code(app, consultation) -> str:
    """The attacker took part first, so they hold a return code of their own."""
    return return_code(take_part(app.test_client(), consultation.slug,
                                 answers={5: "attacker's words"}))


@pytest.fixture
def child(client, consultation):
    """A child in the middle of the consultation: first answers saved."""
    slug = consultation.slug
    post_form(client, f"/c/{slug}/start", {"band": "16-17"})
    post_form(client, f"/c/{slug}/assent", {"choice": "take-part"})
    post_form(client, f"/c/{slug}/q/1", {"answer": "4", "action": "next"})
    return client


def _attackers_token(app: Any) -> str:
    # The attacker can fetch a valid token for a session of their own.
    return csrf_token(app.test_client().get("/return").get_data(as_text=True))


@pytest.mark.parametrize("headers", [
    CROSS_SITE,
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},  # another site under the same domain
    {"Origin": "https://evil.example"},
    {},  # an older browser that sends neither: the missing cookie gives it away
], ids=["fetch-metadata-and-origin", "fetch-metadata", "sibling-site", "origin", "neither"])
def test_cross_site_change_my_answers_leaves_the_child_on_their_own_draft(
        app, child, consultation, session, attacker_code, headers):
    slug = consultation.slug
    r = browser_post_from_elsewhere(app, child, "/return", {
        "code": attacker_code, "action": "edit", "csrf_token": _attackers_token(app)}, headers)

    assert r.status_code in (400, 403)
    assert r.headers.getlist("Set-Cookie") == [], "the child's session must stay as it was"
    assert attacker_code not in r.get_data(as_text=True)
    # The child goes on, types something personal, and sends.
    post_form(child, f"/c/{slug}/q/5", {"answer": "I live at 12 Rose Street", "action": "next"})
    done = post_form(child, f"/c/{slug}/review", {"action": "send"})
    assert "Your answers are sent" in done.get_data(as_text=True)
    texts = {s.id: [a.text_original for a in s.answers if a.text_original]
             for s in session.scalars(select(Submission))}
    assert sorted(texts.values()) == [["I live at 12 Rose Street"], ["attacker's words"]]
    # The attacker's code shows nothing of the child's.
    status = post_form(app.test_client(), "/return", {"code": attacker_code})
    assert "Rose Street" not in status.get_data(as_text=True)


def test_cross_site_page_is_a_clear_403(app, child, attacker_code):
    r = browser_post_from_elsewhere(app, child, "/return",
                                    {"code": attacker_code, "action": "edit"}, CROSS_SITE)
    page = r.get_data(as_text=True)
    assert r.status_code == 403
    assert "sent from another website" in page and "nothing was changed" in page


def test_return_needs_a_csrf_token_even_from_our_own_pages(client, attacker_code):
    client.get("/return")
    r = client.post("/return", data={"code": attacker_code, "action": "edit"},
                    headers=SAME_ORIGIN)
    assert r.status_code == 400 and client.get_cookie("session") is not None
    from flask.sessions import SecureCookieSessionInterface

    serializer = SecureCookieSessionInterface().get_signing_serializer(client.application)
    assert "drafts" not in serializer.loads(client.get_cookie("session").value)


PARTICIPANT_POSTS = [
    ("/c/test-consultation/start", {"band": "16-17"}),
    ("/c/test-consultation/group", {"code": "1234"}),
    ("/c/test-consultation/assent", {"choice": "no-thanks"}),
    ("/c/test-consultation/q/5", {"answer": "planted words", "action": "next"}),
    ("/c/test-consultation/quote", {"consent": "yes"}),
    ("/c/test-consultation/review", {"action": "send"}),
    ("/c/test-consultation/return-code.txt", {"code": "1234-5678-9012-3456-7890"}),
    ("/return", {"code": "1234-5678-9012-3456-7890", "action": "withdraw"}),
]


@pytest.mark.parametrize("url,data", PARTICIPANT_POSTS, ids=[u for u, _ in PARTICIPANT_POSTS])
def test_every_participant_post_from_another_site_is_refused(child, session, url, data):
    """Even with the child's own cookie and token (a browser would not send
    the cookie, but nothing may depend on that), the post changes nothing."""
    token = csrf_token(child.get("/c/test-consultation/q/2").get_data(as_text=True))
    before = session.scalars(select(Draft)).one().state
    r = child.post(url, data={**data, "csrf_token": token}, headers=CROSS_SITE)
    assert r.status_code == 403
    session.expire_all()
    assert session.scalars(select(Draft)).one().state == before
    assert session.scalars(select(Submission)).all() == []


def test_our_own_forms_still_work_as_a_current_browser_sends_them(client, consultation,
                                                                 session):
    done = take_part(client, consultation.slug, answers={4: "fine"}, headers=SAME_ORIGIN)
    assert return_code(done)
    origin = {"Origin": "http://localhost"}  # a browser without Sec-Fetch-Site
    done = take_part(client.application.test_client(), consultation.slug, headers=origin)
    assert return_code(done)


def test_a_code_posted_on_our_own_page_asks_before_replacing_the_journey(
        app, child, consultation, session, attacker_code):
    slug = consultation.slug
    page = post_form(child, "/return", {"code": attacker_code, "action": "edit"},
                     headers=SAME_ORIGIN)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "You have answers you have not sent" in html
    # Nothing was swapped: the child's answers are where they were.
    assert 'value="4" checked' in child.get(f"/c/{slug}/q/1").get_data(as_text=True)
    assert session.scalars(select(Draft)).one().submission_id is None

    # Only an explicit choice replaces the journey, and the unsent draft goes.
    r = post_form(child, "/return", {"code": attacker_code, "action": "edit-replace"})
    assert r.status_code == 302 and r.location.endswith("/q/1")
    session.expire_all()
    draft = session.scalars(select(Draft)).one()
    assert draft.submission_id is not None and "feel" not in draft.answers


def test_changing_the_same_answers_again_carries_on_without_asking(client, consultation,
                                                                   session):
    code = return_code(take_part(client, consultation.slug, answers={4: "first"}))
    post_form(client, "/return", {"code": code, "action": "edit"})
    post_form(client, f"/c/{consultation.slug}/q/4", {"answer": "second", "action": "next"})
    r = post_form(client, "/return", {"code": code, "action": "edit"})
    assert r.status_code == 302 and r.location.endswith("/q/1")
    assert 'value="second"' in client.get(f"/c/{consultation.slug}/q/4").get_data(as_text=True)
    assert len(session.scalars(select(Draft)).all()) == 1


# The CSRF page ("please send that again") --------------------------------------------------

@pytest.mark.parametrize("url", ["/c/test-consultation/q/5", "/staff/login", "/moderate/bulk",
                                 "/return"])
def test_csrf_page_for_a_cookieless_post_writes_no_session_and_reposts_nothing(
        app, consultation, url):
    """Sent by an older browser from another site (no Sec-Fetch-Site, no
    Origin): a new session would sign staff out or wipe a child's journey, and a
    form re-posting the attacker's fields with a valid token would finish the
    forgery for them."""
    r = app.test_client().post(url, data={"answer": "planted words", "email": "x@evil.example",
                                          "action": "next"})
    page = r.get_data(as_text=True)
    assert r.status_code == 400
    assert r.headers.getlist("Set-Cookie") == []
    assert "csrf_token" not in page and "planted words" not in page and "evil" not in page


def test_csrf_page_never_reposts_a_staff_form(client, make_staff, consultation):
    user = make_staff("moderator")
    sign_in(client, user)
    r = client.post("/moderate/bulk", data={"action": "approve", "ids": "1,2,3",
                                            "note": "planted note"}, headers=SAME_ORIGIN)
    page = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "csrf_token" not in page and "planted note" not in page and "<form" not in page
    assert client.get("/staff/").status_code == 200, "still signed in"


def test_csrf_page_keeps_a_childs_words_on_our_own_site(child, consultation):
    r = child.post(f"/c/{consultation.slug}/q/5", data={"answer": "my careful words",
                                                        "action": "next"},
                   headers=SAME_ORIGIN)
    page = r.get_data(as_text=True)
    assert r.status_code == 400 and "my careful words" in page and "csrf_token" in page


def test_cross_site_post_to_staff_sign_in_is_refused(app, make_staff):
    user = make_staff("moderator")
    r = app.test_client().post("/staff/login", data={"email": user.email,
                                                     "password": PASSWORD}, headers=CROSS_SITE)
    assert r.status_code == 403 and r.headers.getlist("Set-Cookie") == []


def test_answers_are_never_stored_from_a_cross_site_post(child, consultation, session):
    slug = consultation.slug
    token = csrf_token(child.get(f"/c/{slug}/q/5").get_data(as_text=True))
    child.post(f"/c/{slug}/q/5", data={"answer": "planted", "csrf_token": token,
                                       "action": "next"}, headers=CROSS_SITE)
    assert "planted" not in child.get(f"/c/{slug}/q/5").get_data(as_text=True)
    assert session.scalars(select(Answer)).all() == []

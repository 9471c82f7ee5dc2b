"""No step of the journey can be skipped by posting straight to a later page,
an empty submission is refused, and starts and sends have limits a classroom
behind one school address never meets."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from consult import create_app
from consult.groups.service import create_group, revoke_group
from consult.participate.models import Draft, Submission
from tests.factories import csrf_token, post_form, return_code, take_part

SECRET = "test-secret-key"


def _submissions(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Submission))


def _post_later_steps(client, slug: str) -> dict[str, str]:
    """Post every page after the one a participant reached; where each sends them."""
    token = csrf_token(client.get(f"/c/{slug}/start").get_data(as_text=True))
    posts = {"assent": {"choice": "take-part"}, "q/1": {"answer": "3", "action": "next"},
             "quote": {"consent": "yes", "action": "next"}, "review": {"action": "send"}}
    went = {}
    for page, data in posts.items():
        r = client.post(f"/c/{slug}/{page}", data={**data, "csrf_token": token})
        went[page] = r.status_code == 302 and r.location.rsplit("/", 1)[-1]
    return went


def test_an_under_13_cannot_skip_the_group_code_or_the_assent(client, consultation, session):
    slug = consultation.slug
    post_form(client, f"/c/{slug}/start", {"band": "9-12"})
    went = _post_later_steps(client, slug)
    # Even "take part" is refused until a group code is given.
    assert went == {"assent": "group", "q/1": "group", "quote": "group", "review": "group"}
    assert _submissions(session) == 0
    assert session.scalars(select(Draft)).one().state["assent"] is False


def test_no_answer_or_send_without_assent(client, consultation, session):
    slug = consultation.slug
    post_form(client, f"/c/{slug}/start", {"band": "16-17"})
    token = csrf_token(client.get(f"/c/{slug}/start").get_data(as_text=True))
    for page, data in (("q/1", {"answer": "3", "action": "next"}),
                       ("quote", {"consent": "yes", "action": "next"}),
                       ("review", {"action": "send"})):
        r = client.post(f"/c/{slug}/{page}", data={**data, "csrf_token": token})
        assert r.status_code == 302 and r.location.endswith("/assent"), page
        assert client.get(f"/c/{slug}/{page}").location.endswith("/assent"), page
    assert _submissions(session) == 0
    assert session.scalars(select(Draft)).one().answers == {}


def test_a_group_code_withdrawn_during_the_journey_stops_the_send(client, consultation,
                                                                  session):
    slug = consultation.slug
    _group, code = create_group(session, consultation, "Club", "Ms Lead", SECRET)
    session.commit()
    post_form(client, f"/c/{slug}/start", {"band": "9-12"})
    post_form(client, f"/c/{slug}/group", {"code": code})
    post_form(client, f"/c/{slug}/assent", {"choice": "take-part"})
    post_form(client, f"/c/{slug}/q/1", {"answer": "4", "action": "next"})
    revoke_group(session, SECRET, code)
    session.commit()
    r = post_form(client, f"/c/{slug}/review", {"action": "send"})
    assert r.status_code == 302 and r.location.endswith("/group")
    assert _submissions(session) == 0
    # The answers wait for a valid code.
    assert session.scalars(select(Draft)).one().answers == {"feel": "4"}


def test_an_empty_submission_is_refused_with_a_clear_message(client, consultation, session):
    slug = consultation.slug
    post_form(client, f"/c/{slug}/start", {"band": "16-17"})
    post_form(client, f"/c/{slug}/assent", {"choice": "take-part"})
    r = post_form(client, f"/c/{slug}/review", {"action": "send"})
    assert r.status_code == 400
    assert "You have not answered any question yet" in r.get_data(as_text=True)
    assert _submissions(session) == 0
    # Nothing is lost: answer one question and the send goes through.
    post_form(client, f"/c/{slug}/q/4", {"answer": "ok", "action": "next"})
    assert return_code(post_form(client, f"/c/{slug}/review", {"action": "send"}))
    assert _submissions(session) == 1


def test_changed_answers_cannot_be_emptied_either(client, consultation, session):
    slug = consultation.slug
    code = return_code(take_part(client, consultation.slug, answers={4: "words"}))
    post_form(client, "/return", {"code": code, "action": "edit"})
    post_form(client, f"/c/{slug}/q/4", {"answer": "", "action": "next"})
    r = post_form(client, f"/c/{slug}/review", {"action": "send"})
    assert r.status_code == 400
    session.expire_all()
    assert [a.text_original for a in session.scalars(select(Submission)).one().answers] == [
        "words"]


@pytest.fixture
def limited_app(app, database_url):
    # After the plain app: the limiter is one object, set up by the last app made.
    app = create_app({"DATABASE_URL": database_url, "TESTING": True, "SECRET_KEY": SECRET,
                      "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://"})
    yield app
    app.extensions["consult.session"].remove()
    app.extensions["consult.engine"].dispose()


def test_a_class_of_40_behind_one_address_all_start_and_send(limited_app, consultation,
                                                             session):
    """The default limits: forty children, one school address, one minute."""
    for n in range(40):
        child = limited_app.test_client()
        child.environ_base["REMOTE_ADDR"] = "192.0.2.10"
        assert return_code(take_part(child, consultation.slug, answers={1: str(n % 5 + 1)}))
    assert _submissions(session) == 40
    from consult.extensions import limiter

    assert limiter.enabled and max(limiter.storage.storage.values()) >= 40, "limits were on"


def test_starts_from_one_address_are_limited(database_url, consultation):
    app = create_app({"DATABASE_URL": database_url, "TESTING": True, "SECRET_KEY": SECRET,
                      "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://",
                      "RATELIMIT_START": "5/minute"})
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "192.0.2.11"
    statuses = [post_form(client, f"/c/{consultation.slug}/start",
                          {"band": "16-17"}).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.12"
    assert post_form(other, f"/c/{consultation.slug}/start", {"band": "16-17"}).status_code == 302


def test_sends_from_one_address_are_limited_and_the_answers_wait(database_url, consultation,
                                                                 session):
    app = create_app({"DATABASE_URL": database_url, "TESTING": True, "SECRET_KEY": SECRET,
                      "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://",
                      "RATELIMIT_SEND": "2/minute"})
    clients = [app.test_client() for _ in range(3)]
    for client in clients:
        client.environ_base["REMOTE_ADDR"] = "192.0.2.13"
    assert return_code(take_part(clients[0], consultation.slug))
    assert return_code(take_part(clients[1], consultation.slug))
    refused = take_part(clients[2], consultation.slug)
    assert refused.status_code == 429
    assert "Wait a minute, then try again" in refused.get_data(as_text=True)
    assert _submissions(session) == 2
    assert len(session.scalars(select(Draft)).all()) == 1, "the third child's answers are kept"

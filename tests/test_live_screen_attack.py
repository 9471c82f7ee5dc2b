"""The room screen, watched by someone who sees each person tap Send.

Whoever watches the projector while people answer one at a time must learn
nothing about what any one of them chose, nor see a count from 1 to k-1
(docs/privacy.md#rule-5). The attacker here polls the screen after every single
answer and every moderator's key (SQLite and PostgreSQL).
"""

from __future__ import annotations

import random
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from consult.consultations.models import Question
from consult.live import screen
from consult.live.models import LiveSession
from tests.factories import post_form, sign_in
from tests.live_helpers import LIVE_QUESTIONS, join, open_room, send, step

K = 5
NUMBER = re.compile(r'class="screen-(?:total|count)">\D*(\d+)')


@pytest.fixture
def watched(monkeypatch):  # type: ignore[no-untyped-def]
    # The attacker sees every rebuild: none is held back by the once-a-second limit.
    monkeypatch.setattr(screen, "REBUILD_EVERY", timedelta(0))


@pytest.fixture
def chair(app, make_staff):  # type: ignore[no-untyped-def]
    chair = app.test_client()
    sign_in(chair, make_staff("chair"))
    return chair


def _room(make_consultation, slug):  # type: ignore[no-untyped-def]
    return make_consultation(slug, live_mode=True, live_questions=LIVE_QUESTIONS, k_threshold=K)


def _question(session, c, key):  # type: ignore[no-untyped-def]
    return session.scalar(select(Question.id).where(Question.consultation_id == c.id,
                                                    Question.key == key))


def _watch(app, chair, c, session, choices):  # type: ignore[no-untyped-def]
    """The screen after the question opens and after each answer, one at a time."""
    open_room(chair, c, "show-1")
    qid = _question(session, c, "live-safe")
    projector = app.test_client()
    seen = [projector.get(f"/live/{c.slug}/screen/body").get_data(as_text=True)]
    for choice in choices:
        phone = app.test_client()
        join(phone, c.slug)
        assert send(phone, c.slug, qid, choice).status_code == 200
        seen.append(projector.get(f"/live/{c.slug}/screen/body").get_data(as_text=True))
    step(chair, c, "close")
    seen.append(projector.get(f"/live/{c.slug}/screen/body").get_data(as_text=True))
    return seen


def _small_numbers(states):  # type: ignore[no-untyped-def]
    return [int(n) for body in states for n in NUMBER.findall(body) if 0 < int(n) < K]


def test_no_answer_can_be_read_from_the_screen_as_people_answer_one_at_a_time(
        app, make_consultation, chair, session, watched):
    rng = random.Random(10)
    choices = [rng.choice(["yes", "no"]) for _ in range(13)]
    flipped = ["no" if choice == "yes" else "yes" for choice in choices]
    rooms = [_room(make_consultation, slug) for slug in ("live-room-a", "live-room-b")]
    first = _watch(app, chair, rooms[0], session, choices)
    second = _watch(app, chair, rooms[1], session, flipped)
    # Every answer differs between the two rooms, and yet the screens went
    # through exactly the same states: no state, nor any pair of consecutive
    # states, depends on what any one person chose.
    assert first == second
    assert len(set(first)) > 2  # the screen did move as answers came in
    assert _small_numbers(first) == []
    assert "At least 5 answers" in first[5] and "At least 10 answers" in first[13]
    assert "At least 10 answers" in first[-1]  # closed: still no choices
    # The choices appear once, when the chair shows the results.
    projector = app.test_client()
    step(chair, rooms[0], "results")
    results = projector.get(f"/live/{rooms[0].slug}/screen/body").get_data(as_text=True)
    assert "13 answers" in results
    assert sorted(NUMBER.findall(results)[1:]) == sorted(
        str(choices.count(option)) for option in ("yes", "no"))


def test_results_shown_again_after_one_more_answer_stay_as_first_shown(
        app, make_consultation, chair, session, watched):
    c = _room(make_consultation, "live-again")
    _watch(app, chair, c, session, ["yes"] * 6 + ["no"] * 6)
    step(chair, c, "results")
    projector = app.test_client()
    before = projector.get(f"/live/{c.slug}/screen/body").get_data(as_text=True)
    assert "12 answers" in before
    step(chair, c, "show-1")  # the chair goes back to the question
    late = app.test_client()
    join(late, c.slug)
    assert send(late, c.slug, _question(session, c, "live-safe"), "no").status_code == 200
    step(chair, c, "results")
    # A second table would give away the late answer by subtraction.
    assert projector.get(f"/live/{c.slug}/screen/body").get_data(as_text=True) == before


def test_approved_texts_reach_the_screen_k_at_a_time_in_their_own_order(
        app, make_consultation, make_staff, chair, session, watched):
    c = _room(make_consultation, "live-texts")
    open_room(chair, c, "show-3")
    moderator = app.test_client()
    sign_in(moderator, make_staff("moderator"))
    live = session.scalar(select(LiveSession).where(LiveSession.consultation_id == c.id))
    qid = _question(session, c, "live-word")
    projector = app.test_client()
    texts = ["zebra crossings for apps", "more help buttons", "block strangers",
             "kind comments only", "ask us first", "teach parents too",
             "quiet mode at night", "no ads for kids", "easy reporting", "longer breaks"]
    states = []
    for text in texts:
        phone = app.test_client()
        join(phone, c.slug)
        send(phone, c.slug, qid, text)
        queue = moderator.get(f"/moderate/live/{live.id}").get_data(as_text=True)
        text_id = re.search(r'/moderate/live/\d+/(\d+)"', queue).group(1)
        r = post_form(moderator, f"/moderate/live/{live.id}/{text_id}", {"decision": "show"},
                      page=f"/moderate/live/{live.id}")
        assert r.status_code == 302
        states.append(projector.get(f"/live/{c.slug}/screen/body").get_data(as_text=True))
        if len(states) == K + 1:
            assert "1 approved text is waiting for others" in moderator.get(
                f"/moderate/live/{live.id}").get_data(as_text=True)
    # Nothing until k texts are approved; then all k at once, in alphabetical
    # order, not the order their writers sent them.
    for body in states[:K - 1]:
        assert not any(text in body for text in texts)
    shown = re.findall(r'<li dir="auto">([^<]*)</li>', states[K - 1])
    assert shown == sorted(texts[:K])
    assert states[K] == states[K - 1]  # the sixth waits for four more
    # The next release replaces the first, whole: no text of it is left off
    # the screen, none of the first lingers.
    shown = re.findall(r'<li dir="auto">([^<]*)</li>', states[2 * K - 1])
    assert shown == sorted(texts[K:2 * K])

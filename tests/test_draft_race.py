"""Two tabs saving answers of one draft at the same instant both keep their
answer, over real concurrent HTTP requests (SQLite and PostgreSQL)."""

from __future__ import annotations

from functools import partial

from sqlalchemy import func, select

from consult.participate.models import DraftAnswer
from tests.factories import csrf_token
from tests.served import Browser, at_once, serve

ROUNDS = 20


def test_two_tabs_answering_at_once_keep_both_answers(app, consultation, session):
    slug = consultation.slug
    lost = []
    with serve(app) as base:
        for i in range(ROUNDS):
            browser = Browser(base)
            assert browser.form(f"/c/{slug}/start?lang=en", {"band": "16-17"}
                                ).status_code == 302
            assert browser.form(f"/c/{slug}/assent", {"choice": "take-part"}
                                ).status_code == 302
            one, two = browser.clone(), browser.clone()
            word = {"csrf_token": csrf_token(one.get(f"/c/{slug}/q/4").text),
                    "answer": f"word {i}", "action": "next"}
            idea = {"csrf_token": csrf_token(two.get(f"/c/{slug}/q/5").text),
                    "answer": f"idea {i}", "action": "next"}
            saved = at_once(partial(one.post, f"/c/{slug}/q/4", word),
                            partial(two.post, f"/c/{slug}/q/5", idea))
            assert [r.status_code for r in saved] == [302, 302]
            review = browser.get(f"/c/{slug}/review").text
            lost += [text for text in (f"word {i}", f"idea {i}") if text not in review]
    assert lost == []
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(DraftAnswer)) == 2 * ROUNDS


def test_the_same_question_saved_twice_at_once_keeps_one_answer(app, consultation, session):
    slug = consultation.slug
    with serve(app) as base:
        browser = Browser(base)
        browser.form(f"/c/{slug}/start?lang=en", {"band": "16-17"})
        browser.form(f"/c/{slug}/assent", {"choice": "take-part"})
        for i in range(5):
            token = csrf_token(browser.get(f"/c/{slug}/q/5").text)
            tabs = [browser.clone() for _ in range(4)]
            saved = at_once(*[
                partial(tab.post, f"/c/{slug}/q/5",
                        {"csrf_token": token, "answer": f"take {i}.{n}", "action": "next"})
                for n, tab in enumerate(tabs)])
            assert [r.status_code for r in saved] == [302] * 4
    session.expire_all()
    rows = session.scalars(select(DraftAnswer)).all()
    assert len(rows) == 1 and rows[0].value.startswith("take 4.")


def test_an_answer_saved_after_the_draft_was_sent_is_not_an_error(app, consultation, session):
    slug = consultation.slug
    with serve(app) as base:
        browser = Browser(base)
        fields = browser.to_review(slug, {5: "sent"})
        other_tab = browser.clone()
        late = {"csrf_token": csrf_token(other_tab.get(f"/c/{slug}/q/4").text),
                "answer": "too late", "action": "next"}
        assert browser.post(f"/c/{slug}/review", fields).status_code == 200
        r = other_tab.post(f"/c/{slug}/q/4", late)
        assert r.status_code == 302
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(DraftAnswer)) == 0

"""The participant journey, end to end, with JavaScript off (plain HTTP)."""

from __future__ import annotations

from sqlalchemy import select

from consult.participate.models import Answer, Submission
from tests.factories import post_form, return_code, take_part


def test_home_lists_open_consultation_with_meeting_audience_and_closing_date(client, consultation):
    html = client.get("/").get_data(as_text=True)
    assert "Staying safe online" in html
    assert "CWG-COP test meeting" in html and "The working group" in html
    assert consultation.closes_at_utc.strftime("%Y-%m-%d") in html


def test_whole_journey_stores_answers_and_shows_return_code(client, consultation, session):
    done = take_part(client, consultation.slug, answers={1: "4", 2: ["games", "chat"], 3: "yes",
                                                         4: "fun", 5: "Better report buttons"})
    assert done.status_code == 200
    code = return_code(done)
    assert len(code.replace("-", "")) == 20
    submission = session.scalars(select(Submission)).one()
    assert submission.status == "pending" and submission.band == "16-17"
    values = {a.question_id: (a.choices, a.text_original) for a in submission.answers}
    assert sorted(map(repr, values.values())) == sorted(map(repr, [
        (["4"], None), (["games", "chat"], None), (["yes"], None), (None, "fun"),
        (None, "Better report buttons")]))


def test_every_question_but_one_can_be_skipped(client, consultation, session):
    done = take_part(client, consultation.slug, answers={3: "yes"})
    assert done.status_code == 200
    assert [a.choices for a in session.scalars(select(Answer))] == [["yes"]]


def test_wording_follows_band_and_language(client, consultation):
    post_form(client, f"/c/{consultation.slug}/start?lang=en", {"band": "9-12"})
    page = client.get(f"/c/{consultation.slug}/q/2").get_data(as_text=True)
    # 9-12 is below the independent age: the journey asks for a group code first.
    assert "Which apps" not in page
    client2 = client.application.test_client()
    post_form(client2, f"/c/{consultation.slug}/start?lang=fr", {"band": "13-15"})
    post_form(client2, f"/c/{consultation.slug}/assent", {"choice": "take-part"})
    page = client2.get(f"/c/{consultation.slug}/q/1").get_data(as_text=True)
    assert "Comment te sens-tu ?" in page and 'lang="fr"' in page


def test_back_keeps_what_was_typed(client, consultation):
    slug = consultation.slug
    post_form(client, f"/c/{slug}/start", {"band": "16-17"})
    post_form(client, f"/c/{slug}/assent", {"choice": "take-part"})
    post_form(client, f"/c/{slug}/q/4", {"answer": "kept word", "action": "back"})
    page = client.get(f"/c/{slug}/q/4").get_data(as_text=True)
    assert 'value="kept word"' in page


def test_review_lists_answers_and_skips(client, consultation):
    slug = consultation.slug
    post_form(client, f"/c/{slug}/start", {"band": "16-17"})
    post_form(client, f"/c/{slug}/assent", {"choice": "take-part"})
    post_form(client, f"/c/{slug}/q/3", {"answer": "yes", "action": "next"})
    page = client.get(f"/c/{slug}/review").get_data(as_text=True)
    assert "Yes" in page and "Skipped" in page


def test_no_thanks_saves_nothing(client, consultation, session):
    post_form(client, f"/c/{consultation.slug}/start", {"band": "16-17"})
    r = post_form(client, f"/c/{consultation.slug}/assent", {"choice": "no-thanks"})
    assert r.status_code == 200
    assert session.scalars(select(Submission)).all() == []


def test_disclosure_shows_help_at_once_and_still_gives_the_code(client, consultation, session):
    done = take_part(client, consultation.slug, region="EUR", answers={
        5: "A man in a game keeps asking me for photos and says I must not tell anyone"})
    html = done.get_data(as_text=True)
    assert done.status_code == 200 and return_code(done)
    # Gentle, and not assuming what happened (the detector may be wrong).
    assert "If something is worrying you" in html and "sounds hard" not in html
    assert "Allô Enfance en Danger" in html  # region EUR is given as France
    submission = session.scalars(select(Submission)).one()
    assert submission.status == "escalated"


def test_a_chosen_option_can_be_taken_back(client, consultation, session):
    """A ticked radio button cannot be unticked, so single-choice and emoji
    questions offer "Clear my answer" once answered; Enter still means Next."""
    slug = consultation.slug
    post_form(client, f"/c/{slug}/start", {"band": "16-17"})
    post_form(client, f"/c/{slug}/assent", {"choice": "take-part"})
    page = client.get(f"/c/{slug}/q/3").get_data(as_text=True)
    assert 'value="clear"' not in page, "nothing to clear yet"
    post_form(client, f"/c/{slug}/q/3", {"answer": "yes", "action": "next"})
    page = client.get(f"/c/{slug}/q/3").get_data(as_text=True)
    assert 'value="yes" checked' in page
    buttons = [m for m in ('value="next"', 'value="back"', 'value="clear"') if m in page]
    assert buttons == ['value="next"', 'value="back"', 'value="clear"']
    assert page.index('value="next"') < page.index('value="clear"')
    r = post_form(client, f"/c/{slug}/q/3", {"answer": "yes", "action": "clear"})
    assert r.status_code == 302 and r.location.endswith(f"/c/{slug}/q/3")
    page = client.get(f"/c/{slug}/q/3").get_data(as_text=True)
    assert "checked" not in page and 'value="clear"' not in page
    post_form(client, f"/c/{slug}/q/4", {"answer": "fun", "action": "next"})
    done = post_form(client, f"/c/{slug}/review", {"action": "send"})
    assert return_code(done)
    assert [a.choices for a in session.scalars(select(Answer))] == [None]


def test_clearing_from_the_review_page_returns_to_it(client, consultation):
    slug = consultation.slug
    post_form(client, f"/c/{slug}/start", {"band": "16-17"})
    post_form(client, f"/c/{slug}/assent", {"choice": "take-part"})
    post_form(client, f"/c/{slug}/q/1", {"answer": "4", "action": "next"})
    r = post_form(client, f"/c/{slug}/q/1", {"to_review": "1", "action": "clear"},
                  page=f"/c/{slug}/q/1?review=1")
    assert r.location.endswith(f"/c/{slug}/q/1?review=1")
    page = client.get(r.location).get_data(as_text=True)
    assert 'name="to_review"' in page and "checked" not in page

"""Staff pages: their own language, kept while reading texts in other
languages, and none of the participant's elements."""

from __future__ import annotations

import re
import secrets
from datetime import date

import pytest

from consult.participate.models import Answer, Submission
from tests.factories import PASSWORD, post_form, sign_in, totp_now

ARABIC = "يجب أن تكون أزرار الإبلاغ أكبر"
PARTICIPANT_ONLY = ("Need help now?", "We never ask for your name, email",
                    "Come back with your return code")


def _html_lang(html: str) -> tuple[str, str]:
    match = re.search(r'<html lang="([a-z]+)" dir="([a-z]+)">', html)
    assert match, "no <html lang dir>"
    return match.group(1), match.group(2)


def _arabic_submission(session, consultation) -> int:
    submission = Submission(consultation_id=consultation.id, band="13-15", language="ar",
                            received_on=date.today(), status="pending",
                            code_hash=secrets.token_hex(16))
    idea = next(q for q in consultation.questions if q.key == "idea")
    submission.answers.append(Answer(question_id=idea.id, text_original=ARABIC,
                                     text_redacted=ARABIC))
    session.add(submission)
    session.commit()
    return submission.id


@pytest.mark.parametrize("url", ["/staff/login", "/staff/"])
def test_staff_pages_carry_no_participant_only_element(client, make_staff, url):
    if url != "/staff/login":
        sign_in(client, make_staff("moderator"))
    html = client.get(url).get_data(as_text=True)
    for words in PARTICIPANT_ONLY:
        assert words not in html, words
    assert 'aria-label="Language of the staff pages"' in html
    # All six languages, whatever the consultations offer.
    assert len(re.findall(r'hreflang="(ar|en|es|fr|ru|zh)"', html)) == 6


def test_participant_pages_keep_help_and_the_promise(client, consultation):
    html = client.get(f"/c/{consultation.slug}/").get_data(as_text=True)
    for words in PARTICIPANT_ONLY:
        assert words in html, words
    assert "Language of the staff pages" not in html


def test_language_chosen_at_sign_in_stays_after_it(client, make_staff):
    user = make_staff("moderator")
    assert _html_lang(client.get("/staff/login?lang=fr").get_data(as_text=True)) == ("fr", "ltr")
    r = post_form(client, "/staff/login", {"email": user.email, "password": PASSWORD,
                                           "code": totp_now(user)})
    assert r.status_code == 302
    assert _html_lang(client.get("/staff/").get_data(as_text=True))[0] == "fr"


def test_moderator_reads_an_arabic_submission_in_an_english_interface(
        app, client, session, consultation, make_staff):
    sign_in(client, make_staff("moderator"))
    client.get("/staff/?lang=en")
    # The same browser took the journey in Arabic: that is the participant's
    # choice and does not change the staff pages.
    client.get(f"/c/{consultation.slug}/?lang=ar")
    submission_id = _arabic_submission(session, consultation)
    html = client.get(f"/moderate/s/{submission_id}").get_data(as_text=True)
    assert _html_lang(html) == ("en", "ltr")
    assert re.search(r'<p class="answer-text" dir="auto" lang="ar"[^>]*>' + ARABIC, html)
    assert re.search(r'<textarea[^>]*dir="auto" lang="ar"', html)
    assert "Approve" in html


def test_staff_language_switch_leaves_the_participant_choice_alone(
        client, consultation, make_staff):
    sign_in(client, make_staff("moderator", "chair"))
    client.get(f"/c/{consultation.slug}/?lang=fr")
    assert _html_lang(client.get("/staff/?lang=ar").get_data(as_text=True)) == ("ar", "rtl")
    assert _html_lang(client.get("/moderate/").get_data(as_text=True)) == ("ar", "rtl")
    assert _html_lang(client.get("/chair/").get_data(as_text=True)) == ("ar", "rtl")
    # The journey stays in the participant's own choice.
    html = client.get(f"/c/{consultation.slug}/").get_data(as_text=True)
    assert _html_lang(html)[0] == "fr"


def test_chair_writes_french_feedback_in_an_english_interface(client, consultation,
                                                              make_staff):
    sign_in(client, make_staff("chair"))
    client.get("/staff/?lang=en")
    html = client.get(f"/chair/{consultation.id}/feedback?language=fr").get_data(as_text=True)
    assert _html_lang(html) == ("en", "ltr")
    assert re.search(r'<textarea[^>]*lang="fr"', html)
    assert _html_lang(client.get("/staff/").get_data(as_text=True)) == ("en", "ltr")

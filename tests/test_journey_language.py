"""Changing language mid-journey changes the consultation's own words too:
the question, its options and its hint follow the language chosen, whenever the
consultation is written in it."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import escape
from sqlalchemy import select

from consult.participate.models import Submission
from tests.factories import post_form, return_code

WORDS = {
    "en": {"q1": "Which app do you use most?", "h1": "Pick one.", "o1": "Games",
           "q2": "What should apps change?", "h2": "Write as much as you like.",
           "q3": "Do you feel safe online?", "o3": "Yes"},
    "fr": {"q1": "Quelle application utilises-tu le plus ?", "h1": "Choisis-en une.",
           "o1": "Jeux", "q2": "Que devraient changer les applications ?",
           "h2": "Écris autant que tu veux.", "q3": "Te sens-tu en sécurité en ligne ?",
           "o3": "Oui"},
    "ar": {"q1": "ما التطبيق الذي تستخدمه أكثر؟", "h1": "اختر واحدًا.", "o1": "الألعاب",
           "q2": "ما الذي يجب أن تغيره التطبيقات؟", "h2": "اكتب ما تشاء.",
           "q3": "هل تشعر بالأمان على الإنترنت؟", "o3": "نعم"},
}
LANGS = tuple(WORDS)


def _in_all(key: str) -> dict[str, dict[str, str]]:
    return {"default": {lang: words[key] for lang, words in WORDS.items()}}


def _three_languages() -> dict[str, Any]:
    return {
        "languages": list(LANGS),
        "title": {lang: f"Title {lang}" for lang in LANGS},
        "questions": [
            {"key": "app", "kind": "single_choice", "prompt": _in_all("q1"),
             "help": _in_all("h1"),
             "options": [{"key": "games", "label": _in_all("o1")},
                         {"key": "video", "label": {"default": {"en": "Video"}}}]},
            {"key": "change", "kind": "long_text", "prompt": _in_all("q2"),
             "help": _in_all("h2")},
            {"key": "safe", "kind": "single_choice", "prompt": _in_all("q3"),
             "options": [{"key": "yes", "label": _in_all("o3")},
                         {"key": "no", "label": {"default": {"en": "No"}}}]},
        ],
    }


def _shown(page: str, lang: str, *keys: str) -> None:
    assert re.search(rf'<html lang="{lang}"', page), f"the page is not in {lang}"
    for key in keys:
        assert str(escape(WORDS[lang][key])) in page, f"{key} not in {lang}"
        for other in LANGS:
            if other != lang:
                assert str(escape(WORDS[other][key])) not in page, f"{key} still in {other}"


def test_every_step_follows_the_language_chosen_on_it(client, make_consultation, session):
    slug = make_consultation("three-languages", **_three_languages()).slug
    post_form(client, f"/c/{slug}/start?lang=en", {"band": "16-17"})
    post_form(client, f"/c/{slug}/assent?lang=fr", {"choice": "take-part"})
    # Each question is opened in a language other than the one before it.
    steps = [(1, "ar", ("q1", "h1", "o1"), "games"),
             (2, "fr", ("q2", "h2"), "Plus de boutons pour signaler"),
             (3, "en", ("q3", "o3"), "yes")]
    for n, lang, keys, answer in steps:
        url = f"/c/{slug}/q/{n}?lang={lang}"
        _shown(client.get(url).get_data(as_text=True), lang, *keys)
        r = post_form(client, f"/c/{slug}/q/{n}", {"answer": answer, "action": "next"},
                      page=url)
        assert r.status_code == 302
        # The next page, with no ?lang=, stays in the language just chosen.
        if n < len(steps):
            _shown(client.get(f"/c/{slug}/q/{n}").get_data(as_text=True), lang, f"q{n}")
    post_form(client, f"/c/{slug}/quote", {"consent": "no", "action": "next"})
    review = client.get(f"/c/{slug}/review?lang=ar").get_data(as_text=True)
    _shown(review, "ar", "q1", "o1", "q2", "q3", "o3")
    done = post_form(client, f"/c/{slug}/review", {"action": "send"})
    assert return_code(done)
    submission = session.scalars(select(Submission)).one()
    assert submission.language == "ar", "stored in the language last read"


def test_a_language_the_consultation_lacks_leaves_its_words_as_they_were(
        client, consultation):
    """The test consultation is in English and French: on a Russian page its
    words stay French, marked so that their direction comes from the text."""
    slug = consultation.slug
    post_form(client, f"/c/{slug}/start?lang=fr", {"band": "16-17"})
    post_form(client, f"/c/{slug}/assent", {"choice": "take-part"})
    page = client.get(f"/c/{slug}/q/1?lang=ru").get_data(as_text=True)
    assert '<html lang="ru"' in page
    assert "Comment te sens-tu ?" in page


def test_words_in_another_language_than_the_page_keep_their_own_direction(
        client, consultation):
    """An English question on an Arabic page: dir="auto" lets the browser put
    its question mark at the end of the English sentence, not at its start."""
    slug = consultation.slug
    post_form(client, f"/c/{slug}/start?lang=en", {"band": "16-17"})
    post_form(client, f"/c/{slug}/assent", {"choice": "take-part"})
    page = client.get(f"/c/{slug}/q/4?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in page
    assert re.search(r'<label for="answer" class="q-label" dir="auto">One word for the '
                     r'internet\?</label>', page)
    page = client.get(f"/c/{slug}/q/3?lang=ar").get_data(as_text=True)
    assert re.search(r'<legend class="q-label" dir="auto">Have you used a report button\?'
                     r'</legend>', page)
    assert re.search(r'<label for="answer-0" dir="auto">Yes</label>', page)

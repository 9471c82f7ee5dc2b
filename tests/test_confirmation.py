"""The page after sending: the one-time return code first, then, for everyone,
where help is, the participant's own country first (rules 3 and 8)."""

from __future__ import annotations

import re

from tests.factories import post_form, return_code, take_part

WORRYING = "A man in a game keeps asking me for photos and says I must not tell anyone"
DETAILS = re.compile(r"<details[^>]*>(.*?)</details>", re.DOTALL)


def _help(html: str) -> str:
    match = re.search(r'<section class="help-box[^"]*"[^>]*>(.*?)</section>', html, re.DOTALL)
    assert match, "no help on the confirmation page"
    return match.group(1)


def _near(help_html: str) -> str:
    """The helplines shown first: everything before the <details> list."""
    return help_html.split("<details", 1)[0]


def return_code_position(html: str) -> int:
    return html.index('id="return-code"')


def test_the_code_comes_before_any_helpline(client, consultation):
    html = take_part(client, consultation.slug, country="FR",
                     answers={5: WORRYING}).get_data(as_text=True)
    assert return_code_position(html) < html.index('class="help-box')
    assert return_code_position(html) < html.index('class="helplines"')


def test_the_countrys_own_helpline_comes_first_and_the_rest_are_folded(client, consultation):
    html = take_part(client, consultation.slug, country="FR").get_data(as_text=True)
    helps = _help(html)
    assert "Allô Enfance en Danger" in _near(helps)
    assert "Childline Kenya" not in _near(helps)
    folded = DETAILS.search(helps)
    assert folded and "Childline Kenya" in folded.group(1)
    assert "Allô Enfance en Danger" not in folded.group(1), "shown once, not twice"


def test_a_country_without_its_own_helpline_gets_its_region_first(client, consultation):
    # Belgium has no entry of its own; Europe's helplines come first.
    helps = _help(take_part(client, consultation.slug, country="BE").get_data(as_text=True))
    assert "Allô Enfance en Danger" in _near(helps) and "Childline Kenya" not in _near(helps)


def test_without_a_country_every_helpline_is_in_the_list(client, consultation):
    helps = _help(take_part(client, consultation.slug).get_data(as_text=True))
    assert "Helplines near you" not in helps
    folded = DETAILS.search(helps)
    assert folded and "Allô Enfance en Danger" in folded.group(1)
    assert "Childline Kenya" in folded.group(1)
    assert "childhelplineinternational.org" in helps


def test_everyone_is_told_where_help_is(client, consultation):
    html = take_part(client, consultation.slug, answers={5: "Clearer report buttons"},
                     country="KE").get_data(as_text=True)
    helps = _help(html)
    assert "Need to talk to someone?" in helps and "Childline Kenya" in _near(helps)
    assert "If something is worrying you" not in html


def test_a_flagged_answer_is_met_gently_without_assuming(client, consultation):
    html = take_part(client, consultation.slug, answers={5: WORRYING},
                     country="KE").get_data(as_text=True)
    helps = _help(html)
    assert "If something is worrying you" in helps
    for assuming in ("sounds hard", "not your fault", "You are not alone"):
        assert assuming not in html
    assert "Childline Kenya" in _near(helps)


def test_helpline_countries_are_named_in_the_page_language(client, consultation):
    html = take_part(client, consultation.slug, country="FR", lang="fr").get_data(as_text=True)
    assert "Allô Enfance en Danger (119)</strong> (France)" in html
    assert "(Kenya)" in html
    html = take_part(client.application.test_client(), consultation.slug, country="KE",
                     lang="en").get_data(as_text=True)
    assert "Childline Kenya</strong> (Kenya)" in html


def test_changed_answers_show_where_help_is_too(client, consultation):
    code = return_code(take_part(client, consultation.slug, answers={5: "first"}))
    post_form(client, "/return", {"code": code, "action": "edit"})
    post_form(client, f"/c/{consultation.slug}/q/5", {"answer": "second", "action": "next"})
    done = post_form(client, f"/c/{consultation.slug}/review", {"action": "send"})
    html = done.get_data(as_text=True)
    assert "Your changes are saved" in html and 'id="return-code"' not in html
    assert "Need to talk to someone?" in _help(html)

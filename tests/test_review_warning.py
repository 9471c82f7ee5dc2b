"""Before sending, the review page warns about personal data in an answer and
offers to change it (rule 4): the child can take it out before anyone sees it."""

from __future__ import annotations

import re

from tests.factories import post_form

PHONE_WARNING = "You wrote something that looks like a phone number."
EMAIL_WARNING = "You wrote something that looks like an email address."
HIDDEN = "We will hide it before your answer is shared."


def _review_with(client, slug: str, answers: dict[int, str], country: str = "") -> str:
    post_form(client, f"/c/{slug}/start?lang=en", {"band": "16-17", "country": country})
    post_form(client, f"/c/{slug}/assent", {"choice": "take-part"})
    for n, text in answers.items():
        post_form(client, f"/c/{slug}/q/{n}", {"answer": text, "action": "next"})
    return client.get(f"/c/{slug}/review").get_data(as_text=True)


def test_a_phone_number_is_pointed_out_with_a_way_to_change_it(client, consultation):
    slug = consultation.slug
    page = _review_with(client, slug, {5: "Text me on 07700 900123 if you want"}, "GB")
    warning = re.search(r'<li id="pii-5">(.*?)</li>', page, re.DOTALL)
    assert warning, "no warning for question 5"
    assert PHONE_WARNING in warning.group(1) and HIDDEN in warning.group(1)
    link = re.search(r'href="([^"]+)">Change my answer to question 5<', warning.group(1))
    assert link and link.group(1).replace("&amp;", "&") == f"/c/{slug}/q/5?review=1"
    # Following it and taking the number out leaves nothing to warn about.
    form = client.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert "07700 900123" in form
    r = post_form(client, f"/c/{slug}/q/5", {"answer": "Text me if you want", "to_review": "1",
                                            "action": "next"}, page=f"/c/{slug}/q/5?review=1")
    assert r.location.endswith(f"/c/{slug}/review")
    page = client.get(r.location).get_data(as_text=True)
    assert PHONE_WARNING not in page and 'class="notice pii-warning"' not in page


def test_each_kind_is_named_and_the_warning_comes_before_the_send_button(client,
                                                                         consultation):
    page = _review_with(client, consultation.slug,
                        {4: "jo.smith@example.com", 5: "call 07700 900123"}, "GB")
    assert EMAIL_WARNING in re.search(r'<li id="pii-4">(.*?)</li>', page, re.DOTALL).group(1)
    assert PHONE_WARNING in re.search(r'<li id="pii-5">(.*?)</li>', page, re.DOTALL).group(1)
    assert page.index('class="notice pii-warning"') < page.index('value="send"')


def test_an_answer_without_personal_data_gets_no_warning(client, consultation):
    page = _review_with(client, consultation.slug, {4: "fun", 5: "Clearer report buttons"})
    assert 'class="notice pii-warning"' not in page and "looks like" not in page


def test_the_warning_does_not_stop_sending(client, consultation):
    slug = consultation.slug
    _review_with(client, slug, {5: "my email is jo.smith@example.com"})
    done = post_form(client, f"/c/{slug}/review", {"action": "send"})
    assert 'id="return-code"' in done.get_data(as_text=True)

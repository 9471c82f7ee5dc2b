"""Issue 5: a participant reads consult in the language they choose.

The catalogues are compiled from translations/*.po into a temporary folder for
these tests (the .mo files are build output, made at install), so the tests do
not depend on a compile step having been run in the work tree.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from markupsafe import escape

from consult.i18n import LANGUAGES, NATIVE_NAMES
from tests.factories import post_form, take_part

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "translations"
HTML_TAG = re.compile(r"<html\b[^>]*>")
SWITCHER = re.compile(r'<nav class="langs"[^>]*>(.*?)</nav>', re.DOTALL)
SWITCH_LINK = re.compile(r'<a href="([^"]*)"([^>]*)>([^<]*)</a>')


@cache
def catalogue(lang: str) -> Catalog:
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def t(lang: str, msgid: str) -> str:
    """The catalogue's translation of `msgid`, as Jinja would print it."""
    message = catalogue(lang).get(msgid)
    assert message is not None and message.string, f"{msgid!r} is not translated in {lang}"
    return str(escape(message.string))


def html_attrs(page: str) -> dict[str, str]:
    match = HTML_TAG.search(page)
    assert match, "no <html> tag"
    return dict(re.findall(r'(\w+)="([^"]*)"', match.group(0)))


def switcher(page: str) -> dict[str, tuple[str, str]]:
    """code -> (href, link text) for each link of the language switcher."""
    match = SWITCHER.search(page)
    assert match, "no language switcher on the page"
    links = {}
    for href, attrs, text in SWITCH_LINK.findall(match.group(1)):
        code = re.search(r'hreflang="([^"]+)"', attrs)
        assert code, f"switcher link without hreflang: {href}"
        links[code.group(1)] = (href.replace("&amp;", "&"), text)
    return links


@pytest.fixture(scope="session")
def compiled_translations(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("translations")
    for lang in LANGUAGES:
        target = out / lang / "LC_MESSAGES"
        target.mkdir(parents=True)
        with (target / "messages.mo").open("wb") as fh:
            write_mo(fh, catalogue(lang))
    return out


@pytest.fixture(autouse=True)
def translated(app: Any, compiled_translations: Path) -> Any:
    """Point the app at the freshly compiled catalogues. Flask-Babel caches the
    loaded catalogues per process, so empty the cache before and after."""
    from consult.extensions import babel

    app.extensions["babel"].translation_directories = [str(compiled_translations)]
    with app.app_context():
        cache = babel.domain_instance.cache
    cache.clear()
    yield app
    cache.clear()


def test_the_app_reads_the_catalogues_in_translations(app: Any) -> None:
    assert Path(app.config["BABEL_TRANSLATION_DIRECTORIES"]) == TRANSLATIONS


def test_lang_fr_renders_french_left_to_right(client: Any) -> None:
    page = client.get("/?lang=fr").get_data(as_text=True)
    assert html_attrs(page) == {"lang": "fr", "dir": "ltr"}
    assert t("fr", "Have your say") in page
    assert t("fr", "We never ask for your name, email, phone number, school or address.") in page
    assert "Have your say" not in page


def test_lang_ar_renders_arabic_right_to_left(client: Any) -> None:
    page = client.get("/?lang=ar").get_data(as_text=True)
    assert html_attrs(page) == {"lang": "ar", "dir": "rtl"}
    assert t("ar", "Have your say") in page
    assert "Have your say" not in page


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_every_language_renders_its_own_words(client: Any, lang: str) -> None:
    page = client.get(f"/?lang={lang}").get_data(as_text=True)
    assert html_attrs(page)["lang"] == lang
    assert t(lang, "Need help now?") in page
    assert t(lang, "Come back with your return code") in page


@pytest.mark.parametrize(("header", "expected"), [
    ("es-ES,es;q=0.9,en;q=0.5", "es"),
    ("zh-CN,zh;q=0.9", "zh"),
    ("ru-RU", "ru"),
    ("ar-EG,ar;q=0.9", "ar"),
    ("de-DE,de;q=0.9,fr;q=0.6", "fr"),
    ("de-DE", "en"),
])
def test_accept_language_picks_a_language_when_none_is_chosen(client: Any, header: str,
                                                               expected: str) -> None:
    page = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
    assert html_attrs(page)["lang"] == expected
    assert t(expected, "Have your say") in page


def test_a_chosen_language_beats_accept_language(client: Any) -> None:
    page = client.get("/?lang=fr", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert html_attrs(page)["lang"] == "fr"
    assert t("fr", "Have your say") in page


def test_the_choice_is_kept_through_the_journey(client: Any, consultation: Any) -> None:
    slug = consultation.slug
    russian = {"Accept-Language": "ru"}  # the browser asks for another language
    r = post_form(client, f"/c/{slug}/start?lang=fr", {"band": "16-17"}, headers=russian)
    assert r.status_code == 302
    # Later pages carry no ?lang= and still come in French.
    page = client.get(f"/c/{slug}/assent", headers=russian).get_data(as_text=True)
    assert html_attrs(page) == {"lang": "fr", "dir": "ltr"}
    assert t("fr", "Before you start") in page
    post_form(client, f"/c/{slug}/assent", {"choice": "take-part"}, headers=russian)
    page = client.get(f"/c/{slug}/q/1", headers=russian).get_data(as_text=True)
    assert html_attrs(page)["lang"] == "fr"
    assert t("fr", "Question %(n)d of %(total)d") % {"n": 1, "total": 5} in page
    # The consultation's own French wording is shown too.
    assert "Comment te sens-tu ?" in page
    page = client.get("/", headers=russian).get_data(as_text=True)
    assert html_attrs(page)["lang"] == "fr"


def test_the_whole_journey_ends_in_the_chosen_language(client: Any, consultation: Any) -> None:
    done = take_part(client, consultation.slug, lang="fr", headers={"Accept-Language": "en"})
    page = done.get_data(as_text=True)
    assert html_attrs(page) == {"lang": "fr", "dir": "ltr"}
    assert t("fr", "Thank you!") in page
    assert t("fr", "Your return code") in page
    assert 'id="return-code"' in page
    page = client.get("/return").get_data(as_text=True)
    assert html_attrs(page)["lang"] == "fr"
    assert t("fr", "Come back with your return code") in page


def test_switching_back_is_kept_too(client: Any, consultation: Any) -> None:
    post_form(client, f"/c/{consultation.slug}/start?lang=fr", {"band": "16-17"})
    page = client.get(f"/c/{consultation.slug}/assent?lang=en").get_data(as_text=True)
    assert html_attrs(page)["lang"] == "en"
    page = client.get(f"/c/{consultation.slug}/assent").get_data(as_text=True)
    assert html_attrs(page)["lang"] == "en"
    assert "Before you start" in page


def test_switcher_on_the_home_page_offers_all_six_languages(client: Any) -> None:
    page = client.get("/?lang=es").get_data(as_text=True)
    links = switcher(page)
    assert set(links) == set(LANGUAGES)
    for code, (href, text) in links.items():
        assert f"lang={code}" in href
        assert text == str(escape(NATIVE_NAMES[code]))
    assert re.search(r'hreflang="es"[^>]*aria-current="true"', page)
    # Following a link shows that language.
    page = client.get(links["ar"][0]).get_data(as_text=True)
    assert html_attrs(page) == {"lang": "ar", "dir": "rtl"}


@pytest.mark.parametrize("path", ["/c/{slug}/", "/c/{slug}/start", "/return", "/help",
                                  "/results/"])
def test_switcher_is_on_participant_pages(client: Any, consultation: Any, path: str) -> None:
    url = path.format(slug=consultation.slug)
    page = client.get(url).get_data(as_text=True)
    links = switcher(page)
    expected = set(consultation.languages) if "{slug}" in path else set(LANGUAGES)
    assert set(links) == expected
    for code, (href, _text) in links.items():
        assert href.split("?")[0] == url, "the switcher stays on the same page"
        assert f"lang={code}" in href


def test_switcher_keeps_the_page_while_answering(client: Any, consultation: Any) -> None:
    slug = consultation.slug
    post_form(client, f"/c/{slug}/start", {"band": "16-17"})
    post_form(client, f"/c/{slug}/assent", {"choice": "take-part"})
    links = switcher(client.get(f"/c/{slug}/q/2").get_data(as_text=True))
    assert set(links) == {"en", "fr"}
    page = client.get(links["fr"][0]).get_data(as_text=True)
    assert html_attrs(page)["lang"] == "fr"
    assert t("fr", "Question %(n)d of %(total)d") % {"n": 2, "total": 5} in page


def test_switcher_keeps_the_other_query_arguments(client: Any, consultation: Any) -> None:
    slug = consultation.slug
    post_form(client, f"/c/{slug}/start", {"band": "16-17"})
    post_form(client, f"/c/{slug}/assent", {"choice": "take-part"})
    links = switcher(client.get(f"/c/{slug}/q/3?review=1&lang=en").get_data(as_text=True))
    assert links["fr"][0] == f"/c/{slug}/q/3?review=1&lang=fr"
    page = client.get(links["fr"][0]).get_data(as_text=True)
    assert 'name="to_review"' in page


def test_switcher_on_an_unknown_address_leads_home(client: Any) -> None:
    links = switcher(client.get("/no/such/page").get_data(as_text=True))
    assert links["es"][0] == "/?lang=es"


def test_emoji_labels_follow_the_page_language_on_the_same_question(
        client: Any, consultation: Any) -> None:
    """A worker keeps each question's form; the emoji labels must still change
    with the language of the page."""
    slug = consultation.slug
    post_form(client, f"/c/{slug}/start?lang=en", {"band": "16-17"})
    post_form(client, f"/c/{slug}/assent", {"choice": "take-part"})
    english = client.get(f"/c/{slug}/q/1").get_data(as_text=True)
    assert "Very unhappy" in english
    french = client.get(f"/c/{slug}/q/1?lang=fr").get_data(as_text=True)
    assert t("fr", "Very unhappy") in french
    assert "Very unhappy" not in french
    again = client.get(f"/c/{slug}/q/1?lang=en").get_data(as_text=True)
    assert "Very unhappy" in again


def test_staff_pages_name_a_consultation_state_in_the_page_language(
        client: Any, consultation: Any, make_staff: Any) -> None:
    from tests.factories import sign_in

    sign_in(client, make_staff("chair"))
    message = catalogue("fr").get("Open", context="consultation state")
    assert message is not None and message.string
    for path in ("/staff/?lang=fr", "/chair/?lang=fr"):
        page = client.get(path).get_data(as_text=True)
        assert html_attrs(page)["lang"] == "fr"
        assert str(escape(message.string)) in page, path
        assert "· open ·" not in page and "<td>open</td>" not in page

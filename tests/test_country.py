"""A child is asked for their country, not an ITU region (rule 2).

The country picks the helplines shown after sending; only its ITU region is
stored. The country lives in the server-side draft, is handed to the
confirmation page, and is then gone: no submission column, export, log line
or cookie holds it.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime

import babel
import pytest
import yaml
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import select, text

from consult.help.countries import DATA, country_choices, country_regions, region_of
from consult.help.service import DATA as HELPLINES
from consult.i18n import LANGUAGES
from consult.models import Base
from consult.moderate.service import approve
from consult.participate.models import Submission
from consult.vocabulary import ITU_REGIONS
from tests.factories import post_form, return_code, take_part
from tests.test_exports import everything, run

COUNTRY, NAME, REGION = "KE", "Kenya", "AFR"
# The code as a value (quoted, or a word of its own), not as letters in a word.
AS_VALUE = re.compile(r"(?<![A-Za-z])KE(?![A-Za-z])")


def _everything_stored(session) -> str:
    return "\n".join(repr(tuple(row)) for table in Base.metadata.sorted_tables
                     for row in session.execute(select(table)))


def _session_cookie(client) -> dict:
    serializer = SecureCookieSessionInterface().get_signing_serializer(client.application)
    cookie = client.get_cookie("session")
    return serializer.loads(cookie.value) if cookie else {}


# ------------------------------------------------------------------ the question


@pytest.mark.parametrize(("lang", "germany", "rather_not"), [
    ("en", "Germany", "I'd rather not say"), ("fr", "Allemagne", None),
    ("zh", "德国", None), ("ar", "ألمانيا", None)])
def test_the_start_page_lists_countries_in_the_page_language(client, consultation, lang,
                                                             germany, rather_not):
    page = client.get(f"/c/{consultation.slug}/start?lang={lang}").get_data(as_text=True)
    select_tag = re.search(r'<select[^>]*name="country"[^>]*>(.*?)</select>', page, re.DOTALL)
    assert select_tag, "no country list"
    options = re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>',
                         select_tag.group(1))
    assert options[0][0] == "", "the first choice is to say nothing"
    if rather_not:
        assert options[0][1] == rather_not
    assert ("DE", germany) in options
    assert len(options) == len(country_regions()) + 1
    # No child is asked to know what an ITU region is.
    for region_name in ("Commonwealth of Independent States", "Asia and the Pacific"):
        assert region_name not in select_tag.group(1)


def test_countries_are_in_alphabetical_order_of_their_names():
    names = [name for _code, name in country_choices("fr")]
    assert names.index("Égypte") < names.index("Espagne") < names.index("Éthiopie")
    assert names.index("Afghanistan") == 0


def test_only_the_region_of_the_country_is_stored(client, consultation, session):
    take_part(client, consultation.slug, country="KZ")
    take_part(client.application.test_client(), consultation.slug, country="")
    assert sorted(str(s.region) for s in session.scalars(select(Submission))) == ["CIS", "None"]


def test_the_draft_keeps_the_country_until_sending_and_then_it_is_gone(client, consultation,
                                                                        session):
    slug = consultation.slug
    post_form(client, f"/c/{slug}/start", {"band": "16-17", "country": COUNTRY})
    states = [s for (s,) in session.execute(text("SELECT state FROM drafts"))]
    assert len(states) == 1 and COUNTRY in str(states[0])
    assert COUNTRY not in repr(_session_cookie(client)), "the country is not put in a cookie"
    post_form(client, f"/c/{slug}/assent", {"choice": "take-part"})
    post_form(client, f"/c/{slug}/q/1", {"answer": "3", "action": "next"})  # not an empty send
    done = post_form(client, f"/c/{slug}/review", {"action": "send"})
    assert return_code(done)
    assert session.execute(text("SELECT count(*) FROM drafts")).scalar() == 0
    assert not AS_VALUE.search(_everything_stored(session))
    assert COUNTRY not in repr(_session_cookie(client))


def test_no_submission_export_or_log_line_holds_the_country(app, session, consultation,
                                                            make_staff, caplog):
    caplog.set_level(logging.DEBUG)
    moderator = make_staff("moderator")
    for i in range(12):  # enough for the region to be shown in every export (k = 10)
        take_part(app.test_client(), consultation.slug, country=COUNTRY,
                  answers={1: "4", 3: "yes", 5: f"Clearer report buttons {i}"})
    for submission in session.scalars(select(Submission)):
        assert submission.region == REGION
        approve(session, submission.id, moderator.id, datetime.now(UTC))
    session.commit()

    stored = _everything_stored(session)
    assert not AS_VALUE.search(stored) and NAME not in stored
    assert not AS_VALUE.search(caplog.text) and NAME not in caplog.text
    shown_region = False
    for fmt in ("csv", "json", "xlsx", "docx"):
        out = everything(run(session, consultation, fmt), fmt)
        assert not AS_VALUE.search(out) and NAME not in out, fmt
        shown_region = shown_region or REGION in out or "Africa" in out
    assert shown_region, "the region itself should reach the exports"


# ------------------------------------------------------------------ the data


def test_every_country_belongs_to_one_of_the_six_regions_and_has_names_everywhere():
    with DATA.open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    assert set(raw) == set(ITU_REGIONS)
    listed = [code for codes in raw.values() for code in codes]
    assert len(listed) == len(set(listed)), "a country is in two regions"
    assert all(isinstance(code, str) and re.fullmatch(r"[A-Z]{2}", code) for code in listed)
    for lang in LANGUAGES:
        territories = babel.Locale.parse(lang).territories
        assert [code for code in listed if code not in territories] == [], lang
    for big in ("CN", "IN", "US", "ID", "PK", "NG", "BR", "BD", "RU", "MX", "NO", "EG"):
        assert big in country_regions(), big


def test_every_helpline_country_is_in_the_region_its_entry_says():
    with HELPLINES.open(encoding="utf-8") as fh:
        entries = yaml.safe_load(fh)["entries"]
    wrong = [(e["country"], e["itu_region"], region_of(e["country"])) for e in entries
             if region_of(e["country"]) != e["itu_region"]]
    assert wrong == []


# ------------------------------------------------------------------ the help page


def _near_and_folded(html: str) -> tuple[str, str]:
    main = html.split("<main", 1)[1]
    near, _, rest = main.partition("<details")
    return near, rest.split("</details>", 1)[0]


def test_the_help_page_asks_for_a_country_not_a_region(client):
    page = client.get("/help?lang=fr").get_data(as_text=True)
    assert re.search(r'<select id="country" name="country">', page)
    assert 'value="DE">Allemagne</option>' in page
    assert "Communauté des États indépendants" not in page
    assert "Commonwealth of Independent States" not in page


def test_the_help_page_puts_the_countrys_helplines_first(client):
    near, folded = _near_and_folded(client.get("/help?country=KE").get_data(as_text=True))
    assert "Childline Kenya" in near and "Childline Kenya" not in folded
    assert "Childline South Africa" in folded
    assert 'value="KE" selected' in near


def test_the_region_remembered_from_the_journey_still_comes_first(client):
    near, folded = _near_and_folded(client.get("/help?region=ARB").get_data(as_text=True))
    assert "Sawa Child Helpline" in near and "Childline Kenya" in folded


def test_an_unknown_country_shows_every_helpline(client):
    response = client.get("/help?country=Atlantis")
    near, folded = _near_and_folded(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "Helplines near you" not in near
    assert "Childline Kenya" in folded and "Sawa Child Helpline" in folded

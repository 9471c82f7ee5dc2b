"""The public finds and reuses the outputs: /results/ by meeting, the files of
each publication, the Atom feed, the links from the participant pages, and the
age-band view, which together with the all-ages page never gives away a small
count (docs/privacy.md#rule-5)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
from sqlalchemy import select

from consult.consultations.models import Consultation
from consult.moderate import service as moderation
from consult.participate.models import Submission
from consult.participate.service import submit
from consult.privacy.disclosure import FEWER_THAN_K, HIDDEN_TO_PROTECT
from consult.results import service as results
from consult.results.files import PublicFile, add_provider, public_files, remove_provider
from consult.summarize.service import protection
from tests.disclosure_attack import attacker_for, pinned_small_cells
from tests.factories import csrf_token, return_code, take_part

ATOM = "{http://www.w3.org/2005/Atom}"
NOW = datetime.now(UTC)
BANDS = ["9-12", "13-15", "16-17", "18-24"]


@pytest.fixture
def chair(make_staff):
    return make_staff("chair", "moderator", email="chair@example.org")


def _answers(session, consultation, chair, groups: list[tuple[str, int, str]]) -> None:
    """`n` approved submissions of band `band` answering the report question `choice`."""
    for band, n, choice in groups:
        for _ in range(n):
            submit(session, consultation, {"band": band, "lang": "en", "region": "EUR",
                                           "answers": {"report": choice, "feel": "4"}},
                   secret="test-secret-key", today=NOW.date())
    for sid in session.scalars(select(Submission.id).where(Submission.status == "pending")):
        moderation.approve(session, sid, chair.id, NOW)
    session.commit()


def _publish(session, consultation, chair, when=NOW):
    row = session.get(Consultation, consultation.id)
    row.status = "closed"
    session.flush()
    results.publish(session, row, chair.id, when)
    session.commit()
    return row


GENEVA = {"key": "geneva-2027", "name": {"en": "Geneva, April 2027", "fr": "Genève, avril 2027"},
          "starts_on": "2027-04-20", "ends_on": "2027-04-21", "place": {"en": "Geneva"},
          "symbol": "CWG-COP-22/1"}
ONLINE = {"key": "online-2027", "name": {"en": "Online, October 2027"},
          "starts_on": "2027-10-05", "online": True}


def test_results_are_listed_by_meeting_newest_first_with_their_files_and_no_cookie(
        client, session, make_consultation, chair):
    older = make_consultation("older-one", meeting=GENEVA)
    newer = make_consultation("newer-one", meeting=ONLINE)
    same = make_consultation("same-meeting", meeting=GENEVA)
    for c in (older, newer, same):
        _answers(session, c, chair, [("16-17", 10, "yes")])
    _publish(session, older, chair, NOW - timedelta(days=30))
    _publish(session, newer, chair, NOW - timedelta(days=20))
    _publish(session, same, chair, NOW - timedelta(days=10))
    r = client.get("/results/")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and r.headers.getlist("Set-Cookie") == []
    # Geneva holds the newest publication, so it comes first, its newest first.
    order = [html.index(text) for text in ("Geneva, April 2027", "/results/same-meeting",
                                           "/results/older-one", "Online, October 2027",
                                           "/results/newer-one")]
    assert order == sorted(order)
    assert "CWG-COP-22/1" in html
    for slug in ("older-one", "newer-one", "same-meeting"):
        assert f'href="/results/{slug}.json"' in html
        json = client.get(f"/results/{slug}.json")
        assert json.status_code == 200 and json.headers.getlist("Set-Cookie") == []
    page = client.get("/results/same-meeting")
    assert page.headers.getlist("Set-Cookie") == []
    assert 'href="/results/same-meeting.json"' in page.get_data(as_text=True)


def test_a_package_adds_its_public_files_through_the_hook(app, client, session, consultation,
                                                          chair):
    _answers(session, consultation, chair, [("16-17", 10, "yes")])
    c = _publish(session, consultation, chair)

    def report(_session, pub):
        return [PublicFile("docx", "results.page", {"slug": pub.slug, "lang": lang},
                           "application/vnd.openxmlformats-officedocument."
                           "wordprocessingml.document", lang) for lang in ("fr", "en")]

    add_provider(report)
    try:
        pub = results.publication(session, c.slug)
        files = public_files(session, pub)
        assert [(f.kind, f.lang) for f in files] == [("docx", "en"), ("docx", "fr"),
                                                     ("json", None)]
        html = client.get("/results/").get_data(as_text=True)
        assert html.count("Report (Word, DOCX)") == 2 and 'hreflang="fr"' in html
        assert "Report (Word, DOCX)" in client.get(f"/results/{c.slug}").get_data(as_text=True)
    finally:
        remove_provider(report)
    assert [f.kind for f in public_files(session, pub)] == ["json"]


def test_the_atom_feed_lists_every_publication_with_its_files(client, session,
                                                              make_consultation, chair):
    first = make_consultation("first-one", meeting=GENEVA)
    second = make_consultation("second-one", meeting=ONLINE)
    for c in (first, second):
        _answers(session, c, chair, [("16-17", 10, "yes")])
    _publish(session, first, chair, NOW - timedelta(days=3))
    _publish(session, second, chair, NOW - timedelta(days=1))
    r = client.get("/results/feed.atom?lang=fr")
    assert r.status_code == 200 and r.mimetype == "application/atom+xml"
    assert r.headers.getlist("Set-Cookie") == []
    feed = ET.fromstring(r.data)  # noqa: S314  (our own feed, not untrusted input)
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    for element in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{element}").text, element
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"].endswith("/results/feed.atom?lang=fr")
    assert links["alternate"].endswith("/results/")
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}link[@rel='alternate']").get("href").rsplit("/", 1)[1]
            for e in entries] == ["second-one", "first-one"]
    for entry in entries:
        # RFC 4287: every entry has an id, a title and an updated date (and, with
        # no content, an alternate link); the feed has an author for them all.
        assert entry.find(f"{ATOM}id").text.startswith("http")
        assert entry.find(f"{ATOM}title").text == "Rester en sécurité en ligne"
        datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
        data = entry.find(f"{ATOM}link[@rel='enclosure']")
        assert data.get("type") == "application/json" and data.get("href").endswith(".json")
    assert entries[1].find(f"{ATOM}summary").text == "Genève, avril 2027"
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "CWG-COP"
    assert 'type="application/atom+xml"' in client.get("/results/").get_data(as_text=True)


def test_the_home_page_points_to_results_when_nothing_is_open(client, session, consultation):
    assert "/results/" not in client.get("/").get_data(as_text=True)
    session.get(Consultation, consultation.id).status = "closed"
    session.commit()
    assert 'href="/results/?lang=en"' in client.get("/?lang=en").get_data(as_text=True)


def test_confirmation_and_return_pages_link_to_the_results_once_published(
        app, client, session, consultation, chair):
    done = take_part(app.test_client(), consultation.slug).get_data(as_text=True)
    assert f"/results/{consultation.slug}" not in done and 'href="/results/?' in done
    code = re.search(r'id="return-code">([0-9-]+)<', done).group(1)

    def status_page() -> str:
        token = csrf_token(client.get("/return").get_data(as_text=True))
        return client.post("/return", data={"code": code, "csrf_token": token}).get_data(
            as_text=True)

    assert f"/results/{consultation.slug}" not in status_page()
    _answers(session, consultation, chair, [("16-17", 10, "yes")])
    _publish(session, consultation, chair)
    assert f'href="/results/{consultation.slug}?lang=en"' in status_page()
    assert return_code  # the factory's own reader of the code, used by other tests


class _Tables(HTMLParser):
    """Each table of a page by its id: rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current: list[list[str]] | None = None
        self.cell: list[str] | None = None
        self.count = 0
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "table":
            self.count += 1
            self.current = self.tables.setdefault(dict(attrs).get("id") or str(self.count), [])
        elif tag == "tr" and self.current is not None:
            self.current.append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag in ("sup", "meter"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None and self.current:
            self.current[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag in ("sup", "meter"):
            self.skip -= 1
        elif tag == "table":
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None and not self.skip:
            self.cell.append(data)


def _tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def _read(attacker, key: Any, text: str, k: int) -> None:
    """What one cell of a page says: a count, or a label of a hidden count."""
    text = re.sub(r"\s*[\d.]+%$", "", text)  # the share, read from the count
    if text == FEWER_THAN_K % {"k": k}:
        attacker.label(key, "fewer-than-k", None)
    elif text == HIDDEN_TO_PROTECT:
        attacker.label(key, "protects-another", None)
    else:
        attacker.label(key, None, int(text))


def test_the_age_band_view_and_the_all_ages_page_together_pin_no_small_count(
        client, session, make_consultation, chair):
    c = make_consultation("by-band")
    # 13-15 is a band of 3, who chose "no" as 4 of 18-24 did: each page hides
    # them (and 9-12 to protect them); an attacker who holds both pages (and
    # knows how the counts add up) must not be able to work out any count
    # from 1 to k-1.
    _answers(session, c, chair, [("9-12", 10, "yes"), ("13-15", 3, "no"),
                                 ("16-17", 12, "yes"), ("18-24", 9, "yes"),
                                 ("18-24", 4, "no")])
    c = _publish(session, c, chair)
    summary = client.get(f"/results/{c.slug}.json").get_json()
    k = summary["consultation"]["k"]
    main = client.get(f"/results/{c.slug}").get_data(as_text=True)
    assert f'href="/results/{c.slug}/bands?lang=en"' in main
    page = client.get(f"/results/{c.slug}/bands?lang=en")
    assert page.status_code == 200 and page.headers.getlist("Set-Cookie") == []
    bands_html = page.get_data(as_text=True)
    # 13-15 is too small to have a column of its own, and 9-12 is hidden to protect it.
    band_of = {cell["label"]["en"]: cell["key"] for cell in summary["participation"]["band"]}
    assert "13–15 years" not in bands_html and "9–12 years" not in bands_html
    assert "16–17 years" in bands_html and "18–24 years" in bands_html

    p = protection(session, session.get(Consultation, c.id))
    truth = p.table.values
    assert truth[("qb", "report", "13-15", "no")] == 3
    attacker = attacker_for(p.table)
    main_tables, band_tables = _tables(main), _tables(bands_html)
    names = {"Yes": "yes", "No": "no"}
    seen = 0
    # The all-ages page: who took part, and the report question's options.
    for row in main_tables["1"][1:]:  # by age band
        _read(attacker, ("band", band_of[row[0]]), row[1], k)
        seen += 1
    for rows in main_tables.values():
        for row in rows[1:]:
            if row and row[0] in names and len(row) >= 2 and rows[0][0] == "Answer":
                _read(attacker, ("q", "report", names[row[0]]), row[1], k)
                seen += 1
    # The age-band view: every question's table, band by band and all ages.
    for q in summary["questions"]:
        rows = band_tables[f"bands-{q['key']}"]
        columns = [band_of[h] for h in rows[0][1:-1]]
        labels = {" ".join(filter(None, (o.get("face"), o["label"]["en"]))): o["key"]
                  for o in q["options"]}
        for row in rows[1:]:
            what = {"Answered:": "answered", "Skipped:": "skipped"}.get(row[0]) or labels[row[0]]
            for band, text in zip(columns, row[1:-1], strict=True):
                _read(attacker, ("qb", q["key"], band, what), text, k)
                seen += 1
            _read(attacker, ("q", q["key"], what), row[-1], k)
            seen += 1
    assert seen > 30
    assert pinned_small_cells(attacker, truth) == []
    # And every count either page shows is 0 or k and more.
    shown = [int(n) for html in (main, bands_html)
             for n in re.findall(r"<bdi>(\d+)</bdi>", html)]
    assert shown and not [n for n in shown if 0 < n < k]


def test_no_age_band_view_when_k_allows_fewer_than_two_bands(client, session, consultation,
                                                             chair):
    _answers(session, consultation, chair, [("16-17", 12, "yes"), ("18-24", 3, "no")])
    c = _publish(session, consultation, chair)
    assert "/bands" not in client.get(f"/results/{c.slug}").get_data(as_text=True)
    assert client.get(f"/results/{c.slug}/bands").status_code == 404

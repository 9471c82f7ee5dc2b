"""Every participant page, its HTML plus every stylesheet, script and image it
references, is at most 30 KB gzip-compressed (level 6), and loads nothing from
another origin (DESIGN.md rule 10). Participants are often on a cheap phone on a
slow network. Measured in all six languages; the sizes are printed (pytest -s)."""

from __future__ import annotations

import gzip
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from consult.consultations.models import Consultation
from tests.demo_site import DEMO, LANGS, PUBLISHED, seed
from tests.factories import post_form, return_code

BUDGET = 30_000  # bytes: "30 KB", read strictly
ASSET = re.compile(r"<(?:link|script|img|source|iframe|embed)\b[^>]*?\b(?:href|src)=\"([^\"]+)\"")
FOREIGN_IN_HTML = re.compile(r"\bsrc=[\"']?[^\"'\s>]*//|<link\b[^>]*\bhref=[\"']?[^\"'\s>]*//")
FOREIGN_IN_CSS = re.compile(r"url\(\s*[\"']?[^\"')]*//|@import")


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


@pytest.fixture
def site(app: Any, session: Any, make_staff: Any) -> dict[str, Any]:
    chair, moderator = make_staff("chair"), make_staff("moderator")
    ids = seed(session, datetime.now(UTC), app.config["SECRET_KEY"],
               chair_id=chair.id, moderator_id=moderator.id)
    session.commit()
    demo = session.get(Consultation, ids["demo"])
    kinds: dict[str, int] = {}
    for n, q in enumerate(demo.questions, start=1):
        kinds.setdefault(q.kind, n)
    return {"kinds": kinds}


def participant_pages(client: Any, lang: str, kinds: dict[str, int]) -> list[tuple[str, str]]:
    """(name, HTML) for each participant page, walking the journey as a browser would."""
    pages = []

    def get(name: str, url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        pages.append((name, response.get_data(as_text=True)))

    get("home", f"/?lang={lang}")
    get("consultation", f"/c/{DEMO}/?lang={lang}")
    get("start", f"/c/{DEMO}/start?lang={lang}")
    assert post_form(client, f"/c/{DEMO}/start?lang={lang}",
                     {"band": "16-17", "region": ""}).status_code == 302
    get("assent", f"/c/{DEMO}/assent")
    assert post_form(client, f"/c/{DEMO}/assent", {"choice": "take-part"}).status_code == 302
    for kind, n in sorted(kinds.items()):
        get(f"question: {kind}", f"/c/{DEMO}/q/{n}")
    get("quote consent", f"/c/{DEMO}/quote")
    text = kinds.get("long_text") or kinds["short_text"]  # an empty send is refused
    assert post_form(client, f"/c/{DEMO}/q/{text}", {"answer": "Games",
                                                   "action": "next"}).status_code == 302
    get("review", f"/c/{DEMO}/review")
    sent = post_form(client, f"/c/{DEMO}/review", {"action": "send"})
    assert sent.status_code == 200
    pages.append(("confirmation", sent.get_data(as_text=True)))
    code = return_code(sent)
    get("return", f"/return?lang={lang}")
    status = post_form(client, f"/return?lang={lang}", {"code": code})
    assert status.status_code == 200 and "status-being-read" in status.get_data(as_text=True)
    pages.append(("status", status.get_data(as_text=True)))
    get("help", f"/help?lang={lang}")
    get("results index", f"/results/?lang={lang}")
    get("results page", f"/results/{PUBLISHED}?lang={lang}")
    return pages


def weigh(client: Any, html: str) -> tuple[int, int, list[str]]:
    """The page's compressed HTML, its compressed assets, and the problems found."""
    problems = [f"refers to another origin: {m.group(0)}" for m in FOREIGN_IN_HTML.finditer(html)]
    assets = 0
    for url in dict.fromkeys(ASSET.findall(html)):
        if not url.startswith("/") or url.startswith("//"):
            problems.append(f"asset not from this site: {url}")
            continue
        response = client.get(url)
        if response.status_code != 200:
            problems.append(f"{url} answers {response.status_code}")
            continue
        body = response.get_data()
        response.close()
        if url.split("?")[0].endswith(".css"):
            problems += [f"{url} loads from elsewhere: {m.group(0)}"
                         for m in FOREIGN_IN_CSS.finditer(body.decode("utf-8"))]
        assets += gz(body)
    return gz(html.encode("utf-8")), assets, problems


def test_every_participant_page_is_light_and_loads_only_from_this_site(
        client: Any, site: dict[str, Any]) -> None:
    rows: dict[str, dict[str, tuple[int, int]]] = {}
    problems: list[str] = []
    for lang in LANGS:
        client.delete_cookie("session")
        for name, html in participant_pages(client, lang, site["kinds"]):
            page, assets, found = weigh(client, html)
            rows.setdefault(name, {})[lang] = (page, assets)
            problems += [f"{name} ({lang}): {p}" for p in found]
            if page + assets > BUDGET:
                problems.append(f"{name} ({lang}): {page + assets} bytes compressed, "
                                f"over the {BUDGET}-byte budget")

    print(f"\nparticipant pages, gzip -6 bytes (HTML per language + its CSS/JS; budget {BUDGET})")
    print(f"{'page':<26}" + "".join(f"{lang:>7}" for lang in LANGS) + f"{'CSS+JS':>8}{'worst':>8}")
    for name, by_lang in rows.items():
        worst = max(p + a for p, a in by_lang.values())
        assets = max(a for _, a in by_lang.values())
        print(f"{name:<26}" + "".join(f"{by_lang[lang][0]:>7}" for lang in LANGS)
              + f"{assets:>8}{worst:>8}")
    assert not problems, "\n".join(problems)


def test_the_weigher_sees_a_foreign_script() -> None:
    html = ('<link rel="stylesheet" href="https://cdn.example/x.css">'
            '<script src="//cdn.example/x.js"></script><img src="/static/a.png">')
    assert len(FOREIGN_IN_HTML.findall(html)) == 2
    assert ASSET.findall(html)[-1] == "/static/a.png"

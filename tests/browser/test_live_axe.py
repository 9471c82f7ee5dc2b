"""axe-core on the live session's participant pages and the room screen, in all six
languages: zero violations (WCAG 2.0 A/AA, 2.1 AA, 2.2 AA). The screen is checked
at 1920x1080 and 1280x720 in each language the chair can pick."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, bindparam, text

from tests.browser.conftest import PHONE, LiveServer, describe_violations, run_axe
from tests.demo_site import DEMO, LANGS

SCREENS = ({"width": 1920, "height": 1080}, {"width": 1280, "height": 720})


def _check(page: Any, name: str, problems: list[str]) -> None:
    page.wait_for_load_state("load")
    violations = run_axe(page)
    if violations:
        problems.append(describe_violations(f"{name} <{page.url}>", violations))


def _click(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def _set_room(live: LiveServer, **values: Any) -> None:
    """The room's state as the chair would leave it, and a fresh screen build."""
    sets = ", ".join(f"{k} = :{k}" for k in values)
    with live.engine.begin() as conn:
        # Column names from this file only; the values are bound.
        conn.execute(text(f"UPDATE live_sessions SET {sets}, step = step + 1, "  # noqa: S608
                          "screen_built_from = NULL"), values)


def test_live_pages_have_no_axe_violations_in_six_languages(browser: Any,
                                                            live_server: LiveServer) -> None:
    problems: list[str] = []
    with live_server.engine.connect() as conn:
        first = conn.execute(text(
            "SELECT q.id FROM questions q JOIN consultations c ON c.id = q.consultation_id "
            "WHERE c.slug = :s AND q.live_order = 1"), {"s": DEMO}).scalar()
    for lang in LANGS:
        context = browser.new_context(viewport=PHONE, base_url=live_server.url,
                                      bypass_csp=True)
        page = context.new_page()
        _set_room(live_server, state="waiting", question_id=None)
        page.goto(f"/live?lang={lang}")
        _check(page, f"join [{lang}]", problems)
        page.goto(f"/live?lang={lang}&code=1")
        _check(page, f"join, wrong code [{lang}]", problems)
        page.goto(f"/live/{DEMO}?lang={lang}")
        _check(page, f"age screen [{lang}]", problems)
        _click(page, "main form button[type=submit]")
        _check(page, f"age screen, nothing chosen [{lang}]", problems)
        page.locator("input[name=band]").nth(2).check()
        _click(page, "main form button[type=submit]")
        _check(page, f"assent [{lang}]", problems)
        _click(page, "button[value=take-part]")
        _check(page, f"waiting [{lang}]", problems)
        page.goto("about:blank")  # its script would reload it when the room moves on
        _set_room(live_server, state="open", question_id=first)
        page.goto(f"/live/{DEMO}?lang={lang}")
        _check(page, f"question [{lang}]", problems)
        _click(page, "main form button[type=submit]")
        _check(page, f"question, nothing chosen [{lang}]", problems)
        page.locator("input[name=answer]").first.check()
        _click(page, "main form button[type=submit]")
        _check(page, f"answered, with return code [{lang}]", problems)
        context.close()
        # The screen at its fullest: the results of the first question, with bars.
        with live_server.engine.begin() as conn:
            conn.execute(text("UPDATE live_sessions SET results = :results").bindparams(
                bindparam("results", type_=JSON)),
                {"results": {str(first): {"yes": 14, "sometimes": 11, "no": 10}}})
        for viewport in SCREENS:
            _set_room(live_server, screen_lang=lang, state="results", question_id=first)
            screen = browser.new_context(viewport=viewport, base_url=live_server.url,
                                         bypass_csp=True)
            page = screen.new_page()
            page.goto(f"/live/{DEMO}/screen")
            _check(page, f"screen {viewport['width']}x{viewport['height']} [{lang}]", problems)
            # Nothing spills past the projector's edges.
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= viewport["width"], (lang, viewport, width)
            screen.close()
    assert not problems, "\n\n".join(problems)

"""What WCAG 2.2 added, measured in the browser on the participant pages:
target size (2.5.8), focus visible (2.4.7) and not obscured (2.4.11), help in the
same place on every page (3.2.6), and pasting a code rather than retyping it
(3.3.8; the staff sign-in paste is in test_staff_journeys.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.browser.conftest import PHONE, SECRET, LiveServer
from tests.demo_site import CLOSED, DEMO, PUBLISHED

DESKTOP = {"width": 1280, "height": 900}
MIN_TARGET = 24  # CSS px, WCAG 2.2 success criterion 2.5.8 (AA)


def submit(page: Any, selector: str = "main form button[type=submit]") -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def participant_pages(page: Any, lang: str) -> Iterator[str]:
    """Visit every kind of participant page; yield each one's name once it is shown."""
    for name, path in [("home", "/"), ("consultation", f"/c/{DEMO}/"),
                       ("closed consultation", f"/c/{CLOSED}/"), ("help", "/help"),
                       ("results index", "/results/"), ("results", f"/results/{PUBLISHED}"),
                       ("404", "/no-such-page"), ("return", "/return")]:
        page.goto(f"{path}?lang={lang}")
        yield name
    submit(page)
    yield "return, sent empty"
    page.goto(f"/c/{DEMO}/start?lang={lang}")
    yield "start"
    submit(page)
    yield "start, sent empty"
    page.check("input[name=band][value='16-17']")
    submit(page)
    yield "assent"
    submit(page, "button[value=take-part]")
    kinds_seen = set()
    while "/q/" in page.url:
        kind = ("text" if page.locator("main textarea, main input[type=text]").count()
                else "checkboxes" if page.locator("main input[type=checkbox]").count()
                else "radios")
        if kind not in kinds_seen:
            kinds_seen.add(kind)
            yield f"question ({kind})"
            if kind == "text":  # an empty submission is refused
                page.locator("main textarea, main input[type=text]").first.fill("Games")
        submit(page, "button[value=next]")
    yield "quote consent"
    submit(page, "button[value=next]")
    yield "review"
    submit(page, "button[value=send]")
    yield "confirmation"
    code = page.locator("#return-code").inner_text().strip()
    page.goto(f"/return?lang={lang}")
    page.fill("#code", code)
    submit(page)
    yield "status"


@pytest.fixture
def new_page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    contexts: list[Any] = []

    def make(viewport: dict[str, int] = PHONE, **options: Any) -> Any:
        context = browser.new_context(viewport=viewport, base_url=live_server.url, **options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


SMALL_TARGETS = """(min) => {
  const out = [];
  const targets = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, label[for]');
  for (const el of targets) {
    if (el.tagName === 'LABEL') {
      const input = document.getElementById(el.htmlFor);
      if (!input || !['checkbox', 'radio'].includes(input.type)) continue;
    }
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if ((r.width === 0 && r.height === 0) || style.visibility === 'hidden'
        || el.closest('[hidden]') || r.right < 0 || r.left > innerWidth + scrollX) continue;
    // 2.5.8's inline exception: a link within a sentence of a paragraph or list item.
    if (el.tagName === 'A') {
      const block = el.closest('p, li');
      if (block && block.textContent.trim().length > el.textContent.trim().length) continue;
    }
    if (r.width < min - 0.01 || r.height < min - 0.01) {
      out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}`
        + `${el.className ? '.' + String(el.className).replace(/ +/g, '.') : ''}`
        + ` "${(el.textContent || el.value || '').trim().slice(0, 40)}"`
        + ` ${r.width.toFixed(1)}x${r.height.toFixed(1)}`);
    }
  }
  return out;
}"""


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_target_is_at_least_24_px(new_page: Any, lang: str) -> None:
    page = new_page()
    small = []
    for name in participant_pages(page, lang):
        small += [f"{name}: {t}" for t in page.evaluate(SMALL_TARGETS, MIN_TARGET)]
    assert not small, "targets under 24×24 px:\n" + "\n".join(small)


FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  // A link that wraps over two lines: look at the middle of its first line.
  const first = el.getClientRects()[0] || r;
  // Something taller or wider than the screen (a long table) can only be partly in
  // view: then look at the middle of the part that is (WCAG 2.4.11: not entirely hidden).
  const fits = r.height <= innerHeight && r.width <= innerWidth;
  const box = fits ? first : {left: Math.max(r.left, 0), right: Math.min(r.right, innerWidth),
                              top: Math.max(r.top, 0), bottom: Math.min(r.bottom, innerHeight)};
  const x = (box.left + box.right) / 2, y = (box.top + box.bottom) / 2;
  const hit = document.elementFromPoint(x, y);
  return {
    name: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}`
          + ` "${(el.textContent || el.value || '').trim().slice(0, 30)}"`,
    index: [...document.querySelectorAll('*')].indexOf(el),
    style: [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' '),
    ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
          || s.boxShadow !== 'none',
    inView: x >= 0 && x <= innerWidth && y >= 0 && y <= innerHeight,
    uncovered: !!hit && (hit === el || el.contains(hit)),
  };
}"""

UNFOCUSED_STYLE = """(index) => {
  const el = document.querySelectorAll('*')[index];
  const s = getComputedStyle(el);
  return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' ');
}"""


def tab_through(page: Any) -> list[str]:
    """Tab from the top of the page to its end; return what went wrong on the way."""
    problems: list[str] = []
    seen: set[int] = set()
    page.evaluate("() => { document.activeElement && document.activeElement.blur();"
                  " window.scrollTo(0, 0); }")
    for _ in range(150):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None or state["index"] in seen:
            break
        seen.add(state["index"])
        if not state["ring"]:
            problems.append(f"{state['name']}: no visible focus indicator")
        if not state["inView"]:
            problems.append(f"{state['name']}: focused but its middle is out of view")
        if not state["uncovered"]:
            problems.append(f"{state['name']}: focused but covered by something else")
        # The ring must be a change the focus made, not a style it always has.
        page.keyboard.press("Shift+Tab")
        before = page.evaluate(UNFOCUSED_STYLE, state["index"])
        page.keyboard.press("Tab")
        if before == state["style"]:
            problems.append(f"{state['name']}: looks the same focused and unfocused")
    assert seen, "Tab focused nothing"
    return problems


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_focus_is_visible_and_never_hidden(new_page: Any, lang: str) -> None:
    page = new_page()
    problems = []
    for name in participant_pages(page, lang):
        problems += [f"{name}: {p}" for p in tab_through(page)]
    assert not problems, "\n".join(problems)


def test_the_focus_check_catches_a_missing_ring_and_a_covering_bar(new_page: Any) -> None:
    """The checks above can fail: no ring, and a fixed bar over the page, are both found."""
    page = new_page(bypass_csp=True)
    page.goto("/help?lang=en")
    page.add_style_tag(content=":focus-visible { outline: none !important;"
                       " box-shadow: none !important; }"
                       " .foot { position: fixed; inset: 0; background: #fff; z-index: 9; }")
    problems = "\n".join(tab_through(page))
    assert "no visible focus indicator" in problems, problems
    assert "covered by something else" in problems, problems


HELP_PLACE = """() => {
  const help = document.querySelector('.help-now');
  if (!help) return null;
  const r = help.getBoundingClientRect();
  const path = [];
  for (let el = help; el && el !== document.documentElement; el = el.parentElement) {
    path.unshift(`${el.tagName.toLowerCase()}:${[...el.parentElement.children].indexOf(el)}`);
  }
  const tabbable = [...document.querySelectorAll('a[href], button, input, select, textarea')]
    .filter(el => el.type !== 'hidden');
  return {path: path.join('>'), order: tabbable.indexOf(help),
          box: [r.left + scrollX, r.top + scrollY, r.width, r.height].map(Math.round)};
}"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_help_is_in_the_same_place_on_every_page(new_page: Any, lang: str,
                                                 viewport: dict[str, int]) -> None:
    page = new_page(viewport)
    places = {name: page.evaluate(HELP_PLACE) for name in participant_pages(page, lang)}
    missing = [name for name, place in places.items() if place is None]
    assert not missing, f"no “Need help now?” on {missing}"
    first = places["home"]
    assert first["order"] <= 2, "help should be among the first things on the page"
    moved = {name: place for name, place in places.items() if place != first}
    assert not moved, f"help is at {first} on the home page, elsewhere on: {moved}"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_no_page_scrolls_sideways_on_a_320_px_screen(new_page: Any, lang: str) -> None:
    """Reflow (WCAG 1.4.10): at 320 CSS px nothing needs scrolling in two directions.
    Data tables are exempt: they scroll inside their own focusable region."""
    page = new_page()
    wide = {}
    for name in participant_pages(page, lang):
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[name] = width
    assert not wide, f"pages wider than {PHONE['width']} px: {wide}"


def test_a_return_code_can_be_pasted(new_page: Any, live_server: LiveServer) -> None:
    from consult.consultations.models import Consultation
    from consult.participate.service import submit as send

    with live_server.session() as s:
        demo = s.get(Consultation, live_server.ids["demo"])
        sent = send(s, demo, {"band": "18-24", "lang": "en", "answers": {}},
                    secret=SECRET, today=datetime.now(UTC).date())
        s.commit()
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto("/return?lang=en")
    assert page.locator("#code").get_attribute("onpaste") is None
    page.evaluate("(t) => navigator.clipboard.writeText(t)", sent.code)
    page.focus("#code")
    page.keyboard.press("Control+V")
    assert page.input_value("#code") == sent.code
    submit(page)
    assert page.locator(".status-being-read").count() == 1

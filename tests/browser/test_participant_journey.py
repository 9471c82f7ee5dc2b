"""A participant's whole journey on a 320 px phone screen: with JavaScript on (in a
left-to-right and a right-to-left language), with JavaScript off, and by keyboard
alone. Home, consultation, start, age band, assent, every question, quote consent,
review, send, the return code, then /return with that code.

Along the way: nothing already given is asked for again (the age band is asked
once; a page that shows an earlier answer shows it filled in), Back keeps answers,
and no page scrolls sideways at 320 px (WCAG 1.4.10).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import PHONE, LiveServer
from tests.demo_site import DEMO

# What the participant answers, by the kind of question.
TEXT = {"short_text": "Clearer report buttons",
        "long_text": "Apps should explain what the AI does, in words children understand."}
ASKED_ONCE = ("band", "country", "consent")


class Driver:
    """Performs a person's actions: with a pointer (clicks) or with keys alone."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def follow(self, link: Any) -> None:
        with self.page.expect_navigation():
            link.click()

    def press(self, button: Any) -> None:
        with self.page.expect_navigation():
            button.click()

    def choose(self, option: Any) -> None:
        # Click the label, as a child would: proves the label is tied to its input.
        option_id = option.get_attribute("id")
        self.page.locator(f"label[for='{option_id}']").click()

    def type(self, field: Any, text: str) -> None:
        field.fill(text)


class Keyboard(Driver):
    """Tab, Shift+Tab, Space, Enter and the arrow keys; never a click."""

    MAX_TABS = 120
    KEYS = frozenset({"Tab", "Shift+Tab", "Space", "Enter", "ArrowDown"})

    def __init__(self, page: Any) -> None:
        super().__init__(page)
        self.pressed: list[str] = []

    def key(self, name: str) -> None:
        assert name in self.KEYS, name
        self.pressed.append(name)
        self.page.keyboard.press(name)

    def focus(self, target: Any) -> None:
        """Tab (or Shift+Tab, when the target comes earlier) until it has the focus."""
        handle = target.element_handle()
        backwards = handle.evaluate(
            "el => !!document.activeElement && document.activeElement !== document.body &&"
            " !!(el.compareDocumentPosition(document.activeElement) &"
            " Node.DOCUMENT_POSITION_FOLLOWING)")
        key = "Shift+Tab" if backwards else "Tab"
        for _ in range(self.MAX_TABS):
            if handle.evaluate("el => el === document.activeElement"):
                return
            self.key(key)
        raise AssertionError(f"{key} never reached {target}")

    def follow(self, link: Any) -> None:
        self.focus(link)
        with self.page.expect_navigation():
            self.key("Enter")

    def press(self, button: Any) -> None:
        self.focus(button)
        with self.page.expect_navigation():
            self.key("Enter")

    def choose(self, option: Any) -> None:
        kind = option.get_attribute("type")
        if kind == "checkbox":
            self.focus(option)
            self.key("Space")
            return
        # A radio group is one tab stop; the arrow keys move (and check) within it.
        name, value = option.get_attribute("name"), option.get_attribute("value")
        group = self.page.locator(f"input[type=radio][name='{name}']")
        checked = self.page.locator(f"input[type=radio][name='{name}']:checked")
        self.focus(checked if checked.count() else group.first)
        for _ in range(group.count() + 1):
            active = self.page.evaluate("() => document.activeElement.value")
            if active == value:
                if not option.is_checked():
                    self.key("Space")
                return
            self.key("ArrowDown")
        raise AssertionError(f"the arrow keys never reached {name}={value}")

    def type(self, field: Any, text: str) -> None:
        self.focus(field)
        assert field.input_value() == "", "typing would add to what is there"
        self.page.keyboard.type(text)  # the characters themselves


class Journey:
    """Walks the pages, keeping what was given so it can tell if it is asked again."""

    def __init__(self, page: Any, driver: Driver, live: LiveServer) -> None:
        self.page, self.driver, self.live = page, driver, live
        self.given: dict[str, Any] = {}  # "path field" -> the value given there
        self.asked: list[tuple[str, list[str]]] = []
        self.lang = "en"

    def path(self) -> str:
        return re.sub(r"^https?://[^/]+", "", self.page.url).split("?")[0]

    def arrive(self) -> None:
        """Every page: still in the language chosen, record what it asks, check earlier
        answers are shown filled in, and that nothing scrolls sideways at 320 px."""
        shown_in = self.page.evaluate("() => document.documentElement.lang")
        assert shown_in == self.lang, f"{self.path()} switched to {shown_in!r}"
        fields = self.page.evaluate("""() => [...document.querySelectorAll(
            'main input:not([type=hidden]), main select, main textarea')].map(
            el => el.name)""")
        self.asked.append((self.path(), sorted(set(fields))))
        for key, value in self.given.items():
            where, name = key.split(" ")
            if where == self.path() and name in fields:
                assert self.shown(name) == value, f"{key}: asked again, not filled in"
        width = self.page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{self.path()} scrolls sideways ({width} px)"

    def shown(self, name: str) -> Any:
        return self.page.evaluate("""(name) => {
            const els = [...document.querySelectorAll(`main [name="${name}"]`)];
            if (els[0].type === 'checkbox') return els.filter(e => e.checked).map(e => e.value);
            if (els[0].type === 'radio') { const c = els.find(e => e.checked);
                                           return c ? c.value : null; }
            return els[0].value; }""", name)

    def main(self, selector: str) -> Any:
        return self.page.locator(f"main {selector}").first

    def answer_question(self) -> None:
        """Answer whatever this question asks, by its kind."""
        page = self.page
        if page.locator("main textarea, main input[type=text]").count():
            field = self.main("textarea, input[type=text]")
            kind = "long_text" if field.evaluate("el => el.tagName") == "TEXTAREA" \
                else "short_text"
            self.driver.type(field, TEXT[kind])
            self.given[f"{self.path()} answer"] = TEXT[kind]
        elif page.locator("main input[type=checkbox]").count():
            boxes = page.locator("main input[type=checkbox]")
            values = [boxes.nth(i).get_attribute("value") for i in (0, 1)]
            for i in (1, 0):  # the later one first: the keyboard goes back with Shift+Tab
                if not boxes.nth(i).is_checked():
                    self.driver.choose(boxes.nth(i))
            self.given[f"{self.path()} answer"] = values
        else:
            radios = page.locator("main input[type=radio]")
            option = radios.nth(min(1, radios.count() - 1))
            self.driver.choose(option)
            self.given[f"{self.path()} answer"] = option.get_attribute("value")

    def walk(self, lang: str) -> str:
        page, d = self.page, self.driver
        self.lang = lang
        page.goto(f"{self.live.url}/?lang={lang}")
        self.arrive()
        d.follow(self.main(f"a[href*='/c/{DEMO}/']"))
        self.arrive()
        d.follow(self.main(f"a[href*='/c/{DEMO}/start']"))
        self.arrive()
        d.choose(self.main("input[name=band][value='16-17']"))
        d.press(self.main("form button[type=submit]"))
        self.given[f"{self.path()} band"] = "16-17"
        self.arrive()
        assert self.path().endswith("/assent")
        d.press(self.main("button[value=take-part]"))

        total = None
        while "/q/" in page.url:
            self.arrive()
            n = int(self.path().rsplit("/", 1)[1])
            total = total or int(self.main("progress").get_attribute("max"))
            self.answer_question()
            if n == 3:
                self.back_keeps_answers()
            d.press(self.main("button[value=next]"))
        assert total == 13, total

        self.arrive()
        assert self.path().endswith("/quote")
        d.choose(self.main("input[name=consent][value=yes]"))
        self.given[f"{self.path()} consent"] = "yes"
        d.press(self.main("button[value=next]"))
        self.arrive()
        assert self.path().endswith("/review")
        self.review_shows_answers()
        self.change_from_review()

        d.press(self.main("button[value=send]"))
        self.arrive()
        code_box = page.locator("#return-code")
        assert code_box.is_visible()
        code = code_box.inner_text().strip()
        assert re.fullmatch(r"\d{4}(-\d{4}){4}", code), code
        return code

    def back_keeps_answers(self) -> None:
        """Back from question 3 (its answer typed) to 2, then on again: both kept."""
        typed = self.given[f"{self.path()} answer"]
        self.driver.press(self.main("button[value=back]"))
        self.arrive()  # question 2, its answer shown filled in
        assert self.path().endswith("/q/2")
        self.driver.press(self.main("button[value=next]"))
        self.arrive()  # question 3, what was typed still there
        assert self.shown("answer") == typed

    def review_shows_answers(self) -> None:
        review = self.main(".review").inner_text()
        for key, value in self.given.items():
            if key.endswith(" answer") and isinstance(value, str) and value in TEXT.values():
                assert value in review, f"{value!r} missing from the review"

    def change_from_review(self) -> None:
        """Change question 1 from the review: its answer is there, and saving goes
        straight back to the review, not through every later question."""
        self.driver.follow(self.main("a[href*='/q/1?review=1']"))
        self.arrive()
        self.driver.press(self.main("button[value=next]"))
        self.arrive()
        assert self.path().endswith("/review")

    def come_back(self, code: str) -> None:
        """The footer's link to /return, the code, the status; then "Change my answers"
        opens question 1 filled in, without asking the age band again."""
        d = self.driver
        d.follow(self.page.locator(".foot a[href*='/return']"))
        self.arrive()
        d.type(self.main("#code"), code)
        d.press(self.main("form button[type=submit]"))
        self.arrive()
        assert self.page.locator(".status-being-read").count() == 1
        d.press(self.main("button[value=edit]"))
        self.arrive()
        assert self.path() == f"/c/{DEMO}/q/1"

    def assert_nothing_asked_twice(self) -> None:
        for name in ASKED_ONCE:
            pages = [path for path, fields in self.asked if name in fields]
            assert len(pages) == 1, f"{name!r} was asked on {pages}"
        start = next(i for i, (p, _) in enumerate(self.asked) if p.endswith("/start"))
        later = [p for p, fields in self.asked[start + 1:] if "band" in fields]
        assert not later, f"the age band was asked again on {later}"


@pytest.fixture
def make_page(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        context = browser.new_context(viewport=PHONE, **options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_journey_with_javascript(make_page: Any, live_server: LiveServer, lang: str) -> None:
    page = make_page()
    journey = Journey(page, Driver(page), live_server)
    code = journey.walk(lang)
    assert page.locator("html").get_attribute("lang") == lang
    journey.come_back(code)
    journey.assert_nothing_asked_twice()


def test_journey_without_javascript(make_page: Any, live_server: LiveServer) -> None:
    page = make_page(java_script_enabled=False)
    journey = Journey(page, Driver(page), live_server)
    code = journey.walk("en")
    # The copy button needs script; without it, it stays hidden (the download works).
    assert not page.locator("[data-copy]").is_visible()
    journey.come_back(code)
    journey.assert_nothing_asked_twice()


def test_journey_by_keyboard_alone(make_page: Any, live_server: LiveServer) -> None:
    page = make_page()
    keyboard = Keyboard(page)
    journey = Journey(page, keyboard, live_server)
    code = journey.walk("en")
    journey.come_back(code)
    journey.assert_nothing_asked_twice()
    assert {"Tab", "Shift+Tab", "Space", "Enter", "ArrowDown"} <= set(keyboard.pressed)
    print(f"keyboard journey: {len(keyboard.pressed)} key presses, no clicks")

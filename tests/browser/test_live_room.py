"""A live session in real browsers: the chair steps through three questions while
two phones (one with JavaScript off) and the room screen follow."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import PHONE, LiveServer, sign_in
from tests.demo_site import DEMO

PROMPTS = ("Should apps tell you when you are talking to an AI?",
           "How safe do you feel online today?",
           "One idea for the people in this room, in a few words.")


@pytest.fixture
def contexts(browser: Any, live_server: LiveServer) -> Iterator[dict[str, Any]]:
    made = {
        "chair": browser.new_context(base_url=live_server.url),
        "phone_js": browser.new_context(viewport=PHONE, base_url=live_server.url),
        "phone_nojs": browser.new_context(viewport=PHONE, base_url=live_server.url,
                                          java_script_enabled=False),
        "screen": browser.new_context(viewport={"width": 1280, "height": 720},
                                      base_url=live_server.url),
    }
    yield {name: context.new_page() for name, context in made.items()}
    for context in made.values():
        context.close()


def _join(page: Any) -> None:
    page.goto(f"/live/{DEMO}?lang=en")
    page.get_by_label("16–17").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Take part").click()
    page.get_by_role("heading", name="Wait for the first question").wait_for()


def _chair_presses(chair: Any, name: str) -> None:
    button = chair.get_by_role("button", name=name, exact=True)
    # Keyboard-reachable: focused with Tab order intact, pressed with Enter.
    button.focus()
    with chair.expect_navigation():
        chair.keyboard.press("Enter")


def test_the_chair_steps_through_three_questions_and_everyone_follows(
        contexts: dict[str, Any], live_server: LiveServer) -> None:
    chair, phone, plain, screen = (contexts[n] for n in ("chair", "phone_js", "phone_nojs",
                                                         "screen"))
    sign_in(chair, live_server, "chair")
    chair.goto(f"/chair/live/{live_server.ids['demo']}/")
    screen.goto(f"/live/{DEMO}/screen")
    assert screen.context.cookies() == []
    _join(phone)
    _join(plain)
    answers = [("label", "Yes, always"), ("label", "🙂 Happy"),
               ("fill", "Ask young people before changing the rules")]
    for n, (prompt, (how, value)) in enumerate(zip(PROMPTS, answers, strict=True), start=1):
        _chair_presses(chair, f"Show question {n}")
        # With JavaScript the phone follows by itself; without, by its button.
        phone.get_by_text(prompt).wait_for(timeout=10_000)
        plain.get_by_role("button", name="Check for the next question").click()
        plain.get_by_text(prompt).wait_for()
        screen.get_by_text(f"Question {n} of 3").wait_for(timeout=10_000)
        screen.get_by_text(prompt).wait_for()
        for page in (phone, plain):
            if how == "label":
                page.get_by_label(value).check()
            else:
                page.get_by_label(prompt).fill(value)
            page.get_by_role("button", name="Send").click()
            page.get_by_role("heading", name="Thank you: your answer is in").wait_for()
            if n == 1:  # the return code, once, with the first answer
                assert re.fullmatch(r"[0-9-]{24}", page.locator("#return-code").inner_text())
            else:
                assert page.locator("#return-code").count() == 0
    _chair_presses(chair, "Close answers")
    screen.get_by_text("Answers closed", exact=True).wait_for(timeout=10_000)
    assert screen.context.cookies() == []
    # Short texts wait for a moderator; nothing reached the screen without one.
    assert "Ask young people" not in screen.locator("main").inner_text()

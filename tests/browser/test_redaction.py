"""Hand redaction in a real browser: a participant types a multi-line answer (the
browser sends CRLF), a moderator selects names in it (after an emoji, in Chinese,
in Arabic, and one across a line break), presses the redact button for each and
approves that one submission; the approved copy masks exactly those names."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from tests.browser.conftest import LiveServer, sign_in
from tests.demo_site import DEMO

DESKTOP = {"width": 1280, "height": 900}
LINES = ["Hi 👋🏽 my name is Zanele", "my friend 李小龍 says hi", "and سلمى too",
         "from Thandi", "Mokoena"]
NAMES = ["Zanele", "李小龍", "سلمى", "Thandi\nMokoena"]

SELECT = """([answer, needle]) => {
  // Select `needle` in the answer as a pointer would, across the <mark> elements
  // the page wraps detected spans in (offsets here are the page's own).
  const p = document.querySelector(`.answer-text[data-answer="${answer}"]`);
  const start = p.textContent.indexOf(needle);
  if (start < 0) { return false; }
  const end = start + needle.length;
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let pos = 0, begun = false, node;
  while ((node = walker.nextNode())) {
    const len = node.data.length;
    if (!begun && start < pos + len) { range.setStart(node, start - pos); begun = true; }
    if (end <= pos + len) { range.setEnd(node, end - pos); break; }
    pos += len;
  }
  const sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
  return sel.toString() === needle || range.toString() === needle;
}"""


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    yield context.new_page()
    context.close()


def _press(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def _take_part_typing(page: Any) -> None:
    """The journey with every question skipped but the first long answer, typed
    with the keyboard: Enter between lines, as a child would."""
    page.goto(f"/c/{DEMO}/start?lang=en")
    page.check("main input[name=band][value='16-17']")
    _press(page, "main form button[type=submit]")
    _press(page, "main button[value=take-part]")
    typed = False
    while "/q/" in page.url:
        box = page.locator("main textarea")
        if not typed and box.count():
            box.first.click()
            for n, line in enumerate(LINES):
                if n:
                    page.keyboard.press("Enter")
                page.keyboard.type(line)
            typed = True
        _press(page, "main button[value=next]")
    assert typed and page.url.endswith("/quote")
    page.check("main input[name=consent][value=yes]")
    _press(page, "main button[value=next]")
    _press(page, "main button[value=send]")
    assert page.locator("#return-code").is_visible()


def test_moderator_redacts_names_by_selection_in_a_multi_line_answer(
        page: Any, browser: Any, live_server: LiveServer) -> None:
    from consult.participate.models import Answer, Submission

    _take_part_typing(page)
    with live_server.session() as s:
        answer = s.scalars(select(Answer).where(Answer.text_original.contains("Zanele"))).one()
        submission_id, answer_id = answer.submission_id, answer.id
        assert answer.text_original == "\n".join(LINES)  # stored with one LF per break

    moderator = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    mpage = moderator.new_page()
    try:
        sign_in(mpage, live_server, "moderator")
        mpage.goto(f"/moderate/s/{submission_id}")
        # Only the hand-selected names are to be masked: untick whatever the
        # detector proposed, so the expected copy is exact.
        for box in mpage.locator(f"input[name='keep-{answer_id}']").all():
            box.uncheck()
        button = mpage.locator(f".answer-text[data-answer='{answer_id}'] + button")
        for name in NAMES:
            assert mpage.evaluate(SELECT, [answer_id, name]), name
            button.click()
        assert mpage.locator(f"input[name='add-{answer_id}']").count() == len(NAMES)
        _press(mpage, "button[value=approve]")
        # Saved, and on to the next submission (not back with "may only replace...").
        assert "Decision saved." in mpage.locator(".notice").inner_text()
    finally:
        moderator.close()

    expected = "\n".join(LINES)
    for name in NAMES:
        expected = expected.replace(name, "███")
    with live_server.session() as s:
        assert s.get(Submission, submission_id).status == "approved"
        assert s.get(Answer, answer_id).text_redacted == expected

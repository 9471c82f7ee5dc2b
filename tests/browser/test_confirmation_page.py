"""The page after sending, on a 320 x 640 phone: the one-time return code is on
screen without scrolling, whatever was written, in a left-to-right and a
right-to-left language; help follows, the country's own helplines first and the
rest folded in a <details> list. The review page's personal-data warning and
the opened list pass axe too."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import AXE_JS, PHONE, LiveServer
from tests.browser.test_axe import Audit, submit
from tests.demo_site import DEMO

WORRYING = "A man in a game keeps asking me for photos and says I must not tell anyone"
PHONE_NUMBER = "Text me on 0722 123456 my friend"


@pytest.fixture
def phone_page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    # bypass_csp only so that axe can be injected; the app's own pages need nothing.
    context = browser.new_context(bypass_csp=True, viewport=PHONE, base_url=live_server.url)
    context.add_init_script(path=str(AXE_JS))
    yield context.new_page()
    context.close()


def _send(audit: Audit, lang: str, country: str, text: str) -> None:
    page = audit.page
    page.goto(f"/c/{DEMO}/start?lang={lang}")
    page.check("input[name=band][value='16-17']")
    page.select_option("select[name=country]", country)
    submit(page)
    submit(page, "button[value=take-part]")
    written = False
    while "/q/" in page.url:
        textarea = page.locator("main textarea")
        if textarea.count() and not written:
            textarea.fill(text)
            written = True
        submit(page, "button[value=next]")
    submit(page, "button[value=next]")  # quote consent: the default, no
    assert page.url.endswith("/review")
    if text == PHONE_NUMBER:
        warning = page.locator(".pii-warning")
        assert warning.is_visible()
        assert warning.locator("a").count() == 1
        audit.check("review, with a personal-data warning")
    submit(page, "button[value=send]")


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("text", [WORRYING, PHONE_NUMBER, "Clearer report buttons"],
                         ids=["flagged", "personal-data", "ordinary"])
def test_return_code_is_on_screen_without_scrolling(phone_page: Any, lang: str,
                                                    text: str) -> None:
    page = phone_page
    audit = Audit(page)
    _send(audit, lang, "KE", text)
    page.wait_for_load_state("load")
    assert page.evaluate("window.scrollY") == 0
    box = page.locator("#return-code").bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    # Help comes after the code, for everyone: Kenya's helpline first, the rest folded.
    help_box = page.locator(".help-box")
    assert help_box.is_visible()
    assert page.locator("#return-code").evaluate(
        "(code) => !!(code.compareDocumentPosition(document.querySelector('.help-box'))"
        " & Node.DOCUMENT_POSITION_FOLLOWING)")
    near = help_box.locator(":scope > ul.helplines")
    assert "Childline Kenya" in near.inner_text()
    folded = help_box.locator("details.more-helplines")
    assert not folded.locator("ul.helplines").is_visible()
    audit.check("confirmation")
    folded.locator("summary").click()
    assert folded.locator("ul.helplines").is_visible()
    assert "Childline South Africa" in folded.inner_text()
    audit.check("confirmation, every helpline shown")
    # Nothing scrolls sideways at 320 px (WCAG 1.4.10).
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    audit.assert_clean()

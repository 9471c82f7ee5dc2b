"""axe-core on every page, in every language, with its error states: zero violations
for WCAG 2.0 A and AA, 2.1 AA and 2.2 AA (axe tags wcag2a, wcag2aa, wcag21aa, wcag22aa).

Participant pages are checked in all six languages at a phone's 320 px (where
reflow, scrolling and target problems show), and in English and Arabic (one
left-to-right, one right-to-left) at a desktop's width too. Staff pages are checked
in English at both widths (only the dashboard of them has a language switcher: it
and the sign-in page are checked in every language).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import AXE_JS, LiveServer, describe_violations, run_axe, sign_in
from tests.demo_site import CLOSED, DEMO, LANGS, PUBLISHED
from tests.factories import PASSWORD

VIEWPORTS = {"phone": {"width": 320, "height": 640}, "desktop": {"width": 1280, "height": 900}}
UNKNOWN_CODE = "2345-6789-2345-6789-2345"


class Audit:
    """Collects every page's violations, so one run reports them all."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.problems: list[str] = []
        self.checked: list[str] = []

    def check(self, name: str) -> None:
        self.page.wait_for_load_state("load")
        self.checked.append(name)
        violations = run_axe(self.page)
        if violations:
            self.problems.append(describe_violations(f"{name} <{self.page.url}>", violations))

    def assert_clean(self) -> None:
        assert self.checked
        if self.problems:
            pytest.fail("\n\n".join(self.problems), pytrace=False)


@pytest.fixture
def audit_context(browser: Any, live_server: LiveServer,
                  request: pytest.FixtureRequest) -> Iterator[Any]:
    viewport = VIEWPORTS[getattr(request, "param", "desktop")]
    context = browser.new_context(bypass_csp=True, viewport=viewport, base_url=live_server.url)
    context.add_init_script(path=str(AXE_JS))
    yield context
    context.close()


def submit(page: Any, selector: str = "main form button[type=submit]") -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def public_pages(audit: Audit, lang: str) -> None:
    page = audit.page
    for name, path in [("home", "/"), ("consultation page", f"/c/{DEMO}/"),
                       ("closed consultation page", f"/c/{CLOSED}/"),
                       ("closed consultation: start refused", f"/c/{CLOSED}/start"),
                       ("404 page", "/no-such-page"), ("help", "/help"),
                       ("help for a region", "/help?region=ARB"),
                       ("results index", "/results/"), ("results page", f"/results/{PUBLISHED}"),
                       ("results by age band", f"/results/{PUBLISHED}/bands")]:
        page.goto(f"{path}{'&' if '?' in path else '?'}lang={lang}")
        audit.check(name)
    page.goto(f"/return?lang={lang}")
    audit.check("return")
    submit(page)
    audit.check("return, sent empty")
    page.fill("#code", UNKNOWN_CODE)
    submit(page)
    assert page.locator(".field-error").count() == 1
    audit.check("return, unknown code")
    page.goto(f"/staff/login?lang={lang}")
    audit.check("staff sign-in")
    submit(page)
    audit.check("staff sign-in, sent empty")


def journey_pages(audit: Audit, lang: str) -> str:
    """Start to confirmation; returns the return code."""
    page = audit.page
    page.goto(f"/c/{DEMO}/start?lang={lang}")
    audit.check("start (age band)")
    submit(page)
    assert page.locator("#error-summary").count() == 1
    audit.check("start, sent empty")
    page.check("input[name=band][value='9-12']")
    submit(page)
    audit.check("group code")
    submit(page)
    audit.check("group code, sent empty")
    page.goto(f"/c/{DEMO}/start?lang={lang}")
    page.check("input[name=band][value='16-17']")
    submit(page)
    audit.check("assent")
    submit(page, "button[value=take-part]")
    n = 1
    while "/q/" in page.url:
        audit.check(f"question {n}")
        textarea = page.locator("main textarea")
        if textarea.count() and n == 3:
            # A control character is refused with a field error, the answer kept.
            textarea.evaluate("el => { el.value = 'bad \\u0001 text'; }")
            submit(page, "button[value=next]")
            assert page.locator(".field-error").count() == 1
            audit.check(f"question {n}, with an error")
            textarea.fill("Chatbots should say they are not people.")
        submit(page, "button[value=next]")
        n += 1
    audit.check("quote consent")
    page.check("input[name=consent][value=yes]")
    submit(page, "button[value=next]")
    audit.check("review")
    submit(page, "button[value=send]")
    audit.check("confirmation (return code)")
    return page.locator("#return-code").inner_text().strip()


def return_pages(audit: Audit, lang: str, code: str) -> None:
    page = audit.page
    page.goto(f"/return?lang={lang}")
    page.fill("#code", code)
    submit(page)
    audit.check("status")
    submit(page, "button[value=withdraw-confirm]")
    audit.check("take back: are you sure?")
    submit(page, "button[value=status]")
    submit(page, "button[value=edit]")
    audit.check("question, changing answers")
    page.goto(f"/c/{DEMO}/review?lang={lang}")
    audit.check("review, changing answers")


def other_pages(audit: Audit, lang: str, code: str) -> None:
    page = audit.page
    page.goto(f"/c/{DEMO}/start?lang={lang}")
    page.check("input[name=band][value='18-24']")
    submit(page)
    submit(page, "button[value=take-part]")
    page.goto(f"/c/{DEMO}/review?lang={lang}")
    submit(page, "button[value=send]")
    assert page.locator("#error-summary").count() == 1
    audit.check("review, sent with no answer")
    page.goto(f"/return?lang={lang}")
    page.fill("#code", code)
    submit(page)
    submit(page, "button[value=edit]")
    assert page.locator("button[value=edit-replace]").count() == 1
    audit.check("change my answers: replace the unsent ones?")
    page.goto(f"/c/{DEMO}/start?lang={lang}")
    page.check("input[name=band][value='18-24']")
    submit(page)
    submit(page, "button[value=no-thanks]")
    audit.check("no thanks")
    page.goto(f"/c/{DEMO}/start?lang={lang}")
    page.check("input[name=band][value='18-24']")
    page.locator("input[name=csrf_token]").evaluate("el => { el.value = 'stale'; }")
    submit(page)
    audit.check("form expired (CSRF)")


PARTICIPANT_RUNS = [("phone", lang) for lang in LANGS] + [("desktop", "en"), ("desktop", "ar")]


@pytest.mark.parametrize(("audit_context", "lang"), PARTICIPANT_RUNS, indirect=["audit_context"])
def test_every_participant_page_passes_axe(audit_context: Any, lang: str) -> None:
    audit = Audit(audit_context.new_page())
    public_pages(audit, lang)
    code = journey_pages(audit, lang)
    return_pages(audit, lang, code)
    other_pages(audit, lang, code)
    print(f"{lang}: {len(audit.checked)} pages checked")
    audit.assert_clean()


@pytest.mark.parametrize("audit_context", list(VIEWPORTS), indirect=True)
def test_every_staff_page_passes_axe(audit_context: Any, live_server: LiveServer) -> None:
    page = audit_context.new_page()
    audit = Audit(page)
    ids = live_server.ids

    sign_in(page, live_server, "moderator")
    for lang in LANGS:
        page.goto(f"/staff/?lang={lang}")
        audit.check(f"dashboard ({lang})")
    page.goto("/moderate/")
    audit.check("moderation queue")
    page.goto(f"/moderate/?consultation={ids['demo']}")
    audit.check("moderation queue, one consultation")
    page.goto("/moderate/next")
    assert "/moderate/s/" in page.url
    audit.check("a submission")
    page.goto(f"/moderate/quotes?consultation={ids['published']}")
    audit.check("quotes")
    page.goto("/moderate/s/999999")
    audit.check("a submission that does not exist (404)")
    audit_context.clear_cookies()

    sign_in(page, live_server, "safeguarding")
    page.goto("/safeguarding/")
    audit.check("safeguarding cases")
    page.locator("table a[href*='/safeguarding/case/']").first.click()
    page.wait_for_url("**/safeguarding/case/*")
    audit.check("a safeguarding case")
    submit(page, "form[action$='/reveal'] button[type=submit]")
    audit.check("a safeguarding case, text revealed")
    submit(page, "form[action$='/note'] button[type=submit]")
    audit.check("a safeguarding case, empty note refused")
    audit_context.clear_cookies()

    sign_in(page, live_server, "admin")
    page.goto("/admin/audit")
    audit.check("audit log")
    page.goto("/admin/audit?date_from=yesterday")
    audit.check("audit log, bad filter")
    page.goto("/admin/staff")
    audit.check("staff accounts")
    page.goto("/staff/account/password")
    audit.check("change password")
    submit(page, "form[action$='/password'] button[type=submit]")
    audit.check("change password, sent empty")
    audit_context.clear_cookies()

    sign_in(page, live_server, "chair")
    page.goto("/chair/")
    audit.check("chair: consultations")
    page.goto(f"/chair/{ids['demo']}/")
    audit.check("chair: an open consultation")
    page.goto(f"/chair/{ids['published']}/")
    audit.check("chair: a published consultation")
    page.goto(f"/chair/{ids['published']}/feedback?language=ar")
    audit.check("chair: feedback")
    page.goto("/chair/meetings/")
    audit.check("meetings")
    page.locator("main .queue a").first.click()
    page.wait_for_url("**/chair/meetings/*/")
    audit.check("a meeting")
    page.goto("/chair/meetings/new")
    audit.check("new meeting")
    submit(page, "#meeting-form button[type=submit]")
    assert page.locator("#error-summary").count() == 1
    audit.check("new meeting, sent empty")
    page.goto("/themes/")
    audit.check("themes: consultations")
    page.goto(f"/themes/{ids['published']}/")
    audit.check("themes: a consultation's codebook")
    page.goto(f"/themes/{ids['published']}/suggest")
    audit.check("themes: suggestions")
    audit_context.clear_cookies()

    enrol_pages(audit, live_server)
    audit.assert_clean()


def enrol_pages(audit: Audit, live: LiveServer) -> None:
    from consult.auth.service import create_user

    page = audit.page
    email = f"new-{len(audit.checked)}-{page.viewport_size['width']}@example.org"
    with live.session() as s:
        create_user(s, email, PASSWORD, ["moderator"])
        s.commit()
    page.goto("/staff/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    submit(page)
    page.wait_for_url("**/staff/enrol")
    audit.check("second-factor enrolment")
    submit(page)
    audit.check("second-factor enrolment, sent empty")


def test_the_checker_reports_what_it_finds(audit_context: Any) -> None:
    """The zero above means something: a page with known faults fails, readably."""
    page = audit_context.new_page()
    page.goto("/help?lang=en")
    page.evaluate("""() => {
        const img = document.createElement('img'); img.src = '/static/none.png';
        document.querySelector('main').append(img);
        document.querySelector('.help-now').style.color = '#e06666';
    }""")
    violations = run_axe(page)
    text = describe_violations("help, spoiled", violations)
    assert {v["id"] for v in violations} >= {"image-alt", "color-contrast"}, text
    assert "- image-alt [critical]" in text and "      at img" in text, text

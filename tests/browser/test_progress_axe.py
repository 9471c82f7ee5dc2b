"""axe-core on the progress pages, the warnings before publishing and the
dashboard's purge warning, in all six languages at a phone's width; the chart
is drawn without script and the staff pages keep the staff member's language."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import PHONE, LiveServer, describe_violations, run_axe, sign_in
from tests.demo_site import LANGS


@pytest.fixture
def staff_page(browser: Any, live_server: LiveServer) -> Any:
    # bypass_csp: axe is injected; the app's own pages use no inline script or style.
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def test_progress_and_publishing_pages_pass_axe_in_six_languages(
        staff_page: Any, live_server: LiveServer) -> None:
    page, ids = staff_page, live_server.ids
    sign_in(page, live_server, "chair")
    problems, checked = [], 0
    for lang in LANGS:
        for name, path in [("dashboard (purge warning)", f"/staff/?lang={lang}"),
                           ("progress: open consultation", f"/staff/progress/{ids['demo']}/"),
                           ("progress: published", f"/staff/progress/{ids['published']}/"),
                           ("chair: before publishing", f"/chair/{ids['closed']}/")]:
            page.goto(path)
            # The language chosen once stays on every staff page.
            assert page.locator("html").get_attribute("lang") == lang, (name, lang)
            violations = run_axe(page)
            checked += 1
            if violations:
                problems.append(describe_violations(f"{name} ({lang})", violations))
    assert checked == 4 * len(LANGS)
    assert not problems, "\n\n".join(problems)


def test_the_chart_and_its_table_work_without_javascript(browser: Any,
                                                         live_server: LiveServer) -> None:
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    sign_in(page, live_server, "moderator")
    nojs = browser.new_context(viewport=PHONE, base_url=live_server.url,
                               java_script_enabled=False)
    nojs.add_cookies(context.cookies())
    view = nojs.new_page()
    view.goto(f"/staff/progress/{live_server.ids['demo']}/")
    chart = view.locator("svg.day-chart")
    assert chart.get_attribute("role") == "img"
    box = chart.bounding_box()
    assert box and 0 < box["width"] <= PHONE["width"]  # fits a 320 px phone
    view.locator("details summary").click()
    assert view.locator("#per-day").is_visible()
    nojs.close()
    context.close()

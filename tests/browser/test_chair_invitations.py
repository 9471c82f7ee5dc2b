"""A chair's group codes and translations in a real browser: a chair creates a
group and downloads its invitation sheet, and axe-core finds nothing on the new
pages (the group codes, the code shown once, the sheet itself, translation and
its comparison) in all six languages at a phone's width."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po, write_po

from consult.consultations.models import Consultation
from tests.browser.conftest import AXE_JS, PHONE, LiveServer, describe_violations, run_axe, sign_in
from tests.demo_site import LANGS

CODE = re.compile(r"^\d{4}(-\d{4}){4}$")


@pytest.fixture
def chair_page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, bypass_csp=True,
                                  accept_downloads=True)
    context.add_init_script(path=str(AXE_JS))
    page = context.new_page()
    sign_in(page, live_server, "chair")
    yield page
    context.close()


def create_group(page: Any, demo: int, lang: str, label: str) -> str:
    page.goto(f"/chair/{demo}/groups?lang={lang}")
    page.fill("#label", label)
    page.fill("#attested_by", "Parents' association")
    page.select_option("#language", lang)
    page.fill("#expires_on", "2099-06-30")
    page.fill("#max_uses", "30")
    with page.expect_navigation():
        page.locator("#new-group button").click()
    return page.locator("#group-code").inner_text().strip()


def download_sheet(page: Any, tmp_path: Path, lang: str) -> Path:
    with page.expect_download() as info:
        page.locator("#sheet-form button").click()
    path = tmp_path / lang / info.value.suggested_filename
    path.parent.mkdir(exist_ok=True)
    info.value.save_as(path)
    return path


def test_a_chair_creates_a_group_and_downloads_its_sheet(chair_page: Any,
                                                         live_server: LiveServer,
                                                         tmp_path: Path) -> None:
    page = chair_page
    demo = live_server.ids["demo"]
    page.goto(f"/chair/{demo}/")
    page.get_by_role("link", name="Group codes and invitation sheets").click()
    code = create_group(page, demo, "ar", "Al-Noor School")
    assert CODE.match(code), code
    sheet = download_sheet(page, tmp_path, "ar")
    assert sheet.name == "invitation-ai-and-online-safety-al-noor-school.html"
    page.goto(sheet.as_uri())
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".code").inner_text().strip() == code
    assert page.evaluate("() => document.querySelector('img.qr').naturalWidth") > 0
    assert page.locator("a[href*='/c/']").count() == 1
    # Printed, the consent template starts a page of its own.
    page.emulate_media(media="print")
    assert page.evaluate("() => getComputedStyle(document.querySelector('.consent'))"
                         ".breakBefore") == "page"
    page.emulate_media(media="screen")
    # Back on the list, the code is never shown again; its state and uses are.
    page.goto(f"/chair/{demo}/groups?lang=en")
    row = page.locator("tr", has_text="Al-Noor School")
    assert "Active" in row.inner_text() and code not in page.content()
    assert "0 / 30" in row.inner_text() and "2099-06-30" in row.inner_text()


def _check(page: Any, problems: list[str], name: str) -> None:
    page.wait_for_load_state("load")
    violations = run_axe(page)
    if violations:
        problems.append(describe_violations(f"{name} <{page.url}>", violations))


def test_the_new_chair_pages_pass_axe_in_six_languages(chair_page: Any, live_server: LiveServer,
                                                       tmp_path: Path) -> None:
    page = chair_page
    demo = live_server.ids["demo"]
    problems: list[str] = []
    for lang in LANGS:
        page.goto(f"/chair/{demo}/groups?lang={lang}")
        with page.expect_navigation():  # an empty form: the error summary
            page.locator("#new-group button").click()
        _check(page, problems, f"group codes, with errors ({lang})")
        create_group(page, demo, lang, f"Group {lang}")
        _check(page, problems, f"group code created ({lang})")
        sheet = download_sheet(page, tmp_path, lang)
        page.goto(f"/chair/{demo}/groups?lang={lang}")
        _check(page, problems, f"group codes ({lang})")
        page.goto(sheet.as_uri())
        _check(page, problems, f"invitation sheet ({lang})")

        page.goto(f"/chair/{demo}/translation?lang={lang}")
        _check(page, problems, f"translation ({lang})")
        target = "fr" if lang == "en" else lang
        page.select_option("#lang", target)
        with page.expect_download() as info:
            page.locator("#translation-export button").click()
        catalog = read_po(io.BytesIO(Path(info.value.path()).read_bytes()))
        message = next(m for m in catalog if m.context == "consultation/audience")
        message.string = f"{message.string} ({lang})"
        out = io.BytesIO()
        write_po(out, catalog, width=0)
        page.set_input_files("#file", files=[{"name": "t.po", "mimeType": "text/x-po",
                                              "buffer": out.getvalue()}])
        with page.expect_navigation():
            page.locator("#translation-upload button").click()
        assert page.locator("ol.changes li").count() == 1
        _check(page, problems, f"translation compared ({lang})")
        if lang == "ar":  # confirm once: the file goes back through the browser's form
            with page.expect_navigation():
                page.locator("#translation-apply button").click()
            assert page.url.endswith(f"/chair/{demo}/translation")
            with live_server.session() as s:
                audience = s.get(Consultation, demo).texts["audience"]["ar"]
            assert audience == message.string
        page.goto(f"/chair/{demo}/translation?lang={lang}")
        page.set_input_files("#file", files=[{"name": "t.po", "mimeType": "text/x-po",
                                              "buffer": b"not a po file"}])
        with page.expect_navigation():
            page.locator("#translation-upload button").click()
        _check(page, problems, f"translation refused ({lang})")
    if problems:
        pytest.fail("\n\n".join(problems), pytrace=False)

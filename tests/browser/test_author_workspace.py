"""The authoring workspace in a real browser: an editor builds a three-question
consultation in two languages with band wordings, sends part of it through a
translator's PO file and back, previews it as a 9-12 in Arabic, and opens it;
axe-core on every authoring page in six languages."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.pofile import read_po, write_po

from consult.auth.service import create_user
from consult.consultations.definition import import_definition
from consult.consultations.models import Consultation
from consult.meetings.service import MeetingDetails, create_meeting
from tests.browser.conftest import AXE_JS, LiveServer, StaffLogin, sign_in
from tests.browser.test_axe import Audit
from tests.demo_site import DEMO, LANGS
from tests.factories import PASSWORD, definition

SOON = datetime.now(UTC) + timedelta(days=1)
LATER = SOON + timedelta(days=30)
HARD = ("Notwithstanding considerable institutional deliberation, contemporary "
        "technological infrastructures necessitate comprehensive reconsideration.")
AR_YOUNG = "ما الألعاب التي تحبها على الإنترنت؟"


@pytest.fixture(scope="module")
def editor(live_server: LiveServer) -> str:
    with live_server.session() as s:
        create_meeting(s, MeetingDetails(key="cwg-cop-geneva", online=True, names={
            "en": "CWG-COP, Geneva", "ar": "فريق العمل، جنيف"}))
        user = create_user(s, "editor@example.org", PASSWORD, ["editor"])
        user.totp_confirmed = True
        s.commit()
        live_server.staff["editor"] = StaffLogin("editor", user.email, user.totp_secret,
                                                 user.id)
    return "editor"


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  base_url=live_server.url)
    yield context.new_page()
    context.close()


def _click(page: Any, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).first.click()


def _texts(page: Any, values: dict[str, str]) -> None:
    for name, value in values.items():
        page.fill(f"#text-{name}", value)
    _click(page, "Save settings and texts")
    assert page.locator("#error-summary").count() == 0, page.inner_text("main")


def test_an_editor_builds_previews_and_opens_a_consultation(page: Any, live_server: LiveServer,
                                                            editor: str) -> None:
    sign_in(page, live_server, editor)
    page.goto("/author/")
    page.fill("#slug", "built-in-browser")
    page.select_option("#first_language", "en")
    page.check("#lang-ar")
    page.fill("#title", "Our lives online")
    page.fill("#opens_at", SOON.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#closes_at", LATER.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#prompt", "What do you like to do online?")
    _click(page, "Create the draft")
    edit = page.url
    cid = int(re.search(r"/author/(\d+)/", edit).group(1))

    page.select_option("#new-kind", "emoji_scale")
    page.fill("#new-prompt", "How do you feel online?")
    _click(page, "Add the question")
    page.goto(edit)
    page.select_option("#new-kind", "single_choice")
    page.fill("#new-prompt", "Have you used a report button?")
    page.fill("#new-options", "Yes\nNo")
    _click(page, "Add the question")

    page.goto(edit + "?tl=en")
    page.fill("#feedback_due_on", (LATER + timedelta(days=60)).date().isoformat())
    page.select_option("#meeting_key", "cwg-cop-geneva")
    _texts(page, {"audience": "The working group",
                  "intro": "Tell us what you think.", "next_steps": "We will write back."})
    page.goto(edit + "?tl=ar")
    _texts(page, {"title": "حياتنا على الإنترنت", "audience": "فريق العمل",
                  "intro": "أخبرنا برأيك.", "next_steps": "سنكتب إليك."})

    # Question 1: a wording for 9-12 in both languages; lint warns as it is typed.
    page.goto(f"/author/{cid}/questions/1?tl=en")
    page.fill("#prompt-9-12", HARD)
    page.wait_for_selector("#prompt-9-12-lint .warning")
    assert "Ages 9-12" in page.inner_text("#prompt-9-12-lint")
    page.fill("#prompt-9-12", "What games do you play?")
    _click(page, "Save the question")
    page.goto(f"/author/{cid}/questions/1?tl=ar")
    page.fill("#prompt-default", "ماذا تحب أن تفعل على الإنترنت؟")
    page.fill("#prompt-9-12", AR_YOUNG)
    _click(page, "Save the question")
    # Questions 2 and 3 in Arabic: through a translator's PO file, sent back.
    page.goto(f"/author/{cid}/")
    with page.expect_navigation():
        page.click(f"a[href='/chair/{cid}/translation']")
    page.select_option("#lang", "ar")
    with page.expect_download() as info:
        page.locator("#translation-export button").click()
    catalog = read_po(io.BytesIO(Path(info.value.path()).read_bytes()))
    arabic = {"question/question-2/prompt/default": "كيف تشعر على الإنترنت؟",
              "question/question-3/prompt/default": "هل استخدمت زر الإبلاغ؟",
              "question/question-3/option/option-1/default": "نعم",
              "question/question-3/option/option-2/default": "لا"}
    for message in catalog:
        if message.context in arabic:
            message.string = arabic.pop(message.context)
    assert not arabic, arabic
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    page.set_input_files("#file", files=[{"name": "ar.po", "mimeType": "text/x-po",
                                          "buffer": out.getvalue()}])
    with page.expect_navigation():
        page.locator("#translation-upload button").click()
    assert page.locator("ol.changes li").count() == 4
    with page.expect_navigation():
        page.locator("#translation-apply button").click()

    page.goto(f"/author/{cid}/missing")
    assert "Missing" not in page.inner_text("table tbody")

    page.goto(f"/author/{cid}/preview")
    page.select_option("#band", "9-12")
    page.select_option("#plang", "ar")
    page.select_option("#step", "q1")
    page.select_option("#width", "phone")
    _click(page, "Show")
    frame = page.frame_locator("iframe.preview-frame")
    assert AR_YOUNG in frame.locator("main").inner_text()
    assert frame.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("iframe.preview-frame").bounding_box()["width"] <= 364

    page.goto(edit)
    _click(page, "Open it to participants")
    assert "The consultation is open." in page.inner_text("main")
    with live_server.session() as s:
        c = s.query(Consultation).filter_by(slug="built-in-browser").one()
        assert c.status == "open" and len(c.questions) == 3
    assert page.goto(f"{live_server.url}/c/built-in-browser/?lang=ar").status == 200


@pytest.fixture(scope="module")
def draft_id(live_server: LiveServer) -> int:
    with live_server.session() as s:
        c = import_definition(s, yaml.safe_dump(definition("axe-draft", status="draft")))
        s.commit()
        return c.id


@pytest.mark.parametrize("lang", LANGS)
def test_authoring_pages_are_axe_clean(browser: Any, live_server: LiveServer, editor: str,
                                       draft_id: int, lang: str) -> None:
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900},
                                  base_url=live_server.url)
    context.add_init_script(path=str(AXE_JS))
    page = context.new_page()
    audit = Audit(page)
    sign_in(page, live_server, editor)
    with live_server.session() as s:
        demo = s.query(Consultation).filter_by(slug=DEMO).one().id
    for name, path in [("workspace", "/author/"), ("draft", f"/author/{draft_id}/"),
                       ("question", f"/author/{draft_id}/questions/2"),
                       ("missing texts", f"/author/{draft_id}/missing"),
                       ("preview", f"/author/{draft_id}/preview?band=9-12&plang=fr&step=q2"),
                       ("answered consultation", f"/author/{demo}/"),
                       ("answered question", f"/author/{demo}/questions/1")]:
        page.goto(f"{path}{'&' if '?' in path else '?'}lang={lang}")
        audit.check(name)
    # By their place, not their words: these pages are in the language tested.
    page.goto(f"/author/?lang={lang}")
    with page.expect_navigation():
        page.click("form[action$='/author/new'] button[type=submit]")
    audit.check("new draft, refused")
    page.goto(f"/author/{draft_id}/questions/2?lang={lang}")
    page.fill("#key", "Not A Key")
    with page.expect_navigation():
        page.click("form.author-question button.primary >> nth=0")
    audit.check("question, refused")
    # Two editors on one question: the second save is the conflict page.
    other = context.new_page()
    other.goto(f"/author/{draft_id}/questions/2?lang={lang}")
    page.goto(f"/author/{draft_id}/questions/2?lang={lang}")
    with other.expect_navigation():
        other.click("form.author-question button.primary >> nth=0")
    with page.expect_navigation() as second:
        page.click("form.author-question button.primary >> nth=0")
    assert second.value.status == 409 and page.locator("#error-summary").count() == 1
    audit.check("question, conflict")
    other.close()
    # The participant's page itself at phone width, as the preview frames it.
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"/author/{draft_id}/preview?band=9-12&plang={_plang(lang)}&step=q2"
              f"&width=phone&lang={lang}")
    audit.check("preview, phone")
    page.goto(f"/author/{draft_id}/preview/frame?band=9-12&plang={_plang(lang)}&step=q2")
    audit.check("preview frame, phone")
    context.close()
    audit.assert_clean()


def _plang(lang: str) -> str:
    """The draft's languages are English and French: preview in the one tested where it can."""
    return lang if lang in ("en", "fr") else "fr"

"""The authoring workspace: a consultation written in the browser, through the
YAML import's own validation, with its lock, preview, lint, gaps and opening."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import yaml

from consult.audit.models import AuditEvent
from consult.consultations.definition import export_definition, import_definition
from consult.consultations.models import Consultation
from consult.participate.models import Draft
from tests.factories import csrf_token, post_form, sign_in

SOON = datetime.now(UTC) + timedelta(days=1)
LATER = SOON + timedelta(days=30)


@pytest.fixture
def editor(client, make_staff):
    user = make_staff("editor")
    sign_in(client, user)
    return user


def _create(client, slug="built-here", languages=("fr",)):
    return post_form(client, "/author/new", {
        "slug": slug, "first_language": "en", "languages": list(languages),
        "title": "Our lives online", "opens_at": SOON.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": LATER.strftime("%Y-%m-%dT%H:%M"), "prompt": "What do you like online?"},
        page="/author/")


def _row(session, slug="built-here"):
    session.expire_all()
    return session.query(Consultation).filter_by(slug=slug).one()


def _page_form(html):
    """The fields of the first form with a revision on the page, as a browser sends them."""
    revision = re.search(r'name="revision" value="([0-9a-f]+)"', html).group(1)
    return {"csrf_token": csrf_token(html), "revision": revision}


def _save_question(client, c, n, fields, tl="en", part="questions"):
    url = f"/author/{c.id}/{part}/{n}?tl={tl}"
    html = client.get(url).get_data(as_text=True)
    return client.post(url, data={**_page_form(html), **fields})


def test_an_editor_creates_a_draft_through_the_import(client, session, editor):
    r = _create(client)
    assert r.status_code == 302
    c = _row(session)
    assert (c.status, c.languages, c.texts["title"]) == ("draft", ["en", "fr"],
                                                         {"en": "Our lives online"})
    assert [q.key for q in c.questions] == ["q1"]
    assert session.query(AuditEvent).filter_by(action="consultation_created").count() == 1


def test_a_refused_draft_keeps_what_was_typed(client, editor):
    r = _create(client, slug="X")
    html = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "&#39;slug&#39; must be 3 to 60 lowercase letters" in html
    assert 'value="Our lives online"' in html and "What do you like online?" in html


def test_a_settings_error_is_shown_next_to_its_field_and_keeps_the_text(client, session,
                                                                        editor):
    _create(client)
    c = _row(session)
    html = client.get(f"/author/{c.id}/?tl=fr").get_data(as_text=True)
    r = client.post(f"/author/{c.id}/?tl=fr", data={
        **_page_form(html), "slug": c.slug, "first_language": "en", "languages": ["fr"],
        "bands": "9-12, 13-15, 16-17, 18-24", "opens_at": SOON.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": LATER.strftime("%Y-%m-%dT%H:%M"), "independent_age": "13",
        "k_threshold": "many", "retention_days": "180", "title": "Nos vies en ligne"})
    page = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "&#39;k_threshold&#39; must be a whole number" in page
    assert 'value="Nos vies en ligne"' in page and 'value="many"' in page
    assert _row(session).texts["title"] == {"en": "Our lives online"}


def test_the_second_of_two_editors_gets_a_conflict_with_their_text_kept(app, client, session,
                                                                       editor, make_staff):
    _create(client)
    c = _row(session)
    other = app.test_client()
    sign_in(other, make_staff("chair"))
    mine = client.get(f"/author/{c.id}/questions/1").get_data(as_text=True)
    theirs = other.get(f"/author/{c.id}/questions/1").get_data(as_text=True)
    base = {"key": "q1", "kind": "long_text", "prompt.default": "What do you enjoy online?"}
    assert other.post(f"/author/{c.id}/questions/1",
                      data={**_page_form(theirs), **base}).status_code == 302
    r = client.post(f"/author/{c.id}/questions/1",
                    data={**_page_form(mine), **base, "prompt.default": "My own words"})
    assert r.status_code == 409
    page = r.get_data(as_text=True)
    assert "Someone else saved this consultation" in page and "My own words" in page
    assert _row(session).questions[0].texts["prompt"] == {
        "default": {"en": "What do you enjoy online?"}}
    # The page drawn again carries the newer revision: saving it again is theirs to decide.
    assert client.post(f"/author/{c.id}/questions/1", data={
        **_page_form(page), **base, "prompt.default": "My own words"}).status_code == 302


def test_questions_of_every_kind_are_added_reordered_duplicated_and_deleted(client, session,
                                                                           editor):
    _create(client)
    c = _row(session)
    for kind in ("single_choice", "multiple_choice", "emoji_scale", "short_text"):
        html = client.get(f"/author/{c.id}/").get_data(as_text=True)
        r = client.post(f"/author/{c.id}/questions/add", data={
            **_page_form(html), "kind": kind, "prompt": f"A {kind} question?",
            "options": "Yes\nNo" if kind == "single_choice" else "Only one"})
        # A choice needs two options or more: refused with the import's message, not stored.
        assert r.status_code == (400 if kind == "multiple_choice" else 302), kind
    assert [q.kind for q in _row(session).questions] == ["long_text", "single_choice",
                                                        "emoji_scale", "short_text"]
    assert _row(session).questions[1].options[1] == {"key": "option-2",
                                                     "label": {"default": {"en": "No"}}}
    r = _save_question(client, c, 3, {"key": "pick", "kind": "single_choice",
                                      "prompt.default": "Pick one", "option_count": "0"})
    # Made a choice, it starts with two options whose labels are still to write.
    assert r.status_code == 400 and "Label for every band" in r.get_data(as_text=True)
    r = _save_question(client, c, 3, {
        "key": "pick", "kind": "single_choice", "prompt.default": "Pick one",
        "prompt.9-12": "Choose one", "option_count": "2", "option.0.key": "a",
        "option.0.default": "Games", "option.1.key": "b", "option.1.default": "Videos",
        "option.1.9-12": "Cartoons"})
    assert r.status_code == 302
    q = _row(session).questions[2]
    assert q.options == [{"key": "a", "label": {"default": {"en": "Games"}}},
                         {"key": "b", "label": {"default": {"en": "Videos"},
                                                "9-12": {"en": "Cartoons"}}}]
    assert q.texts["prompt"] == {"default": {"en": "Pick one"}, "9-12": {"en": "Choose one"}}
    r = _save_question(client, c, 3, {"key": "pick", "kind": "single_choice",
                                      "prompt.default": "Pick one", "option_count": "2",
                                      "option.0.key": "a", "option.0.default": "Games",
                                      "option.1.key": "b", "option.1.default": "Videos",
                                      "op": "add-option"})
    assert r.status_code == 400 and 'value="option-3"' in r.get_data(as_text=True)
    for n, action in ((3, "down"), (1, "duplicate"), (5, "delete")):
        html = client.get(f"/author/{c.id}/").get_data(as_text=True)
        assert client.post(f"/author/{c.id}/questions/{n}/arrange",
                           data={**_page_form(html), "action": action}).status_code == 302
    # pick moved down, the first duplicated next to itself, the last (pick) deleted.
    assert [q.key for q in _row(session).questions] == ["q1", "q1-5", "question-2",
                                                        "question-4"]


def test_the_preview_renders_the_participant_template_read_only(client, session, editor):
    _create(client, languages=("ar",))
    c = _row(session)
    _save_question(client, c, 1, {"key": "q1", "kind": "long_text",
                                  "prompt.default": "ما الذي تحبه على الإنترنت؟",
                                  "prompt.9-12": "ما الألعاب التي تحبها؟"}, tl="ar")
    page = client.get(f"/author/{c.id}/preview?band=9-12&plang=ar&step=q1&width=phone")
    assert page.status_code == 200 and "preview-phone" in page.get_data(as_text=True)
    r = client.get(f"/author/{c.id}/preview/frame?band=9-12&plang=ar&step=q1")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert 'dir="rtl"' in html and "ما الألعاب التي تحبها؟" in html
    assert "form-action 'none'" in r.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in r.headers["Content-Security-Policy"]
    assert session.query(Draft).count() == 0
    with client.session_transaction() as cookie:
        assert "drafts" not in cookie and "lang" not in cookie
    for step in ("about", "start", "assent", "quote", "review"):
        assert client.get(f"/author/{c.id}/preview/frame?band=16-17&plang=en&step={step}"
                          ).status_code == 200, step
    # Other pages still refuse to be framed.
    assert "frame-ancestors 'none'" in client.get(f"/author/{c.id}/preview").headers[
        "Content-Security-Policy"]


HARD = ("Notwithstanding considerable institutional deliberation, contemporary "
        "technological infrastructures necessitate comprehensive reconsideration.")


def test_readability_warnings_appear_on_save_and_as_json(client, session, editor):
    _create(client)
    c = _row(session)
    r = _save_question(client, c, 1, {"key": "q1", "kind": "long_text", "prompt.default": HARD})
    assert r.status_code == 302
    html = client.get(r.location).get_data(as_text=True)
    warning = re.search(r'id="prompt-default-lint"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert "Ages 9-12: reads at school grade" in warning
    form = client.get(f"/author/{c.id}/questions/1").get_data(as_text=True)
    token = {"X-CSRFToken": csrf_token(form)}
    r = client.post(f"/author/{c.id}/lint", headers=token, json={
        "csrf_token": csrf_token(form), "text": HARD, "lang": "en", "bands": ["9-12", "18-24"]})
    assert r.status_code == 200 and len(r.json["warnings"]) == 2
    r = client.post(f"/author/{c.id}/lint", headers=token, json={
        "csrf_token": csrf_token(form), "text": "I like my cat a lot.", "lang": "en",
        "bands": ["9-12"]})
    assert r.json["warnings"] == []


def _meeting(session, names):
    from consult.meetings.service import MeetingDetails, by_key, create_meeting

    meeting = by_key(session, "cwg-cop-test") or create_meeting(
        session, MeetingDetails(key="cwg-cop-test", names=names, online=True))
    session.commit()
    return meeting


def _complete(client, session, c):
    """Every text in both languages, a meeting named in both, a feedback date:
    ready to open."""
    _meeting(session, {"en": "CWG-COP", "fr": "GT-COP"})
    html = client.get(f"/author/{c.id}/?tl=en").get_data(as_text=True)
    fields = {"slug": c.slug, "first_language": "en", "languages": ["fr"],
              "meeting_key": "cwg-cop-test",
              "bands": "9-12, 13-15, 16-17, 18-24", "opens_at": SOON.strftime("%Y-%m-%dT%H:%M"),
              "closes_at": LATER.strftime("%Y-%m-%dT%H:%M"), "independent_age": "13",
              "k_threshold": "10", "retention_days": "180",
              "feedback_due_on": (LATER + timedelta(days=60)).date().isoformat()}
    en = {"title": "Our lives online", "audience": "The group",
          "intro": "Tell us.", "next_steps": "We will write back."}
    assert client.post(f"/author/{c.id}/?tl=en",
                       data={**_page_form(html), **fields, **en}).status_code == 302
    html = client.get(f"/author/{c.id}/?tl=fr").get_data(as_text=True)
    fr = {"title": "Nos vies en ligne", "audience": "Le groupe",
          "intro": "Dis-nous.", "next_steps": "Nous répondrons."}
    assert client.post(f"/author/{c.id}/?tl=fr",
                       data={**_page_form(html), **fields, **fr}).status_code == 302
    assert _save_question(client, c, 1, {"key": "q1", "kind": "long_text",
                                         "prompt.default": "Qu'aimes-tu en ligne ?"},
                          tl="fr").status_code == 302


def test_missing_texts_are_shown_by_language_and_band_and_opening_waits_for_them(
        client, session, editor):
    _create(client)
    c = _row(session)
    _save_question(client, c, 1, {"key": "q1", "kind": "long_text",
                                  "prompt.default": "What do you like?",
                                  "prompt.9-12": "What games do you like?"})
    _save_question(client, c, 1, {"key": "q1", "kind": "long_text",
                                  "prompt.9-12": "Quels jeux aimes-tu ?"}, tl="fr")
    matrix = client.get(f"/author/{c.id}/missing").get_data(as_text=True)
    assert "Missing for 13-15, 16-17, 18-24" in matrix
    edit = client.get(f"/author/{c.id}/").get_data(as_text=True)
    assert "Set the date by which participants will hear" in edit
    assert "Open it to participants" not in edit
    r = post_form(client, f"/author/{c.id}/open", {"revision": _row(session).revision},
                  page=f"/author/{c.id}/")
    assert r.status_code == 302 and _row(session).status == "draft"
    _complete(client, session, c)
    assert "Missing" not in client.get(f"/author/{c.id}/missing").get_data(as_text=True) \
        .split("<tbody>")[1]
    r = post_form(client, f"/author/{c.id}/open", {"revision": _row(session).revision},
                  page=f"/author/{c.id}/")
    assert r.status_code == 302 and _row(session).status == "open"
    assert session.query(AuditEvent).filter_by(action="consultation_status").count() == 1


def test_after_answers_only_wording_changes_and_a_draft_in_progress_is_sent(
        app, client, session, editor, make_consultation):
    c = make_consultation("answered")
    participant = app.test_client()
    post_form(participant, "/c/answered/start", {"band": "16-17", "country": ""})
    post_form(participant, "/c/answered/assent", {"choice": "take-part"})
    post_form(participant, "/c/answered/q/1", {"answer": "4", "action": "next"})
    q = {"key": "feel", "kind": "emoji_scale", "prompt.default": "How do you feel on the web?"}
    r = _save_question(client, c, 1, {**q, "kind": "short_text"})
    assert r.status_code == 409 and "only wording can be corrected" in r.get_data(as_text=True)
    html = client.get(f"/author/{c.id}/").get_data(as_text=True)
    assert "Move up" not in html and "Add the question" not in html
    assert _save_question(client, c, 1, q).status_code == 302
    event = session.query(AuditEvent).filter_by(action="consultation_wording_corrected").one()
    assert event.detail["changed"] == ["feel.prompt"]
    page = participant.get("/c/answered/q/1").get_data(as_text=True)
    assert "How do you feel on the web?" in page
    for n in range(2, 6):
        assert post_form(participant, f"/c/answered/q/{n}",
                         {"answer": "", "action": "next"}).status_code == 302
    post_form(participant, "/c/answered/quote", {"consent": "no", "action": "next"})
    done = post_form(participant, "/c/answered/review", {"action": "send"})
    assert done.status_code == 200 and 'id="return-code"' in done.get_data(as_text=True)


def test_a_consultation_built_in_the_browser_exports_and_imports_as_the_same(
        app, client, session, editor, tmp_path):
    _create(client)
    c = _row(session)
    _complete(client, session, c)
    html = client.get(f"/author/{c.id}/").get_data(as_text=True)
    client.post(f"/author/{c.id}/questions/add", data={
        **_page_form(html), "kind": "emoji_scale", "prompt": "How do you feel?"})
    _save_question(client, c, 2, {"key": "feel", "kind": "emoji_scale",
                                  "prompt.default": "How do you feel?",
                                  "prompt.9-12": "How do you feel today?"})
    text = app.test_cli_runner().invoke(args=["consultations", "export-def", c.slug]).output
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from consult.models import Base
    engine = create_engine(f"sqlite:///{tmp_path / 'elsewhere.db'}")
    Base.metadata.create_all(engine)
    with Session(engine) as elsewhere:
        copy = import_definition(elsewhere, text)
        elsewhere.commit()
        assert export_definition(copy) == export_definition(_row(session)) == text
        assert yaml.safe_load(text)["questions"][1]["prompt"] == {
            "default": {"en": "How do you feel?"}, "9-12": {"en": "How do you feel today?"}}
    engine.dispose()


def test_a_chair_cannot_open_an_incomplete_draft_from_the_results_pages_either(
        client, session, make_staff):
    sign_in(client, make_staff("chair"))
    _create(client)
    c = _row(session)
    c.feedback_due_on = (LATER + timedelta(days=60)).date()
    session.commit()
    r = post_form(client, f"/chair/{c.id}/status", {"to": "open"}, page=f"/chair/{c.id}/")
    assert r.status_code == 302 and _row(session).status == "draft"
    assert "Title has no text in fr." in client.get(r.location).get_data(
        as_text=True)


def test_live_questions_are_written_like_the_others_and_the_last_question_stays(
        client, session, editor):
    _create(client)
    c = _row(session)
    html = client.get(f"/author/{c.id}/").get_data(as_text=True)
    r = client.post(f"/author/{c.id}/questions/add", data={
        **_page_form(html), "kind": "emoji_scale", "prompt": "Live: how is it going?",
        "part": "live_questions"})
    # Live questions need live mode: the import's own message, nothing stored.
    assert r.status_code == 400 and "live questions need" in r.get_data(as_text=True)
    row = _row(session)
    row.live_mode = True
    session.commit()
    html = client.get(f"/author/{c.id}/").get_data(as_text=True)
    assert client.post(f"/author/{c.id}/questions/add", data={
        **_page_form(html), "kind": "emoji_scale", "prompt": "Live: how is it going?",
        "part": "live_questions"}).status_code == 302
    assert [(q.key, q.live_order) for q in _row(session).questions] == [
        ("q1", None), ("question-2", 1)]
    # The live question is previewed as a phone in the room sees it, with
    # nothing that polls a session (none exists).
    page = client.get(f"/author/{c.id}/preview?band=13-15&plang=en&step=live1")
    assert "Live question 1" in page.get_data(as_text=True)
    frame = client.get(f"/author/{c.id}/preview/frame?band=13-15&plang=en&step=live1")
    html = frame.get_data(as_text=True)
    assert frame.status_code == 200 and "Live: how is it going?" in html
    assert "Question 1 of 1" in html and "live.js" not in html
    assert "data-live-state" not in html
    html = client.get(f"/author/{c.id}/").get_data(as_text=True)
    r = client.post(f"/author/{c.id}/questions/1/arrange",
                    data={**_page_form(html), "action": "delete"})
    assert r.status_code == 400 and "&#39;questions&#39; is missing" in r.get_data(as_text=True)


def test_a_save_that_loses_the_race_after_its_check_is_a_conflict_too(
        app, client, session, editor, monkeypatch):
    """The other save commits between this one's revision check and its write:
    the row's version catches it, and what was typed is kept."""
    from consult.author import service

    _create(client)
    c = _row(session)
    real = service.has_answers

    def another_editor_first(db_session, consultation):
        with app.extensions["consult.engine"].begin() as conn:
            conn.execute(Consultation.__table__.update().where(Consultation.id == c.id)
                         .values(revision="f" * 32))
        return real(db_session, consultation)

    url = f"/author/{c.id}/questions/1"
    form = _page_form(client.get(url).get_data(as_text=True))
    monkeypatch.setattr(service, "has_answers", another_editor_first)
    r = client.post(url, data={**form, "key": "q1", "kind": "long_text",
                               "prompt.default": "Typed while racing"})
    assert r.status_code == 409 and "Typed while racing" in r.get_data(as_text=True)
    assert _row(session).questions[0].texts["prompt"] == {
        "default": {"en": "What do you like online?"}}


def test_a_new_meeting_is_named_in_the_workspace_and_its_gaps_are_shown(client, session,
                                                                         editor):
    _create(client)
    c = _row(session)
    html = client.get(f"/author/{c.id}/").get_data(as_text=True)
    fields = {**_page_form(html), "slug": c.slug, "first_language": "en", "languages": ["fr"],
              "bands": "9-12, 13-15, 16-17, 18-24", "opens_at": SOON.strftime("%Y-%m-%dT%H:%M"),
              "closes_at": LATER.strftime("%Y-%m-%dT%H:%M"), "independent_age": "13",
              "k_threshold": "10", "retention_days": "180", "title": "Our lives online",
              "meeting_name": "CWG-COP in Geneva"}
    assert client.post(f"/author/{c.id}/", data=fields).status_code == 302
    assert _row(session).meeting.names == {"en": "CWG-COP in Geneva"}
    matrix = client.get(f"/author/{c.id}/missing").get_data(as_text=True)
    row = re.search(r"<th scope=\"row\">Meeting</th>(.*?)</tr>", matrix, re.S).group(1)
    assert row.count("Complete") == 1 and row.count("Missing") == 1
    # Saved again with the meeting chosen: it stays the same meeting.
    html = client.get(f"/author/{c.id}/").get_data(as_text=True)
    assert client.post(f"/author/{c.id}/", data={
        **fields, **_page_form(html), "meeting_name": "",
        "meeting_key": _row(session).meeting.key}).status_code == 302
    assert _row(session).meeting.names == {"en": "CWG-COP in Geneva"}

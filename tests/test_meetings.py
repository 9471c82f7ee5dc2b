"""Meetings are things, not free text: a consultation's definition names one,
exports round-trip it, and changing a meeting is audited and seen at once."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from sqlalchemy import func, select

from consult.audit.models import AuditEvent
from consult.consultations.definition import (
    DefinitionError,
    export_definition,
    import_definition,
)
from consult.meetings.models import Meeting
from consult.meetings.service import (
    MeetingDetails,
    MeetingError,
    MeetingKeyTakenError,
    create_meeting,
    update_meeting,
)
from tests.factories import definition, post_form, sign_in

GENEVA = {"key": "cwg-cop-2027-geneva", "symbol": "CWG-COP-22/1",
          "name": {"en": "The Geneva meeting", "fr": "La réunion de Genève"},
          "starts_on": date(2027, 4, 20), "ends_on": date(2027, 4, 21),
          "place": {"en": "Geneva", "fr": "Genève"}, "online": True}


def _import(session, slug, **overrides):
    consultation = import_definition(session, yaml.safe_dump(definition(slug, **overrides),
                                                             allow_unicode=True))
    session.commit()
    return consultation


def _details(**given) -> MeetingDetails:
    values = {"key": "cwg-cop-2028-online", "names": {"en": "Online meeting, 2028"},
              "online": True, **given}
    return MeetingDetails(**values)


def test_the_old_free_text_form_becomes_one_shared_meeting(session):
    first = _import(session, "first-one")
    second = _import(session, "second-one")
    assert first.meeting_id == second.meeting_id is not None
    meeting = session.get(Meeting, first.meeting_id)
    assert meeting.names == {"en": "CWG-COP test meeting"}
    assert meeting.key == "cwg-cop-test-meeting"
    assert "meeting" not in first.texts
    assert first.text("meeting", "fr") == "CWG-COP test meeting"


def test_a_meeting_given_in_full_is_created_and_exported_back(session):
    consultation = _import(session, "in-full", meeting=GENEVA)
    meeting = consultation.meeting
    assert (meeting.key, meeting.symbol, meeting.starts_on, meeting.online) == (
        "cwg-cop-2027-geneva", "CWG-COP-22/1", date(2027, 4, 20), True)
    assert consultation.text("meeting", "fr") == "La réunion de Genève"
    exported = yaml.safe_load(export_definition(consultation))
    assert exported["meeting"] == GENEVA
    # The exported file imports again, onto the same meeting, under a new slug
    # and over itself.
    exported["slug"] = "in-full-again"
    again = import_definition(session, yaml.safe_dump(exported, allow_unicode=True))
    replaced = import_definition(session, export_definition(consultation), replace=True)
    assert again.meeting_id == replaced.meeting_id == meeting.id
    assert session.scalar(select(func.count()).select_from(Meeting)) == 1


def test_an_exported_old_style_meeting_imports_into_another_database(session):
    consultation = _import(session, "old-style")
    exported = yaml.safe_load(export_definition(consultation))
    assert exported["meeting"] == {"key": "cwg-cop-test-meeting",
                                   "name": {"en": "CWG-COP test meeting"}, "online": False}
    # Another database has no such meeting yet: a new key stands for that here.
    exported.update(slug="elsewhere", meeting={**exported["meeting"], "key": "elsewhere"})
    again = import_definition(session, yaml.safe_dump(exported, allow_unicode=True))
    assert again.meeting.key == "elsewhere" and again.meeting.place == {}


def test_a_meeting_named_by_key_must_exist(session):
    _import(session, "first-one", meeting=GENEVA)
    named = _import(session, "by-key", meeting="cwg-cop-2027-geneva")
    assert named.meeting.symbol == "CWG-COP-22/1"
    text = yaml.safe_dump(definition("unknown", meeting="no-such-meeting"), sort_keys=False)
    with pytest.raises(DefinitionError) as caught:
        import_definition(session, text)
    line = text.splitlines().index("meeting: no-such-meeting") + 1
    assert caught.value.problems[0].line == line
    assert "no meeting with key 'no-such-meeting'" in str(caught.value)


def test_an_import_never_changes_a_shared_meeting(session):
    _import(session, "first-one", meeting=GENEVA)
    moved = {**GENEVA, "place": {"en": "Bern"}}
    with pytest.raises(DefinitionError, match="exists with another place"):
        import_definition(session, yaml.safe_dump(definition("moved", meeting=moved)))
    session.rollback()
    assert session.scalars(select(Meeting)).one().place == GENEVA["place"]


def test_a_meeting_in_full_is_checked_before_anything_is_imported(session):
    bad = {**GENEVA, "ends_on": date(2027, 4, 1), "colour": "blue"}
    with pytest.raises(DefinitionError) as caught:
        import_definition(session, yaml.safe_dump(definition("bad", meeting=bad)))
    text = str(caught.value)
    assert "unknown key 'colour'" in text
    session.rollback()
    bad = {**GENEVA, "ends_on": date(2027, 4, 1)}
    with pytest.raises(DefinitionError, match="last day must not come before the first"):
        import_definition(session, yaml.safe_dump(definition("bad", meeting=bad)))


@pytest.mark.parametrize(("given", "why"), [
    ({"key": "Not A Key"}, "the key must be"),
    ({"names": {}}, "name in at least one language"),
    ({"names": {"xx": "Meeting"}}, "'xx' is not one of the languages"),
    ({"online": False}, "give the place, or say the meeting is online"),
    ({"ends_on": date(2028, 1, 2)}, "give the first day as well"),
    ({"symbol": "x" * 61}, "symbol must be 1 to 60"),
])
def test_meeting_details_are_checked(session, given, why):
    with pytest.raises(MeetingError, match=why):
        create_meeting(session, _details(**given))


def test_creating_and_changing_a_meeting_is_audited_and_renews_its_consultations(
        session, make_staff):
    chair = make_staff("chair")
    meeting = create_meeting(session, _details(), actor_id=chair.id)
    consultation = _import(session, "by-key", meeting=meeting.key)
    revision = consultation.revision
    with pytest.raises(MeetingKeyTakenError):
        create_meeting(session, _details())
    update_meeting(session, meeting, _details(names={"en": "Renamed", "fr": "Renommée"}),
                   actor_id=chair.id)
    session.commit()
    session.refresh(consultation)
    # A new revision: every worker's cached copy, which carries the name, is dropped.
    assert consultation.revision != revision
    assert consultation.text("meeting", "fr") == "Renommée"
    events = session.scalars(select(AuditEvent).where(AuditEvent.object_type == "meeting")
                             .order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor_id) for e in events] == [
        ("meeting_create", chair.id), ("meeting_update", chair.id)]
    assert events[1].detail == {"changed": ["names"]}


def test_the_participant_page_shows_a_renamed_meeting_at_once(client, session, consultation):
    page = f"/c/{consultation.slug}/"
    assert "CWG-COP test meeting" in client.get(page).get_data(as_text=True)
    meeting = session.get(Meeting, consultation.meeting_id)
    update_meeting(session, meeting, MeetingDetails(
        key=meeting.key, names={"en": "The renamed meeting"}, online=True))
    session.commit()
    html = client.get(page).get_data(as_text=True)
    assert "The renamed meeting" in html


def test_the_command_line_creates_edits_and_lists_meetings(app, session):
    runner = app.test_cli_runner()
    created = runner.invoke(args=[
        "meetings", "create", "cwg-cop-2028-online", "--name", "en=Online, 2028",
        "--name", "fr=En ligne, 2028", "--starts-on", "2028-02-01", "--online"])
    assert created.exit_code == 0, created.output
    refused = runner.invoke(args=["meetings", "create", "no-place", "--name", "en=Nowhere"])
    assert refused.exit_code != 0 and "give the place, or say" in refused.output
    edited = runner.invoke(args=["meetings", "edit", "cwg-cop-2028-online", "--symbol",
                                 "CWG-COP-23/1", "--place", "en=Geneva"])
    assert edited.exit_code == 0, edited.output
    listed = runner.invoke(args=["meetings", "list"])
    assert listed.output.split("\t") == ["cwg-cop-2028-online", "2028-02-01", "CWG-COP-23/1",
                                         "Geneva + online", "Online, 2028\n"]
    meeting = session.scalars(select(Meeting)).one()
    assert meeting.names == {"en": "Online, 2028", "fr": "En ligne, 2028"}
    actions = session.scalars(select(AuditEvent.action).where(
        AuditEvent.actor_label == "cli")).all()
    assert actions == ["meeting_create", "meeting_update"]


def test_a_chair_creates_and_edits_a_meeting_in_the_browser(client, session, make_staff):
    chair = make_staff("chair")
    sign_in(client, chair)
    form = {"key": "cwg-cop-2027-geneva", "name_en": "Geneva, 2027", "name_ar": "جنيف 2027",
            "starts_on": "2027-04-20", "ends_on": "2027-04-21", "place_en": "Geneva"}
    created = post_form(client, "/chair/meetings/new", form)
    assert created.status_code == 302
    meeting = session.scalars(select(Meeting)).one()
    assert meeting.names == {"en": "Geneva, 2027", "ar": "جنيف 2027"}
    assert (meeting.place, meeting.online) == ({"en": "Geneva"}, False)
    edit = created.location
    page = client.get(edit).get_data(as_text=True)
    assert 'value="Geneva, 2027"' in page and 'lang="ar"' in page
    changed = post_form(client, edit, {**form, "symbol": "CWG-COP-22/1", "online": "y"})
    assert changed.status_code == 302
    session.refresh(meeting)
    assert (meeting.symbol, meeting.online) == ("CWG-COP-22/1", True)
    listed = client.get("/chair/meetings/").get_data(as_text=True)
    assert "Geneva, 2027" in listed and "Apr 20" in listed and "21, 2027" in listed
    assert "Geneva and online" in listed
    actions = session.scalars(select(AuditEvent.action).where(
        AuditEvent.actor_id == chair.id, AuditEvent.object_type == "meeting")).all()
    assert actions == ["meeting_create", "meeting_update"]


@pytest.mark.parametrize(("given", "why"), [
    ({"name_en": ""}, "name in at least one language"),
    ({"place_en": ""}, "Give the place, or tick this"),
    ({"ends_on": "2027-04-01"}, "must not come before the first"),
    ({"key": "Geneva 2027"}, "Invalid input"),
])
def test_the_meeting_form_says_what_to_fix_and_saves_nothing(client, session, make_staff,
                                                             given, why):
    sign_in(client, make_staff("admin"))
    form = {"key": "cwg-cop-2027-geneva", "name_en": "Geneva, 2027",
            "starts_on": "2027-04-20", "ends_on": "2027-04-21", "place_en": "Geneva", **given}
    page = post_form(client, "/chair/meetings/new", form, page="/chair/meetings/new")
    assert page.status_code == 200 and why in page.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Meeting)) == 0


def test_a_key_already_taken_is_refused_in_the_browser(client, session, make_staff):
    create_meeting(session, _details(key="taken-key"))
    session.commit()
    sign_in(client, make_staff("chair"))
    page = post_form(client, "/chair/meetings/new",
                     {"key": "taken-key", "name_en": "Again", "online": "y"})
    assert page.status_code == 200
    assert "Another meeting has this key." in page.get_data(as_text=True)

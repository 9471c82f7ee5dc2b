"""Safeguarding leads keep the helplines a child is shown (docs/privacy.md#rule-8):
add, edit, verify, retire, audited; the child's pages read them, cached, and fall
back to the packaged list; the YAML file goes in and comes back out the same."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import yaml
from sqlalchemy import event, select

from consult.audit.models import AuditEvent
from consult.help import manage
from consult.help.models import Helpline
from consult.help.service import DATA, from_table
from tests.factories import csrf_token, post_form, sign_in

TODAY = datetime.now(UTC).date()
FORM = {"name": "Linea Amica", "country": "IT", "itu_region": "", "phone": "0800 11 22",
        "url": "https://linea.example.org", "hours": "24/7", "languages": "it, en",
        "source": "https://childhelplineinternational.org/", "names_fr": "Ligne Amie",
        "verified": "y"}


@pytest.fixture
def lead(client, make_staff):  # type: ignore[no-untyped-def]
    user = make_staff("safeguarding", email="lead@example.org")
    sign_in(client, user)
    return user


def _add(session: Any, **overrides: Any) -> Helpline:
    fields = manage.Fields(**{"name": "Test line", "country": "IT", "phone": "1",
                              **overrides})
    helpline = manage.add(session, fields, actor_id=None, today=TODAY,  # type: ignore[arg-type]
                          verified=False)
    session.commit()
    return helpline


def test_a_lead_adds_a_helpline_and_a_child_sees_it_first_in_their_language(app, client, lead,
                                                                           session):
    r = post_form(client, "/staff/helplines/new", FORM)
    assert r.status_code == 302, r.get_data(as_text=True)
    helpline = session.scalars(select(Helpline)).one()
    assert helpline.itu_region == "EUR"  # the country's region
    assert helpline.verified_on == TODAY and helpline.verified_by_id == lead.id
    assert helpline.names == {"fr": "Ligne Amie"} and helpline.languages == ["it", "en"]
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "helpline_added")).one()
    assert event.actor_id == lead.id

    child = app.test_client()
    page = child.get("/help?country=IT&lang=en").get_data(as_text=True)
    near = page.split("Helplines near you", 1)[1].split("</ul>", 1)[0]
    assert "Linea Amica" in near
    page = child.get("/help?country=IT&lang=fr").get_data(as_text=True)
    assert "Ligne Amie" in page
    # The table is in use: the packaged list is no longer shown.
    assert "Childline Kenya" not in page


def test_with_an_empty_table_the_child_gets_the_packaged_list(app):
    page = app.test_client().get("/help?country=KE&lang=en").get_data(as_text=True)
    assert "Childline Kenya" in page


def test_a_retired_helpline_is_shown_to_nobody_and_can_come_back(app, client, lead, session):
    keep = _add(session, name="Kept line")
    gone = _add(session, name="Old line")
    page = client.get("/staff/helplines/").get_data(as_text=True)
    r = client.post(f"/staff/helplines/{gone.id}/retire", data={"csrf_token": csrf_token(page)})
    assert r.status_code == 302
    child = app.test_client().get("/help?country=IT").get_data(as_text=True)
    assert "Kept line" in child and "Old line" not in child
    r = client.post(f"/staff/helplines/{gone.id}/restore", data={"csrf_token": csrf_token(page)})
    assert "Old line" in app.test_client().get("/help?country=IT").get_data(as_text=True)
    actions = [e.action for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[-2:] == ["helpline_retired", "helpline_restored"]
    assert keep.id != gone.id


def test_entries_not_checked_for_a_year_are_listed_until_checked(client, lead, session):
    old = _add(session, name="Old check")
    old.verified_on, old.verified_by_label = TODAY - timedelta(days=400), "helplines.yaml"
    fresh = _add(session, name="Fresh check")
    fresh.verified_on = TODAY - timedelta(days=30)
    session.commit()
    assert [h.name for h in manage.stale(session, TODAY)] == ["Old check"]
    page = client.get("/staff/helplines/?stale=1").get_data(as_text=True)
    assert "Old check" in page and "Fresh check" not in page
    r = client.post(f"/staff/helplines/{old.id}/verify", data={"csrf_token": csrf_token(page)})
    assert r.status_code == 302
    session.refresh(old)
    assert old.verified_on == TODAY and old.verified_by_id == lead.id
    client.get("/staff/helplines/")  # the flash message names it once
    assert "Old check" not in client.get("/staff/helplines/?stale=1").get_data(as_text=True)
    assert "lead@example.org" in client.get(f"/staff/helplines/{old.id}").get_data(as_text=True)


def test_a_bad_entry_is_refused_and_what_was_typed_stays(client, lead, session):
    r = post_form(client, "/staff/helplines/new", {**FORM, "itu_region": "AFR"})
    assert r.status_code == 400
    page = r.get_data(as_text=True)
    assert "IT is in the EUR region, not AFR" in page and "0800 11 22" in page
    r = post_form(client, "/staff/helplines/new", {**FORM, "phone": "", "url": "ftp://x"})
    assert r.status_code == 400 and "https://" in r.get_data(as_text=True)
    assert session.scalars(select(Helpline)).all() == []


def test_two_leads_editing_at_once_the_second_is_refused(app, client, lead, session, make_staff):
    helpline = _add(session, name="Shared line")
    other = app.test_client()
    sign_in(other, make_staff("admin", email="admin@example.org"))
    url = f"/staff/helplines/{helpline.id}"
    mine, theirs = client.get(url).get_data(as_text=True), other.get(url).get_data(as_text=True)
    data = {**FORM, "country": "IT", "version": "1", "verified": ""}
    r = client.post(url, data={**data, "csrf_token": csrf_token(mine), "name": "Mine"})
    assert r.status_code == 302
    r = other.post(url, data={**data, "csrf_token": csrf_token(theirs), "name": "Theirs"})
    assert r.status_code == 409 and "Someone else saved" in r.get_data(as_text=True)
    assert 'value="Theirs"' in r.get_data(as_text=True)
    session.refresh(helpline)
    assert helpline.name == "Mine"
    edits = session.scalars(select(AuditEvent).where(AuditEvent.action == "helpline_edited"))
    assert [e.detail["changed"][:1] for e in edits] == [["name"]]


def test_the_child_page_reads_the_table_once_a_minute_at_most(app, session):
    _add(session, name="Cached line")
    statements: list[str] = []
    engine = app.extensions["consult.engine"]

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "helplines" in statement:
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        child = app.test_client()
        for _ in range(3):
            assert "Cached line" in child.get("/help?country=IT").get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 1


def test_the_packaged_yaml_round_trips_through_the_table(app, session):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["helplines", "import"])
    assert result.exit_code == 0, result.output
    packaged = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    count = len(packaged["entries"]) + len(packaged["international"])
    assert f"added {count} helplines" in result.output
    assert "added 0" in runner.invoke(args=["helplines", "import"]).output  # idempotent
    session.expire_all()
    before = from_table(session)
    exported = runner.invoke(args=["helplines", "export"]).output
    again = yaml.safe_load(exported)
    assert len(again["entries"]) == len(packaged["entries"])
    kenya = next(e for e in again["entries"] if e.get("country") == "KE")
    assert kenya["checked_on"] == date(2026, 11, 28) and kenya["phone"] == "116"
    for h in session.scalars(select(Helpline)):
        session.delete(h)
    session.commit()
    assert manage.import_yaml(session, exported, actor_label="test") == count
    session.commit()
    assert from_table(session) == before


def test_an_import_with_a_bad_entry_adds_nothing(session):
    text = yaml.safe_dump({"entries": [{"name": "Fine", "country": "FR", "phone": "119"},
                                       {"name": "Bad", "country": "XX", "phone": "1"}]})
    with pytest.raises(manage.HelplineError, match="entry 2"):
        manage.import_yaml(session, text, actor_label="test")
    session.rollback()
    assert session.scalars(select(Helpline)).all() == []


def test_only_safeguarding_and_admin_keep_helplines(client, make_staff):
    for role, allowed in (("moderator", False), ("chair", False), ("admin", True)):
        c = client.application.test_client()
        sign_in(c, make_staff(role, email=f"{role}@example.org"))
        assert (c.get("/staff/helplines/").status_code == 200) == allowed, role

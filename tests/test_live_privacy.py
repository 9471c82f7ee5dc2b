"""The privacy rules hold in a live session as everywhere else (docs/privacy.md):
no address, agent or time stored; no cookie and no staff data on the room
screen; no count below k; a disclosure never on the screen."""

from __future__ import annotations

import logging

from sqlalchemy import inspect, select

from consult.consultations.models import Question
from consult.live.models import LiveSession, LiveText
from consult.models import Base
from tests.factories import sign_in
from tests.live_helpers import join, live_consultation, open_room, send

__all__ = ["live_consultation"]
AGENT = "DistinctiveAgent/9.9 (probe-live-51a)"
REMOTE = "198.51.100.61"
FORWARDED = "203.0.113.61"


def _dump(session) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(repr(tuple(row)) for table in Base.metadata.sorted_tables
                     for row in session.execute(select(table)))


def _room(app, c, make_staff, do="show-3"):  # type: ignore[no-untyped-def]
    chair = app.test_client()
    sign_in(chair, make_staff("chair"))
    return open_room(chair, c, do)


def test_rule1_no_address_agent_or_time_stored_for_a_live_answer(app, live_consultation,
                                                                 make_staff, session, caplog):
    caplog.set_level(logging.DEBUG)
    c = live_consultation
    _room(app, c, make_staff)
    phone = app.test_client()
    phone.environ_base.update({"REMOTE_ADDR": REMOTE, "HTTP_USER_AGENT": AGENT,
                               "HTTP_X_FORWARDED_FOR": FORWARDED})
    join(phone, c.slug)
    qid = session.scalar(select(Question.id).where(Question.key == "live-word"))
    assert send(phone, c.slug, qid, "more help buttons").status_code == 200
    phone.get(f"/live/{c.slug}/state.json")
    everything = _dump(session)
    for secret in (AGENT, REMOTE, FORWARDED, "probe-live-51a"):
        assert secret not in everything
        assert secret not in caplog.text
    # No column of the live tables holds a time tied to an answer or a participant.
    text_columns = {col.name for col in inspect(LiveText).columns}
    # (batch: which release of k texts put it on the screen, an order of groups.)
    assert text_columns == {"id", "live_session_id", "answer_id", "status", "decided_by_id",
                            "batch"}
    timed = {col.name for col in inspect(LiveSession).columns
             if "DATETIME" in str(col.type).upper() or "TIMESTAMP" in str(col.type).upper()}
    assert timed == {"screen_built_at"}  # when the room's screen was last built


def test_the_room_screen_sets_no_cookie_and_shows_no_staff_data(app, live_consultation,
                                                                make_staff):
    c = live_consultation
    chair = _room(app, c, make_staff, do="show-1")
    projector = app.test_client()
    for url in (f"/live/{c.slug}/screen", f"/live/{c.slug}/screen/body",
                f"/live/{c.slug}/qr.svg", f"/live/{c.slug}/state.json"):
        r = projector.get(url)
        assert r.status_code == 200, url
        assert not r.headers.getlist("Set-Cookie"), url
    page = projector.get(f"/live/{c.slug}/screen").get_data(as_text=True)
    for staff in ("chair@example.org", "Sign out", "csrf_token", "/staff/", "/chair/"):
        assert staff not in page
    # Even opened in the chair's own signed-in browser, the screen shows no staff data.
    page = chair.get(f"/live/{c.slug}/screen").get_data(as_text=True)
    assert "chair@example.org" not in page and "Sign out" not in page


def test_rule5_screen_shows_no_band_region_or_language(app, live_consultation, make_staff,
                                                       session):
    c = live_consultation
    _room(app, c, make_staff, do="show-1")
    qid = session.scalar(select(Question.id).where(Question.key == "live-safe"))
    for band in ("13-15", "16-17", "18-24", "16-17", "18-24", "13-15"):
        phone = app.test_client()
        join(phone, c.slug, band=band)
        send(phone, c.slug, qid, "yes")
    body = app.test_client().get(f"/live/{c.slug}/screen/body").get_data(as_text=True)
    for shown in ("13-15", "16-17", "18-24", "13–15", "Europe", "English", "Français"):
        assert shown not in body


def test_the_phones_poll_carries_the_security_headers_and_no_cookie(app, live_consultation,
                                                                    make_staff):
    c = live_consultation
    _room(app, c, make_staff, do="show-1")
    phone = app.test_client()
    join(phone, c.slug)  # a phone with a session cookie of its own
    for url in (f"/live/{c.slug}/state.json", "/live/no-such-room/state.json"):
        r = phone.get(url)
        assert r.status_code == 200
        assert "default-src 'self'" in r.headers["Content-Security-Policy"]
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert not r.headers.getlist("Set-Cookie")
    assert phone.get("/live/no-such-room/state.json").json == {"session": 0, "step": 0,
                                                                 "state": "ended"}
    assert phone.head(f"/live/{c.slug}/state.json").status_code == 200

"""Live sessions: the chair steps through live questions, participants follow and
answer, moderators put short texts on the room screen (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
import yaml
from sqlalchemy import select

from consult.audit.models import AuditEvent
from consult.consultations.definition import DefinitionError, export_definition, parse
from consult.consultations.models import Question
from consult.live import service
from consult.live.models import LiveSession, LiveText
from consult.live.service import tally as counts
from consult.participate.models import Answer, Draft, Submission
from tests.factories import CODE_RE, definition, post_form, sign_in, take_part
from tests.live_helpers import STEP_RE, join, live_consultation, open_room, send, step

__all__ = ["live_consultation"]


def _chair(client, make_staff):
    sign_in(client, make_staff("chair"))


@pytest.fixture
def room(client, live_consultation, make_staff):
    """The live consultation, its session opened by the chair signed in on `client`."""
    _chair(client, make_staff)
    _open(client, live_consultation)
    return live_consultation


def _open(client, c, **form):
    open_room(client, c, key=bool(form.get("key")))


_step = step


def _live(session, c):
    session.expire_all()
    return session.scalar(select(LiveSession).where(LiveSession.consultation_id == c.id))


def _qid(session, c, key):
    return session.scalar(select(Question.id).where(Question.consultation_id == c.id,
                                                    Question.key == key))


# --- the definition format --------------------------------------------------------

def test_live_questions_round_trip_through_export_def(live_consultation, session):
    text = export_definition(live_consultation)
    data = yaml.safe_load(text)
    assert [q["key"] for q in data["live_questions"]] == ["live-safe", "live-mood", "live-word"]
    assert "live-safe" not in [q["key"] for q in data["questions"]]
    again = parse(text)
    assert [q["key"] for q in again["live_questions"]] == ["live-safe", "live-mood", "live-word"]
    assert again["questions"] == parse(text)["questions"]


def test_live_questions_need_live_mode_and_live_kinds_and_their_own_keys():
    bad = definition("bad-live", live_mode=False, live_questions=[
        {"key": "feel", "kind": "long_text", "prompt": {"default": {"en": "?"}}}])
    try:
        parse(yaml.safe_dump(bad))
    except DefinitionError as exc:
        text = str(exc)
    else:
        raise AssertionError("accepted")
    assert "live_mode: true" in text
    assert "live question's 'kind'" in text
    assert "'feel' is used twice" in text


def test_the_journey_never_asks_the_live_questions(app, live_consultation, client):
    page = client.get(f"/c/{live_consultation.slug}/start")
    assert page.status_code == 200
    snapshot = app.extensions["consult.consultations"]
    with app.app_context():
        from consult.extensions import db
        snap = snapshot.get(db(), live_consultation.slug)
    assert [q.key for q in snap.questions] == ["feel", "apps", "report", "word", "idea"]
    assert [q.key for q in snap.live_questions] == ["live-safe", "live-mood", "live-word"]


# --- the chair's steps --------------------------------------------------------------

def test_chair_steps_are_buttons_and_each_is_audited(client, live_consultation, make_staff,
                                                     session):
    c = live_consultation
    _chair(client, make_staff)
    page = client.get(f"/chair/live/{c.id}/").get_data(as_text=True)
    assert "Open a live session" in page
    _open(client, c)
    page = client.get(f"/chair/live/{c.id}/").get_data(as_text=True)
    for label in ("Show question 1", "Show question 3", "Close answers", "Show results",
                  "End the session"):
        assert f">{label}</button>" in page
    for do in ("show-1", "close", "results", "show-2", "end"):
        _step(client, c, do)
    actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert [a for a in actions if a.startswith("live.")] == [
        "live.open", "live.show", "live.close", "live.results", "live.show", "live.end"]


def test_a_second_session_cannot_open_while_one_runs(client, live_consultation, make_staff,
                                                     session):
    _chair(client, make_staff)
    _open(client, live_consultation)
    _open(client, live_consultation)
    assert len(session.scalars(select(LiveSession)).all()) == 1


def test_a_consultation_without_live_questions_cannot_open_one(client, consultation,
                                                               make_staff, session):
    _chair(client, make_staff)
    post_form(client, f"/chair/live/{consultation.id}/open", {"screen_lang": "en"},
              page=f"/chair/live/{consultation.id}/")
    assert session.scalars(select(LiveSession)).all() == []


def test_bad_steps_are_a_clear_400(client, room):
    live_consultation = room
    for do in ("show-9", "show-x", "dance"):
        r = post_form(client, f"/chair/live/{live_consultation.id}/step", {"do": do},
                      page=f"/chair/live/{live_consultation.id}/")
        assert r.status_code == 400, do


def test_live_controls_refuse_other_roles(client, live_consultation, make_staff):
    sign_in(client, make_staff("moderator"))
    assert client.get(f"/chair/live/{live_consultation.id}/").status_code == 403
    client2 = client.application.test_client()
    sign_in(client2, make_staff("chair", email="c@example.org"))
    assert client2.get("/moderate/live/").status_code == 403


# --- participants ----------------------------------------------------------------------

def test_join_by_code_and_follow_the_chair(app, client, room,
                                           session):
    c = room
    live = _live(session, c)
    phone = app.test_client()
    r = phone.get(f"/live?code={live.join_code[:3]} {live.join_code[3:]}")
    assert r.status_code == 302 and r.location.endswith(f"/live/{c.slug}")
    assert phone.get("/live?code=000").status_code == 400
    page = phone.get(f"/live/{c.slug}").get_data(as_text=True)
    assert "How old are you?" in page  # the consultation's own age screen
    page = join(phone, c.slug).get_data(as_text=True)
    assert "Wait for the first question" in page
    assert 'http-equiv="refresh"' in page and "Check for the next question" in page
    step = int(STEP_RE.search(page).group(1))
    _step(client, c, "show-1")
    state = phone.get(f"/live/{c.slug}/state.json")
    assert state.json["step"] == step + 1 and state.json["state"] == "open"
    page = phone.get(f"/live/{c.slug}").get_data(as_text=True)
    assert "Do you feel safe online?" in page
    # No automatic refresh while there is something to answer.
    assert 'http-equiv="refresh"' not in page


def test_state_polling_answers_304_until_the_chair_moves(app, client, room):
    c = room
    app.extensions["consult.live_steps"].ttl = 0
    phone = app.test_client()
    first = phone.get(f"/live/{c.slug}/state.json")
    etag = first.headers["ETag"]
    assert phone.get(f"/live/{c.slug}/state.json",
                     headers={"If-None-Match": etag}).status_code == 304
    _step(client, c, "show-1")
    again = phone.get(f"/live/{c.slug}/state.json", headers={"If-None-Match": etag})
    assert again.status_code == 200 and again.headers["ETag"] != etag
    assert not again.headers.getlist("Set-Cookie")


def test_answers_are_one_submission_with_one_return_code(app, client, room, session):
    c = room
    phone = app.test_client()
    join(phone, c.slug)
    _step(client, c, "show-1")
    r = send(phone, c.slug, _qid(session, c, "live-safe"), "yes")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and CODE_RE.search(html)
    assert "Thank you: your answer is in" in html
    _step(client, c, "show-2")
    r = send(phone, c.slug, _qid(session, c, "live-mood"), "4")
    assert r.status_code == 200 and not CODE_RE.search(r.get_data(as_text=True))
    submissions = session.scalars(select(Submission)).all()
    assert len(submissions) == 1
    s = submissions[0]
    assert s.given_live and s.status == "pending" and s.band == "16-17"
    assert sorted(a.choices[0] for a in s.answers) == ["4", "yes"]


def test_an_answer_to_a_question_no_longer_open_is_refused(app, client, room, session):
    c = room
    phone = app.test_client()
    join(phone, c.slug)
    _step(client, c, "show-1")
    page = phone.get(f"/live/{c.slug}").get_data(as_text=True)
    _step(client, c, "close")
    from tests.factories import csrf_token
    r = phone.post(f"/live/{c.slug}/answer", data={
        "csrf_token": csrf_token(page), "question": _qid(session, c, "live-safe"),
        "answer": "yes"})
    assert r.status_code == 409
    assert "closed" in r.get_data(as_text=True)
    assert session.scalars(select(Answer)).all() == []


def test_answering_twice_keeps_one_answer(app, client, room, session):
    c = room
    phone = app.test_client()
    join(phone, c.slug)
    _step(client, c, "show-1")
    qid = _qid(session, c, "live-safe")
    from tests.factories import csrf_token
    page = phone.get(f"/live/{c.slug}").get_data(as_text=True)
    assert send(phone, c.slug, qid, "yes").status_code == 200
    r = phone.post(f"/live/{c.slug}/answer", data={"csrf_token": csrf_token(page),
                                                   "question": qid, "answer": "no"})
    assert r.status_code == 409
    assert [a.choices for a in session.scalars(select(Answer))] == [["yes"]]


def test_an_empty_or_invalid_answer_is_a_400_that_names_the_fix(app, client, room, session):
    c = room
    phone = app.test_client()
    join(phone, c.slug)
    _step(client, c, "show-1")
    qid = _qid(session, c, "live-safe")
    r = send(phone, c.slug, qid, "maybe")
    assert r.status_code == 400
    r = send(phone, c.slug, qid, "")
    assert r.status_code == 400 and "Choose or write an answer" in r.get_data(as_text=True)


def test_a_participant_who_joined_earlier_is_not_asked_their_age_again(
        app, client, room, session):
    c = room
    phone = app.test_client()
    join(phone, c.slug)
    _step(client, c, "end")
    _open(client, c)
    page = phone.get(f"/live/{c.slug}").get_data(as_text=True)
    assert "How old are you?" not in page and "Wait for the first question" in page


def test_the_group_code_rule_applies_below_the_independent_age(app, client, room):
    c = room
    phone = app.test_client()
    r = post_form(phone, f"/live/{c.slug}/start", {"band": "9-12", "country": ""},
                  page=f"/live/{c.slug}")
    assert r.status_code == 302
    r = phone.get(f"/live/{c.slug}")
    assert r.status_code == 302 and r.location.endswith("/group")
    assert phone.get(f"/live/{c.slug}/assent").location.endswith("/group")
    r = post_form(phone, f"/live/{c.slug}/group", {"code": "1234-5678-9012"})
    assert r.status_code == 400 and "could not find that group code" in r.get_data(as_text=True)


def test_ending_the_session_unlinks_the_phone_from_its_submission(app, client,
                                                                 room, session):
    c = room
    phone = app.test_client()
    join(phone, c.slug)
    _step(client, c, "show-1")
    send(phone, c.slug, _qid(session, c, "live-safe"), "yes")
    assert session.scalar(select(Draft.submission_id)) is not None
    _step(client, c, "end")
    session.expire_all()
    assert session.scalar(select(Draft.submission_id)) is None


def test_a_live_submission_can_be_withdrawn_but_not_rewritten(app, client, room,
                                                              make_staff, session):
    c = room
    phone = app.test_client()
    join(phone, c.slug)
    _step(client, c, "show-1")
    code = CODE_RE.search(send(phone, c.slug, _qid(session, c, "live-safe"), "no")
                          .get_data(as_text=True)).group(1)
    visitor = app.test_client()
    status = post_form(visitor, "/return", {"code": code}).get_data(as_text=True)
    assert 'value="edit"' not in status
    post_form(visitor, "/return", {"code": code, "action": "withdraw-confirm"})
    r = post_form(visitor, "/return", {"code": code, "action": "withdraw"})
    assert r.status_code == 200
    session.expire_all()
    assert session.scalar(select(Submission.status)) == "withdrawn"
    assert session.scalars(select(Answer)).all() == []


# --- moderation and the screen ------------------------------------------------------

def _three_texts(app, client, c, make_staff, session, texts):
    _chair(client, make_staff)
    _open(client, c)
    _step(client, c, "show-3")
    qid = _qid(session, c, "live-word")
    out = []
    for text in texts:
        phone = app.test_client()
        join(phone, c.slug)
        out.append(send(phone, c.slug, qid, text))
    return out


def test_live_queue_newest_first_with_flags_and_one_key_decisions(app, client,
                                                                  live_consultation,
                                                                  make_staff, session):
    c = live_consultation
    _three_texts(app, client, c, make_staff, session,
                 ["more privacy please", "email me at kid@example.org", "stop the ads"])
    mod = app.test_client()
    sign_in(mod, make_staff("moderator"))
    live = _live(session, c)
    page = mod.get(f"/moderate/live/{live.id}").get_data(as_text=True)
    assert page.index("stop the ads") < page.index("kid@example.org") < page.index("more privacy")
    assert "Personal data" in page
    assert 'data-live-key="a"' in page and 'data-live-key="r"' in page
    texts = {a.text_original: t.id for t, a in service.pending_texts(session, live)}
    for text, decision in (("email me at kid@example.org", "show"),
                           ("stop the ads", "reject")):
        r = post_form(mod, f"/moderate/live/{live.id}/{texts[text]}", {"decision": decision},
                      page=f"/moderate/live/{live.id}")
        assert r.status_code == 302
    # One approved text waits for k - 1 more before the screen shows any
    # (tests/test_live_screen_attack.py); the queue says so.
    screen = app.test_client().get(f"/live/{c.slug}/screen").get_data(as_text=True)
    assert "email me at" not in screen and "stop the ads" not in screen
    assert "1 approved text is waiting" in mod.get(f"/moderate/live/{live.id}").get_data(
        as_text=True)
    for text in ("one", "two", "three", "four"):
        phone = app.test_client()
        join(phone, c.slug)
        send(phone, c.slug, _qid(session, c, "live-word"), f"idea {text}")
    for t, a in service.pending_texts(session, live):
        if a.text_original.startswith("idea"):
            post_form(mod, f"/moderate/live/{live.id}/{t.id}", {"decision": "show"},
                      page=f"/moderate/live/{live.id}")
    screen = app.test_client().get(f"/live/{c.slug}/screen").get_data(as_text=True)
    assert "kid@example.org" not in screen and "email me at" in screen  # redacted copy
    assert "stop the ads" not in screen and "more privacy" not in screen
    actions = session.scalars(select(AuditEvent.action)).all()
    assert "live.text_shown" in actions and "live.text_rejected" in actions
    again = post_form(mod, f"/moderate/live/{live.id}/{texts['stop the ads']}",
                      {"decision": "show"}, page=f"/moderate/live/{live.id}")
    assert again.status_code == 302
    session.expire_all()
    assert session.get(LiveText, texts["stop the ads"]).status == "rejected"


def test_a_disclosure_never_reaches_the_queue_or_screen_and_help_shows_at_once(
        app, client, live_consultation, make_staff, session):
    from consult.safeguarding.models import Case

    c = live_consultation
    said = "my uncle touches me and says not to tell anyone"
    (r,) = _three_texts(app, client, c, make_staff, session, [said])
    html = r.get_data(as_text=True)
    assert "If something is worrying you" in html and 'class="help-box"' in html
    assert session.scalar(select(Submission.status)) == "escalated"
    assert session.scalars(select(Case)).all()
    live = _live(session, c)
    assert service.pending_texts(session, live) == []
    assert session.scalars(select(LiveText)).all() == []
    mod = app.test_client()
    sign_in(mod, make_staff("moderator"))
    assert said not in mod.get(f"/moderate/live/{live.id}").get_data(as_text=True)
    assert said not in app.test_client().get(f"/live/{c.slug}/screen").get_data(as_text=True)


def test_screen_counts_hidden_below_k_and_equal_to_the_database_from_k(
        app, client, room, session):
    c = room  # k = 5
    _step(client, c, "show-1")
    qid = _qid(session, c, "live-safe")
    for _ in range(4):
        phone = app.test_client()
        join(phone, c.slug)
        send(phone, c.slug, qid, "yes")
    screen = app.test_client().get(f"/live/{c.slug}/screen").get_data(as_text=True)
    assert "Counts appear once at least 5 people have answered" in screen
    for i in range(6):
        phone = app.test_client()
        join(phone, c.slug)
        send(phone, c.slug, qid, "yes" if i < 1 else "no")
    # New answers reach the screen within REBUILD_EVERY; a chair's step at once.
    _step(client, c, "close")
    screen = app.test_client().get(f"/live/{c.slug}/screen").get_data(as_text=True)
    assert "At least 10 answers" in screen and "Answers closed" in screen
    assert 'class="screen-count"' not in screen  # the choices wait for the results
    live = _live(session, c)
    assert counts(session, live, qid) == {"yes": 5, "no": 5}
    for _ in range(3):
        phone = app.test_client()
        join(phone, c.slug)
        assert send(phone, c.slug, qid, "yes").status_code == 409
    _step(client, c, "results")
    screen = app.test_client().get(f"/live/{c.slug}/screen").get_data(as_text=True)
    assert "13 answers" not in screen  # answers closed: the three late ones were refused
    assert "10 answers" in screen
    assert screen.count('class="screen-count">5<') == 2


def test_a_small_option_is_hidden_with_the_one_that_would_give_it_away(
        app, client, room, session):
    c = room
    _step(client, c, "show-1")
    qid = _qid(session, c, "live-safe")
    for i in range(10):
        phone = app.test_client()
        join(phone, c.slug)
        send(phone, c.slug, qid, "yes" if i < 8 else "no")
    _step(client, c, "results")
    screen = app.test_client().get(f"/live/{c.slug}/screen").get_data(as_text=True)
    assert "10 answers" in screen
    assert screen.count("fewer than 5") == 2 and 'class="screen-count">8<' not in screen


def test_screen_is_built_once_per_change_for_every_viewer(app, client, room, session):
    c = room
    viewer = app.test_client()
    first = viewer.get(f"/live/{c.slug}/screen/body")
    etag = first.headers["ETag"]
    built = _live(session, c).screen_built_at
    for _ in range(5):
        assert viewer.get(f"/live/{c.slug}/screen/body",
                          headers={"If-None-Match": etag}).status_code == 304
    assert _live(session, c).screen_built_at == built
    _step(client, c, "show-2")
    changed = viewer.get(f"/live/{c.slug}/screen/body", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "How do you feel about apps?" in changed.get_data(
        as_text=True)


def test_screen_key_when_the_chair_asks_for_one(app, client, live_consultation, make_staff,
                                                session):
    c = live_consultation
    _chair(client, make_staff)
    _open(client, c, key=True)
    live = _live(session, c)
    anyone = app.test_client()
    assert anyone.get(f"/live/{c.slug}/screen").status_code == 404
    assert anyone.get(f"/live/{c.slug}/screen?key=guess").status_code == 404
    assert anyone.get(f"/live/{c.slug}/screen/body").status_code == 404
    assert anyone.get(f"/live/{c.slug}/screen?key={live.screen_key}").status_code == 200


def test_screen_in_the_chosen_language_with_join_address_and_qr(app, client, live_consultation,
                                                                make_staff, session):
    c = live_consultation
    _chair(client, make_staff)
    post_form(client, f"/chair/live/{c.id}/open", {"screen_lang": "fr"},
              page=f"/chair/live/{c.id}/")
    _step(client, c, "show-1")
    live = _live(session, c)
    page = app.test_client().get(f"/live/{c.slug}/screen").get_data(as_text=True)
    assert '<html lang="fr"' in page and "Te sens-tu en sécurité ?" in page
    assert live.join_code in page and f"/live/{c.slug}" in page
    qr = app.test_client().get(f"/live/{c.slug}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    assert qr.get_data(as_text=True).startswith("<svg")


def test_live_answers_count_in_the_summary_like_all_others(app, client, room, session):
    from consult.summarize.service import build

    c = room
    _step(client, c, "show-1")
    qid = _qid(session, c, "live-safe")
    phone = app.test_client()
    join(phone, c.slug)
    send(phone, c.slug, qid, "yes")
    take_part(app.test_client(), c.slug, answers={1: "3"})
    for s in session.scalars(select(Submission)):
        s.status = "approved"
    session.commit()
    summary = build(session, c)
    live_q = next(q for q in summary["questions"] if q["key"] == "live-safe")
    assert live_q["live"] is True
    assert not next(q for q in summary["questions"] if q["key"] == "feel")["live"]
    assert summary["participation"]["total"]["suppressed"]  # 2 people: below k
    assert session.scalar(select(Submission.id).where(Submission.given_live.is_(True)))


def test_the_demo_has_live_questions_and_a_room_to_join(app, session):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    live = session.scalar(select(LiveSession))
    assert live is not None and live.screen_key is None and live.state == "waiting"
    assert f"code {live.join_code}" in result.output
    assert "/live/ai-and-online-safety/screen" in result.output
    phone = app.test_client()
    r = phone.get(f"/live?code={live.join_code}")
    assert r.status_code == 302
    assert "How old are you?" in phone.get(r.location).get_data(as_text=True)
    assert app.test_client().get("/live/ai-and-online-safety/screen").status_code == 200
    keys = session.scalars(select(Question.key).where(Question.live_order.is_not(None))
                           .order_by(Question.live_order)).all()
    assert keys == ["live-ai-label", "live-feel-today", "live-one-idea"]


def test_export_def_command_writes_the_live_questions(app, live_consultation, tmp_path):
    out = tmp_path / "def.yaml"
    result = app.test_cli_runner().invoke(
        args=["consultations", "export-def", live_consultation.slug, "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [q["key"] for q in data["live_questions"]] == ["live-safe", "live-mood", "live-word"]
    assert data["live_mode"] is True


def test_live_answers_reach_the_csv_rows_marked_as_given_live(app, client, room, make_staff,
                                                              session):
    import csv
    import io
    from datetime import UTC, datetime

    from consult.export.service import export
    from consult.moderate.service import approve

    c = room
    _step(client, c, "show-1")
    qid = _qid(session, c, "live-safe")
    for _ in range(5):
        phone = app.test_client()
        join(phone, c.slug)
        assert send(phone, c.slug, qid, "yes").status_code == 200
    moderator = make_staff("moderator")
    session.expire_all()
    for s in session.scalars(select(Submission)).all():
        approve(session, s.id, moderator.id, datetime.now(UTC))
    session.commit()
    out = io.BytesIO()
    export(session, c, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8-sig"), newline="")))
    live = [r for r in rows if r["question"] == "live-safe"]
    assert len(live) == 5 and {r["given_live"] for r in live} == {"yes"}
    assert {r["given_live"] for r in rows if r["question"] != "live-safe"} <= {"no"}

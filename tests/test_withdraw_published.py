"""A withdrawal reaches what is already published (rule 7), deletes any edit
draft at once, and holds against an edit saved at the same instant; a case
opened as a participant sends keeps only the day (rule 1)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import partial

from sqlalchemy import Date, func, inspect, select

from consult.consultations.models import Consultation
from consult.moderate import service as moderation
from consult.participate.models import Answer, Draft, Submission
from consult.results import service as results
from consult.safeguarding.models import Case
from tests.factories import csrf_token, return_code, take_part
from tests.served import Browser, at_once, code_on, send_fields, serve

NOW = datetime.now(UTC)


def _published_with_quotes(app, session, consultation, moderator, quoted: int) -> list[str]:
    """12 approved submissions, the first `quoted` of them quoted; their codes."""
    codes = [return_code(take_part(app.test_client(), consultation.slug, quote="yes",
                                   answers={3: "yes", 5: f"quote number {i}"}))
             for i in range(12)]
    ids = list(session.scalars(select(Submission.id).order_by(Submission.id)))
    for sid in ids:
        moderation.approve(session, sid, moderator.id, NOW)
    for sid in ids[:quoted]:
        answer = session.scalars(select(Answer).where(
            Answer.submission_id == sid, Answer.text_original.is_not(None))).one()
        moderation.mark_quotable(session, answer.id, moderator.id, True)
    row = session.get(Consultation, consultation.id)
    row.status = "closed"
    session.commit()
    results.publish(session, row, moderator.id, NOW)
    session.commit()
    return codes


def _withdraw(client, code):  # type: ignore[no-untyped-def]
    page = client.get("/return").get_data(as_text=True)
    token = csrf_token(page) if 'name="csrf_token"' in page else ""
    return client.post("/return", data={"code": code, "action": "withdraw",
                                        "csrf_token": token})


def test_a_withdrawal_after_publication_takes_the_quotes_down_at_once(
        app, client, session, consultation, make_staff):
    moderator = make_staff("chair", "moderator")
    codes = _published_with_quotes(app, session, consultation, moderator, quoted=3)
    slug = consultation.slug
    before = client.get(f"/results/{slug}.json").get_json()
    assert [q["text"] for q in before["quotes"]] == [f"quote number {i}" for i in range(3)]

    r = _withdraw(app.test_client(), codes[1])
    assert r.status_code == 200
    assert "Numbers already published stay as they are" in r.get_data(as_text=True)

    after = client.get(f"/results/{slug}.json").get_json()
    assert [q["text"] for q in after["quotes"]] == ["quote number 0", "quote number 2"]
    page = client.get(f"/results/{slug}").get_data(as_text=True)
    assert "quote number 1" not in page and "quote number 0" in page
    # The counts stay frozen, and the page says so.
    assert after["participation"] == before["participation"]
    assert "the numbers stay as they are" in page


def test_two_withdrawals_at_the_same_instant_both_leave_the_page(
        app, session, consultation, make_staff):
    moderator = make_staff("chair", "moderator")
    codes = _published_with_quotes(app, session, consultation, moderator, quoted=4)
    with serve(app) as base:
        tabs = [Browser(base), Browser(base)]
        tokens = [csrf_token(t.get("/return").text) if "csrf_token" in t.get("/return").text
                  else "" for t in tabs]
        results_ = at_once(*[
            partial(t.post, "/return", {"code": code, "action": "withdraw", "csrf_token": token})
            for t, code, token in zip(tabs, codes[:2], tokens, strict=True)])
        assert [r.status_code for r in results_] == [200, 200]
        quotes = Browser(base).get(f"/results/{consultation.slug}.json").json()["quotes"]
    assert [q["text"] for q in quotes] == ["quote number 2", "quote number 3"]


def test_a_withdrawal_deletes_the_edit_draft_at_once(app, client, session, consultation):
    code = return_code(take_part(client, consultation.slug, answers={5: "mine"}))
    editor = app.test_client()
    page = editor.get("/return").get_data(as_text=True)
    token = csrf_token(page) if 'name="csrf_token"' in page else ""
    assert editor.post("/return", data={"code": code, "action": "edit",
                                        "csrf_token": token}).status_code == 302
    assert session.scalar(select(func.count()).select_from(Draft)) == 1
    assert _withdraw(app.test_client(), code).status_code == 200
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Draft)) == 0
    # The tab still open on the edit cannot bring the answers back.
    review = editor.get(f"/c/{consultation.slug}/review")
    assert review.status_code == 302


def test_an_edit_saved_as_the_submission_is_withdrawn_leaves_no_answers(
        app, session, consultation):
    slug = consultation.slug
    with serve(app) as base:
        for i in range(5):
            child = Browser(base)
            fields = child.to_review(slug, {5: f"first {i}"})
            code = code_on(child.post(f"/c/{slug}/review", fields))
            page = child.get("/return").text
            token = csrf_token(page) if "csrf_token" in page else ""
            assert child.post("/return", {"code": code, "action": "edit",
                                          "csrf_token": token}).status_code == 302
            child.form(f"/c/{slug}/q/5", {"answer": f"changed {i}", "action": "next"})
            edit = send_fields(child.get(f"/c/{slug}/review").text)
            other = Browser(base)
            token = csrf_token(other.get("/return").text) if "csrf_token" in page else ""
            saved, withdrawn = at_once(
                partial(child.post, f"/c/{slug}/review", edit),
                partial(other.post, "/return", {"code": code, "action": "withdraw",
                                               "csrf_token": token}))
            assert saved.status_code in (200, 403, 409), saved.status_code
            assert withdrawn.status_code == 200
    session.expire_all()
    statuses = set(session.scalars(select(Submission.status)))
    assert statuses == {"withdrawn"}
    assert session.scalar(select(func.count()).select_from(Answer)) == 0
    assert session.scalar(select(func.count()).select_from(Draft)) == 0


def test_a_case_opened_as_the_participant_sends_keeps_only_the_day(client, session,
                                                                  consultation):
    take_part(client, consultation.slug,
              answers={5: "A man in a game keeps asking me for photos and says not to tell my mum"})
    case = session.scalars(select(Case)).one()
    assert type(case.opened_on) is date and type(case.updated_on) is date
    columns = {c["name"]: c["type"] for c in inspect(session.get_bind()).get_columns(
        "safeguarding_cases")}
    assert "opened_at" not in columns and "updated_at" not in columns
    assert isinstance(columns["opened_on"], Date) and isinstance(columns["updated_on"], Date)

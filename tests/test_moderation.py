"""Moderation: queue, claims, decisions, redaction, quotes (docs/privacy.md#rule-4,
docs/privacy.md#rule-8)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from consult.audit.models import AuditEvent
from consult.detect.pii import MASK
from consult.moderate import service
from consult.participate.models import Answer, Submission
from tests.factories import csrf_token, sign_in, take_part

PHONE_TEXT = "Call me on +44 7700 900123 or mail kid@example.com about better apps"


def _submit(app, consultation, text="Apps should have bigger report buttons", **kw):
    take_part(app.test_client(), consultation.slug, answers={5: text}, **kw)


@pytest.fixture
def moderator(client, make_staff):
    user = make_staff("moderator")
    sign_in(client, user)
    return user


def _now():
    return datetime.now(UTC)


def test_queue_lists_pending_with_personal_data_highlighted(app, client, consultation,
                                                            moderator):
    _submit(app, consultation, PHONE_TEXT)
    html = client.get("/moderate/").get_data(as_text=True)
    assert re.search(r'<mark class="pii" title="phone">\+44 7700 900123</mark>', html)
    assert "Personal data" in html


def test_queue_filters_and_keyset_pages(app, client, consultation, moderator, session):
    for i in range(7):
        _submit(app, consultation, f"idea number {i}", band="13-15" if i % 2 else "16-17")
    rows, after = service.queue_page(session, service.QueueFilter(band="13-15"), limit=2)
    assert [s.band for s in rows] == ["13-15", "13-15"] and after == rows[-1].id
    more, after2 = service.queue_page(session, service.QueueFilter(band="13-15"), after, limit=2)
    assert len(more) == 1 and after2 is None and more[0].id > after
    html = client.get(f"/moderate/?band=13-15&consultation={consultation.id}").get_data(
        as_text=True)
    assert html.count('name="ids"') == 3


def test_hostile_input_is_inert_in_the_queue(app, client, consultation, moderator):
    hostile = '<img src=x onerror=alert(1)><script>alert("x")</script>=cmd|\'/C calc\'!A0'
    _submit(app, consultation, hostile)
    html = client.get("/moderate/").get_data(as_text=True)
    assert "<img src=x" not in html and '<script>alert("x")' not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_approve_keeps_detected_personal_data_redacted(app, client, consultation, moderator,
                                                       session):
    _submit(app, consultation, PHONE_TEXT)
    submission = session.scalars(select(Submission)).one()
    page = client.get(f"/moderate/s/{submission.id}")
    r = client.post(f"/moderate/s/{submission.id}/decide",
                    data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                          "action": "approve"})
    assert r.status_code == 302
    session.expire_all()
    answer = session.scalars(select(Answer).where(Answer.text_original.is_not(None))).one()
    assert answer.submission.status == "approved"
    assert "7700" not in answer.text_redacted and "kid@example.com" not in answer.text_redacted
    assert MASK in answer.text_redacted


def test_moderator_can_untick_a_false_alarm_and_add_a_span(app, client, consultation,
                                                           moderator, session):
    _submit(app, consultation, PHONE_TEXT)
    submission = session.scalars(select(Submission)).one()
    answer = submission.answers[-1]
    spans = answer.flags["pii"]
    phone = next(s for s in spans if s["kind"] == "phone")
    html = client.get(f"/moderate/s/{submission.id}").get_data(as_text=True)
    start = PHONE_TEXT.index("better")
    client.post(f"/moderate/s/{submission.id}/decide", data={
        "csrf_token": csrf_token(html), "action": "approve", f"spans-{answer.id}": "1",
        f"keep-{answer.id}": f"{phone['start']}:{phone['end']}:phone",
        f"add-{answer.id}": f"{start}:{start + 6}:better",
        f"edited-{answer.id}": answer.text_redacted})
    session.expire_all()
    text = session.get(Answer, answer.id).text_redacted
    assert "kid@example.com" in text and "7700" not in text and "better" not in text


def test_hand_redacted_copy_is_accepted_only_if_it_masks(app, client, consultation, moderator,
                                                         session):
    _submit(app, consultation, "I live near the big park in town")
    submission = session.scalars(select(Submission)).one()
    answer = submission.answers[-1]
    html = client.get(f"/moderate/s/{submission.id}").get_data(as_text=True)
    bad = client.post(f"/moderate/s/{submission.id}/decide", data={
        "csrf_token": csrf_token(html), "action": "approve",
        f"edited-{answer.id}": "I live near the big park in ███ and I added words"})
    assert bad.status_code == 302
    session.expire_all()
    assert session.get(Submission, submission.id).status == "pending"
    html = client.get(f"/moderate/s/{submission.id}").get_data(as_text=True)
    client.post(f"/moderate/s/{submission.id}/decide", data={
        "csrf_token": csrf_token(html), "action": "approve",
        f"edited-{answer.id}": "I live near the ███ in town"})
    session.expire_all()
    assert session.get(Answer, answer.id).text_redacted == "I live near the ███ in town"


def test_masked_spans_rejects_additions_and_finds_masks():
    assert service.masked_spans("abc def", "abc ███") is not None
    assert service.masked_spans("abc def", "abc dex") is None
    assert service.masked_spans("abc def", "abc def!") is None
    assert [s.text for s in service.masked_spans("my name is Ana ok", "my name is █ ok")] == ["Ana"]


def test_reject_needs_a_listed_reason_and_is_audited(app, client, consultation, moderator,
                                                     session):
    _submit(app, consultation, "spam spam spam")
    submission = session.scalars(select(Submission)).one()
    html = client.get(f"/moderate/s/{submission.id}").get_data(as_text=True)
    client.post(f"/moderate/s/{submission.id}/decide", data={
        "csrf_token": csrf_token(html), "action": "reject", "reason": "spam", "note": "bot"})
    session.expire_all()
    row = session.get(Submission, submission.id)
    assert (row.status, row.reject_reason, row.reject_note) == ("rejected", "spam", "bot")
    assert session.scalars(select(AuditEvent.action).where(
        AuditEvent.object_type == "submission",
        AuditEvent.object_id == str(row.id))).all() == ["reject"]


def test_escalate_opens_a_case_and_leaves_the_queue(app, client, consultation, moderator,
                                                    session):
    from consult.safeguarding.models import Case

    _submit(app, consultation, "something worrying")
    submission = session.scalars(select(Submission)).one()
    html = client.get(f"/moderate/s/{submission.id}").get_data(as_text=True)
    client.post(f"/moderate/s/{submission.id}/decide", data={
        "csrf_token": csrf_token(html), "action": "escalate"})
    session.expire_all()
    assert session.get(Submission, submission.id).status == "escalated"
    assert session.scalars(select(Case)).one().submission_id == submission.id
    r = client.get(f"/moderate/s/{submission.id}")
    assert r.status_code == 409 and "something worrying" not in r.get_data(as_text=True)


def test_second_moderator_is_told_someone_else_decided(app, consultation, make_staff, session):
    _submit(app, consultation)
    submission = session.scalars(select(Submission)).one()
    first, second = app.test_client(), app.test_client()
    sign_in(first, make_staff("moderator", email="one@example.org"))
    sign_in(second, make_staff("moderator", email="two@example.org"))
    page1 = first.get(f"/moderate/s/{submission.id}").get_data(as_text=True)
    busy = second.get(f"/moderate/s/{submission.id}")
    assert busy.status_code == 409 and "Another moderator" in busy.get_data(as_text=True)
    first.post(f"/moderate/s/{submission.id}/decide",
               data={"csrf_token": csrf_token(page1), "action": "approve"})
    late = second.get(f"/moderate/s/{submission.id}")
    assert late.status_code == 409 and "already decided" in late.get_data(as_text=True)


def test_expired_claim_can_be_taken_over(app, consultation, make_staff, session):
    _submit(app, consultation)
    sid = session.scalars(select(Submission.id)).one()
    one = make_staff("moderator", email="a@example.org")
    two = make_staff("moderator", email="b@example.org")
    service.claim(session, sid, one.id, _now() - timedelta(minutes=service.CLAIM_MINUTES + 1))
    session.commit()
    assert service.claim(session, sid, two.id, _now()).claimed_by_id == two.id


def test_bulk_approve_and_reject(app, client, consultation, moderator, session):
    for i in range(3):
        _submit(app, consultation, f"idea {i}")
    ids = session.scalars(select(Submission.id).order_by(Submission.id)).all()
    html = client.get("/moderate/").get_data(as_text=True)
    client.post("/moderate/bulk", data={"csrf_token": csrf_token(html), "action": "approve",
                                        "ids": [str(i) for i in ids[:2]]})
    html = client.get("/moderate/").get_data(as_text=True)
    client.post("/moderate/bulk", data={"csrf_token": csrf_token(html), "action": "reject",
                                        "reason": "off_topic", "ids": [str(ids[2])]})
    session.expire_all()
    statuses = [session.get(Submission, i).status for i in ids]
    assert statuses == ["approved", "approved", "rejected"]


def test_claim_next_hands_different_submissions_to_two_moderators(app, consultation,
                                                                  make_staff, session):
    for i in range(2):
        _submit(app, consultation, f"idea {i}")
    one = make_staff("moderator", email="a@example.org")
    two = make_staff("moderator", email="b@example.org")
    first = service.claim_next(session, one.id, service.QueueFilter(), _now())
    session.commit()
    second = service.claim_next(session, two.id, service.QueueFilter(), _now())
    session.commit()
    assert first and second and first.id != second.id


def _approve_with_consent(app, client, consultation, session, text):
    _submit(app, consultation, text, quote="yes")
    sid = max(session.scalars(select(Submission.id)).all())
    html = client.get(f"/moderate/s/{sid}").get_data(as_text=True)
    client.post(f"/moderate/s/{sid}/decide", data={"csrf_token": csrf_token(html),
                                                   "action": "approve"})
    session.expire_all()
    return session.scalars(select(Answer).join(Submission).where(
        Submission.id == sid, Answer.text_original.is_not(None))).one()


def test_quotable_only_with_consent(app, client, consultation, moderator, session):
    answer = _approve_with_consent(app, client, consultation, session, "Make reports easy")
    html = client.get(f"/moderate/quotes?consultation={consultation.id}").get_data(as_text=True)
    assert "Make reports easy" in html
    client.post(f"/moderate/quotes/{answer.id}", data={"csrf_token": csrf_token(html),
                                                       "action": "mark"})
    session.expire_all()
    assert session.get(Answer, answer.id).quotable
    _submit(app, consultation, "No consent here", quote="no")
    sid = max(session.scalars(select(Submission.id)).all())
    service.approve(session, sid, moderator.id, _now())
    session.commit()
    other = session.scalars(select(Answer).where(Answer.submission_id == sid,
                                                 Answer.text_original.is_not(None))).one()
    with pytest.raises(service.ModerationError):
        service.mark_quotable(session, other.id, moderator.id, True)


def test_quote_needs_a_second_moderator_when_the_consultation_asks(app, client,
                                                                   make_consultation,
                                                                   moderator, make_staff,
                                                                   session):
    consultation = make_consultation("second-look", quotes_need_confirmation=True)
    answer = _approve_with_consent(app, client, consultation, session, "Teach us privacy")
    service.mark_quotable(session, answer.id, moderator.id, True)
    session.commit()
    assert not service.quote_ready(session.get(Answer, answer.id), consultation)
    with pytest.raises(service.ModerationError):
        service.confirm_quote(session, answer.id, moderator.id)
    other = make_staff("moderator", email="second@example.org")
    service.confirm_quote(session, answer.id, other.id)
    session.commit()
    assert service.quote_ready(session.get(Answer, answer.id), consultation)


def test_flagged_text_is_hidden_until_revealed_and_the_reveal_is_audited(
        app, client, consultation, moderator, session):
    from consult.safeguarding.service import open_case, return_to_moderation

    _submit(app, consultation, "Apps must protect kids better")
    submission = session.scalars(select(Submission)).one()
    submission.flag_disclosure = True
    case = open_case(session, submission, "test")
    return_to_moderation(session, case, moderator.id)
    session.commit()
    queue = client.get("/moderate/").get_data(as_text=True)
    assert "Apps must protect kids better" not in queue
    page = client.get(f"/moderate/s/{submission.id}").get_data(as_text=True)
    assert "Apps must protect kids better" not in page and "Reveal" in page
    shown = client.post(f"/moderate/s/{submission.id}/reveal",
                        data={"csrf_token": csrf_token(page)}).get_data(as_text=True)
    assert "Apps must protect kids better" in shown
    assert "reveal_flagged" in session.scalars(select(AuditEvent.action)).all()

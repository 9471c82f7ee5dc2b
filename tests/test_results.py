"""Publication, the public results page, feedback and the purge
(docs/privacy.md#rule-5, docs/privacy.md#rule-6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from consult.consultations.models import Consultation
from consult.moderate import service as moderation
from consult.participate.models import Answer, Submission
from consult.results import service
from consult.results.models import Publication
from consult.summarize.service import build
from tests.factories import csrf_token, post_form, return_code, sign_in, take_part

NOW = datetime.now(UTC)


def _approved(app, session, consultation, n, moderator, **kw):
    codes = []
    for _ in range(n):
        codes.append(return_code(take_part(app.test_client(), consultation.slug, **kw)))
    for sid in session.scalars(select(Submission.id).where(Submission.status == "pending")):
        moderation.approve(session, sid, moderator.id, NOW)
    session.commit()
    return codes


@pytest.fixture
def chair(make_staff):
    return make_staff("chair", "moderator", email="chair@example.org")


def _close(session, consultation):
    row = session.get(Consultation, consultation.id)
    row.status = "closed"
    session.commit()
    return row


def test_only_approved_submissions_count(app, session, consultation, chair):
    _approved(app, session, consultation, 12, chair, answers={3: "yes"})
    take_part(app.test_client(), consultation.slug, answers={3: "no"})  # stays pending
    summary = build(session, session.get(Consultation, consultation.id))
    assert summary["participation"]["total"]["count"] == 12
    report = next(q for q in summary["questions"] if q["key"] == "report")
    counts = {o["key"]: o["count"] for o in report["options"]}
    assert counts == {"yes": 12, "no": 0}


def test_lone_nine_year_old_from_a_small_region_appears_nowhere(app, session, consultation,
                                                                chair):
    _approved(app, session, consultation, 15, chair, region="EUR", answers={3: "yes"})
    from consult.groups.service import create_group

    _group, code = create_group(session, consultation, "School", "Head", "test-secret-key")
    session.commit()
    _approved(app, session, consultation, 1, chair, band="9-12", region="ASP", group_code=code,
              answers={3: "no"})
    summary = build(session, session.get(Consultation, consultation.id))
    part = summary["participation"]
    band = {row["key"]: row for row in part["band"]}
    region = {row["key"]: row for row in part["region"]}
    assert band["9-12"]["suppressed"] and region["ASP"]["suppressed"]
    # ...and it cannot be worked out from the total and the other bands.
    visible = [row["count"] for row in part["band"] if not row["suppressed"]]
    total = part["total"]["count"]
    assert total is None or total - sum(visible) not in range(1, 10)
    report = next(q for q in summary["questions"] if q["key"] == "report")
    no = next(o for o in report["options"] if o["key"] == "no")
    assert no["suppressed"]


def test_publish_freezes_a_snapshot_and_the_public_page_needs_no_login(app, client, session,
                                                                       consultation, chair):
    _approved(app, session, consultation, 11, chair, answers={3: "yes"})
    c = _close(session, consultation)
    service.publish(session, c, chair.id, NOW)
    session.commit()
    r = client.get(f"/results/{c.slug}")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "Staying safe online" in html
    assert r.headers.getlist("Set-Cookie") == []
    assert "<meter" in html and "<table" in html
    assert client.get("/results/").status_code == 200
    assert c.slug in client.get("/results/").get_data(as_text=True)
    data = client.get(f"/results/{c.slug}.json").get_json()
    assert data["schema_version"] == 2 and data["participation"]["total"]["count"] == 11


def test_public_page_loads_nothing_from_elsewhere(app, client, session, consultation, chair):
    import re

    _approved(app, session, consultation, 10, chair)
    c = _close(session, consultation)
    service.publish(session, c, chair.id, NOW)
    session.commit()
    html = client.get(f"/results/{c.slug}").get_data(as_text=True)
    assert not re.search(r'(src|href)="(https?:)?//', html.replace(
        'href="https://childhelplineinternational.org', ""))


def test_cannot_publish_an_open_consultation(session, consultation, chair):
    with pytest.raises(service.PublishError):
        service.publish(session, session.get(Consultation, consultation.id), chair.id, NOW)


def test_cannot_open_without_a_feedback_date(session, make_consultation, chair):
    c = make_consultation("later", status="draft")
    row = session.get(Consultation, c.id)
    row.feedback_due_on = None
    session.commit()
    with pytest.raises(service.StatusChangeError):
        service.set_status(session, row, "open", chair.id)


def test_feedback_is_sanitised_and_shown_to_returning_participants(app, client, session,
                                                                   consultation, chair):
    codes = _approved(app, session, consultation, 10, chair)
    c = session.get(Consultation, consultation.id)
    service.save_feedback(session, c, "en", {
        "16-17": "We asked apps for **bigger report buttons**.<script>alert(1)</script>"
                 "[x](javascript:alert(1))"}, chair.id, NOW)
    session.commit()
    page = post_form(client, "/return", {"code": codes[0]}).get_data(as_text=True)
    assert "<strong>bigger report buttons</strong>" in page
    assert "<script>alert(1)" not in page and "href=\"javascript:" not in page
    c = _close(session, consultation)
    service.publish(session, c, chair.id, NOW)
    session.commit()
    assert "<strong>bigger report buttons</strong>" in client.get(
        f"/results/{c.slug}").get_data(as_text=True)


def test_withdrawn_submission_leaves_later_outputs(app, client, session, consultation, chair):
    codes = _approved(app, session, consultation, 11, chair, answers={3: "yes"})
    post_form(client, "/return", {"code": codes[0], "action": "withdraw"})
    summary = build(session, session.get(Consultation, consultation.id))
    assert summary["participation"]["total"]["count"] == 10


def test_purge_deletes_free_text_after_retention_and_keeps_the_snapshot(app, client, session,
                                                                        consultation, chair):
    _approved(app, session, consultation, 10, chair, answers={5: "my words here"})
    c = _close(session, consultation)
    service.publish(session, c, chair.id, NOW - timedelta(days=c.retention_days + 1))
    session.commit()
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["purge", "--dry-run"])
    assert "would delete the free text of 10 answers" in dry.output
    assert session.scalars(select(Answer.text_original).where(
        Answer.text_original.is_not(None))).all()
    real = runner.invoke(args=["purge"])
    assert real.exit_code == 0 and "deleted the free text of 10 answers" in real.output
    session.expire_all()
    assert session.scalars(select(Answer).where(Answer.text_original.is_not(None))).all() == []
    assert session.scalars(select(Publication)).one().purged_at is not None
    assert client.get(f"/results/{c.slug}").status_code == 200
    again = runner.invoke(args=["purge"])
    assert "no consultation is due" in again.output


def test_purge_leaves_recent_publications_alone(app, session, consultation, chair):
    _approved(app, session, consultation, 10, chair, answers={5: "words"})
    c = _close(session, consultation)
    service.publish(session, c, chair.id, NOW)
    session.commit()
    assert service.purge(session, NOW) == []


def test_chair_pages_publish_and_write_feedback(app, client, session, consultation, chair):
    _approved(app, session, consultation, 10, chair)
    _close(session, consultation)
    sign_in(client, chair)
    page = client.get(f"/chair/{consultation.id}/").get_data(as_text=True)
    r = client.post(f"/chair/{consultation.id}/status",
                    data={"csrf_token": csrf_token(page), "to": "published"})
    assert r.status_code == 302
    assert client.get(f"/results/{consultation.slug}").status_code == 200
    page = client.get(f"/chair/{consultation.id}/feedback?language=fr").get_data(as_text=True)
    client.post(f"/chair/{consultation.id}/feedback?language=fr",
                data={"csrf_token": csrf_token(page), "band_16_17": "Merci à vous."})
    assert "Merci à vous." in client.get(
        f"/results/{consultation.slug}?lang=fr").get_data(as_text=True)


@pytest.mark.parametrize("role", ["moderator", "safeguarding", "admin"])
def test_chair_pages_refuse_other_roles(client, make_staff, consultation, role):
    sign_in(client, make_staff(role))
    assert client.get("/chair/").status_code == 403


def test_annual_report_counts_under_disclosure_control(app, session, consultation, chair):
    import json

    _approved(app, session, consultation, 12, chair)
    result = app.test_cli_runner().invoke(args=["report", "annual", "--year",
                                                str(NOW.year if consultation.opens_at_utc.year
                                                    == NOW.year else
                                                    consultation.opens_at_utc.year)])
    report = json.loads(result.output)
    assert report["consultations_held"] == 1
    assert report["participation"]["total"] == {"count": 12, "hidden": None}
    assert report["participation"]["band"]["16-17"] == {"count": 12, "hidden": None}


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx", "docx"])
def test_chair_downloads_an_export_and_it_is_audited(app, client, session, consultation, chair,
                                                     fmt):
    from consult.audit.models import AuditEvent

    _approved(app, session, consultation, 10, chair, answers={3: "yes"})
    sign_in(client, chair)
    page = client.get(f"/chair/{consultation.id}/").get_data(as_text=True)
    r = client.post(f"/chair/{consultation.id}/export",
                    data={"csrf_token": csrf_token(page), "format": fmt, "lang": "fr"})
    assert r.status_code == 200 and "attachment" in r.headers["Content-Disposition"]
    assert len(r.data) > 100
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert [(e.actor_id, e.detail["format"]) for e in events] == [(chair.id, fmt)]


def test_export_refuses_an_unknown_format(client, session, consultation, chair):
    sign_in(client, chair)
    page = client.get(f"/chair/{consultation.id}/").get_data(as_text=True)
    r = client.post(f"/chair/{consultation.id}/export",
                    data={"csrf_token": csrf_token(page), "format": "exe", "lang": "en"})
    assert r.status_code == 400


def test_annual_report_docx_hides_small_groups(app, session, consultation, chair, tmp_path):
    from docx import Document

    _approved(app, session, consultation, 12, chair, region="EUR")
    _approved(app, session, consultation, 1, chair, band="18-24", region="ASP")
    out = tmp_path / "annual.docx"
    year = str(consultation.opens_at_utc.year)
    result = app.test_cli_runner().invoke(args=["report", "annual", "--year", year,
                                                "--format", "docx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = Document(str(out))
    cells = {(t.rows[i].cells[0].text, t.rows[i].cells[1].text)
             for t in doc.tables for i in range(len(t.rows))}
    # Names, not codes; a small group reads "fewer than k", its partner says why it is hidden.
    assert ("Asia and the Pacific", "fewer than 10") in cells
    assert ("18–24 years", "fewer than 10") in cells
    assert ("16–17 years", "hidden to protect a small group") in cells


def test_a_few_skipped_answers_do_not_hide_the_participant_count(session, consultation):
    """Secondary suppression hides option cells, not the totals readers need."""
    from consult.participate.service import submit

    c = session.get(Consultation, consultation.id)
    for i in range(38):
        answers = {"report": "yes", "word": "fun"} if i >= 8 else {"word": "fun"}
        sent = submit(session, c, {"band": "16-17", "lang": "en", "region": "EUR",
                                   "answers": answers}, secret="s", today=NOW.date())
        moderation.approve(session, sent.submission.id, None, NOW)
    session.commit()
    summary = build(session, c)
    assert summary["participation"]["total"]["count"] == 38
    report = next(q for q in summary["questions"] if q["key"] == "report")
    assert report["skipped"]["suppressed"] and report["answered"]["suppressed"]


def test_two_chairs_changing_a_consultation_at_once(client, session, consultation, chair,
                                                    monkeypatch):
    """The consultation's revision is an optimistic lock: the second change gets a
    clear 409 page, and the first change stands."""
    import consult.chair.views as chair_views

    real = chair_views.service.set_status

    def another_chair_first(db_session, c, to, user_id):  # type: ignore[no-untyped-def]
        # Between this request's read and its write, someone else closes it.
        _close(session, consultation)
        return real(db_session, c, to, user_id)

    monkeypatch.setattr(chair_views.service, "set_status", another_chair_first)
    sign_in(client, chair)
    page = client.get(f"/chair/{consultation.id}/").get_data(as_text=True)
    r = client.post(f"/chair/{consultation.id}/status",
                    data={"csrf_token": csrf_token(page), "to": "closed"})
    assert r.status_code == 409
    assert "Someone else changed this at the same moment" in r.get_data(as_text=True)
    session.expire_all()
    assert session.get(Consultation, consultation.id).status == "closed"
    assert client.get(f"/chair/{consultation.id}/").status_code == 200

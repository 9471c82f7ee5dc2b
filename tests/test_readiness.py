"""Before publishing, the chair is told what would be left out or missing, and
when the purge will delete the raw text (docs/privacy.md#rule-6)."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert

from consult.consultations.models import Consultation
from consult.participate.models import Answer, Submission
from consult.progress.readiness import readiness
from consult.results import service as results
from consult.results.models import Feedback
from consult.themes.models import Theme, answer_themes
from tests.factories import sign_in

NOW = datetime.now(UTC)


def _closed(session, consultation, *, approved=12, pending=3):
    c = session.get(Consultation, consultation.id)
    c.status = "closed"
    idea = next(q for q in c.questions if q.key == "idea")
    for i in range(approved + pending):
        s = Submission(consultation_id=c.id, band="13-15", language="en",
                       received_on=date.today(), status="approved" if i < approved else "pending",
                       code_hash=secrets.token_hex(16), quote_consent=True)
        s.answers.append(Answer(question_id=idea.id, text_original=f"idea {i}",
                                text_redacted=f"idea {i}"))
        session.add(s)
    session.commit()
    return c, idea


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_chair_is_warned_of_everything_publishing_would_leave_out(app, client, session,
                                                                  consultation, make_staff):
    c, _idea = _closed(session, consultation)
    sign_in(client, make_staff("chair"))
    page = _text(client.get(f"/chair/{c.id}/").get_data(as_text=True))
    assert "Before you publish" in page
    assert "Waiting for moderation: fewer than 10. They will be left out" in page
    assert "With safeguarding" not in page  # nothing escalated: nothing said
    assert "Question 5 (idea): none of its answers has a theme yet." in page
    # Every band, in each language.
    assert "English: ages 9–12, 13–15, 16–17, 18–24" in page
    assert "Français: ages 9–12, 13–15, 16–17, 18–24" in page
    assert "No quotes are chosen" in page
    purge_day = (NOW + timedelta(days=c.retention_days)).date().isoformat()
    assert f"Published today, the raw free text will be deleted on {purge_day}" in page


def test_warnings_go_once_the_work_is_done(app, session, consultation, make_staff):
    c, idea = _closed(session, consultation, pending=0)
    theme = Theme(consultation_id=c.id, key="buttons", labels={"en": "Buttons"},
                  created_at=NOW)
    session.add(theme)
    session.flush()
    answers = session.query(Answer).filter(Answer.question_id == idea.id).all()
    half = answers[: len(answers) // 2]
    session.execute(insert(answer_themes), [{"answer_id": a.id, "theme_id": theme.id}
                                            for a in half])
    half[0].quotable = True
    session.add_all(Feedback(consultation_id=c.id, band=b, language=lang, body="We listened.",
                             updated_at=NOW) for b in c.bands for lang in c.languages)
    session.commit()
    ready = readiness(session, c, NOW)
    assert not ready.left_out and ready.quotes_chosen and ready.missing_feedback == []
    assert [(u.question.key, u.none_tagged) for u in ready.untagged] == [("idea", False)]
    session.execute(insert(answer_themes), [{"answer_id": a.id, "theme_id": theme.id}
                                            for a in answers[len(half):]])
    session.commit()
    assert readiness(session, c, NOW).untagged == []


def test_a_quote_awaiting_its_second_moderator_is_not_chosen(app, session, consultation):
    c, idea = _closed(session, consultation, pending=0)
    c.quotes_need_confirmation = True
    session.query(Answer).filter(Answer.question_id == idea.id).first().quotable = True
    session.commit()
    assert not readiness(session, c, NOW).quotes_chosen


def test_after_publishing_the_purge_date_counts_from_publication(app, client, session,
                                                                 consultation, make_staff):
    c, _idea = _closed(session, consultation)
    chair = make_staff("chair")
    published_at = NOW - timedelta(days=3)
    results.publish(session, c, chair.id, published_at)
    session.commit()
    ready = readiness(session, c, NOW)
    assert ready.published
    assert ready.purge_on == (published_at + timedelta(days=c.retention_days)).date()
    sign_in(client, chair)
    page = _text(client.get(f"/chair/{c.id}/").get_data(as_text=True))
    assert f"The purge deletes the raw free text on {ready.purge_on.isoformat()}" in page

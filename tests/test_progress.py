"""The progress page: submissions per day, by state, band and language, the
moderation backlog and its age, open safeguarding cases; every count under
disclosure control (docs/privacy.md#rule-5)."""

from __future__ import annotations

import re
import secrets
from datetime import date, timedelta

from consult.consultations.models import Consultation
from consult.progress import service
from consult.progress.chart import MARKER, day_chart
from consult.safeguarding.models import Case
from tests.factories import sign_in

TODAY = date.today()


def add_submissions(session, consultation, n, *, status="approved", band="13-15",
                    language="en", received_on=TODAY):
    from consult.participate.models import Submission

    rows = [Submission(consultation_id=consultation.id, band=band, language=language,
                       received_on=received_on, status=status,
                       code_hash=secrets.token_hex(16)) for _ in range(n)]
    session.add_all(rows)
    session.commit()
    return rows


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_counts_below_k_are_marked_never_shown(app, session, consultation):
    add_submissions(session, consultation, 12, received_on=TODAY - timedelta(days=1))
    add_submissions(session, consultation, 3, status="pending", band="9-12", language="fr")
    p = service.progress(session, session.get(Consultation, consultation.id), TODAY)
    days = dict(p.days)
    assert days[TODAY - timedelta(days=1)]["count"] is None  # hidden: it would give today away
    assert days[TODAY]["count"] is None and days[TODAY]["hidden"] == "fewer-than-k"
    assert p.statuses.cells["pending"]["count"] is None
    assert p.statuses.cells["pending"]["hidden"] == "fewer-than-k"
    assert dict(p.by_language)["fr"]["hidden"] == "fewer-than-k"
    assert dict(p.by_band)["9-12"]["count"] is None
    # Nothing shown lets a reader subtract their way to a small count.
    shown = [c["count"] for _d, c in p.days if c["count"] is not None]
    total = p.statuses.total["count"]
    assert total is None or total - sum(shown) not in range(1, p.k)


def test_days_run_from_opening_to_today_with_zeros(app, session, consultation):
    add_submissions(session, consultation, 11)
    p = service.progress(session, session.get(Consultation, consultation.id), TODAY)
    days = dict(p.days)
    assert min(days) == TODAY - timedelta(days=1)  # the factory opens it yesterday
    assert days[TODAY]["count"] == 11 and days[TODAY - timedelta(days=1)]["count"] == 0


def test_backlog_age_is_the_oldest_pending_in_days(app, session, consultation):
    add_submissions(session, consultation, 10, status="pending",
                    received_on=TODAY - timedelta(days=4))
    add_submissions(session, consultation, 10, status="pending")
    p = service.progress(session, session.get(Consultation, consultation.id), TODAY)
    assert p.backlog_days == 4 and p.oldest_pending_on == TODAY - timedelta(days=4)
    assert p.statuses.cells["pending"]["count"] == 20


def test_open_safeguarding_cases_are_a_count_only(app, client, session, consultation,
                                                  make_staff):
    rows = add_submissions(session, consultation, 12, status="escalated")
    session.add_all(Case(submission_id=s.id, status="open" if i < 10 else "closed",
                         reason="said where they live", opened_on=TODAY,
                         updated_on=TODAY) for i, s in enumerate(rows))
    session.commit()
    sign_in(client, make_staff("moderator"))
    html = client.get(f"/staff/progress/{consultation.id}/").get_data(as_text=True)
    assert "Open safeguarding cases: 10" in _text(html)
    assert "said where they live" not in html
    assert "/safeguarding/" not in html  # no way in for a moderator


def test_progress_page_draws_the_chart_with_a_table_and_no_time(app, client, session,
                                                                consultation, make_staff):
    add_submissions(session, consultation, 14, received_on=TODAY - timedelta(days=1))
    add_submissions(session, consultation, 2, status="pending")
    sign_in(client, make_staff("chair"))
    r = client.get(f"/staff/progress/{consultation.id}/")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert re.search(r'<svg class="day-chart"[^>]*role="img" aria-labelledby="chart-title '
                     r'chart-desc"', html)
    assert html.count('class="chart-hidden"') == 2  # both days: one small, one protecting it
    assert "fewer than 10" in html and "<style" not in html and " style=" not in html
    text = _text(html)
    assert "Submissions by age band" in text and "Submissions by language" in text
    assert "Pending fewer than 10" in text
    assert "Approved hidden to protect a small group" in text  # 14 would give the 2 away
    assert not re.search(r"\d\d:\d\d", _text(html))  # dates only, never a time


def test_a_hidden_day_is_drawn_at_one_height_whatever_its_count():
    days = [(TODAY, {"count": None, "hidden": "fewer-than-k"}),
            (TODAY + timedelta(days=1), {"count": None, "hidden": "protects-another"}),
            (TODAY + timedelta(days=2), {"count": 40, "hidden": None})]
    chart = day_chart(days)
    assert chart is not None
    assert [b.height for b in chart.bars[:2]] == [MARKER, MARKER]
    assert chart.bars[2].height > MARKER and not chart.bars[2].hidden


def test_dashboard_chair_list_and_progress_hide_the_same_status_counts(
        app, client, session, consultation, make_staff):
    add_submissions(session, consultation, 20)
    add_submissions(session, consultation, 3, status="rejected")
    sign_in(client, make_staff("chair", "moderator"))
    row = re.search(r"<tr>\s*<th scope=\"row\">Staying safe online.*?</tr>",
                    client.get("/staff/").get_data(as_text=True), re.S)
    assert row
    cells = re.findall(r"<td>(.*?)</td>", row.group(0), re.S)[1:]
    shown = [_text(c).strip() for c in cells]
    # pending, approved, rejected, escalated, withdrawn, total: the 3 rejected are
    # small, and the 20 approved would give them away next to the total.
    assert shown == ["0", "hidden to protect a small group *", "fewer than 10", "0", "0", "23"]
    assert 'id="hidden-note"' in client.get("/staff/").get_data(as_text=True)
    assert "Approved: hidden to protect a small group" in _text(
        client.get("/chair/").get_data(as_text=True))
    p = service.progress(session, session.get(Consultation, consultation.id), TODAY)
    assert [p.statuses.cells[s]["count"] for s in ("pending", "approved", "rejected")] == [
        0, None, None]

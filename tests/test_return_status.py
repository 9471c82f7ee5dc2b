"""/return never reveals a request for help (rule 7).

Whoever holds a return code (the child, or the person who finds the code file
on a shared phone) sees the same page, of the same length, built with the same
database work, for an answer escalated to safeguarding as for any other.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, select

from consult.consultations.models import Consultation
from consult.participate.models import Submission
from tests.factories import CSRF_RE, csrf_token, return_code, take_part

WORRYING = "A man in a game keeps asking me for photos and says I must not tell anyone"
ORDINARY = "Apps should have a clearer report button"
ESCALATED_WORDING = ("trained person", "safety", "escalat", "safeguard")


def _send(app: Any, text: str) -> str:
    return return_code(take_part(app.test_client(), "test-consultation", answers={5: text}))


@contextmanager
def _statements(app: Any) -> Iterator[list[str]]:
    """Every SQL statement the app runs inside the block (text only, not parameters)."""
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    engine = app.extensions["consult.engine"]
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _view(app: Any, code: str, action: str | None = None) -> tuple[str, list[str]]:
    """The /return page for `code`, with the code blanked, and the SQL it took."""
    client = app.test_client()
    token = csrf_token(client.get("/return").get_data(as_text=True))
    data = {"code": code, "csrf_token": token, **({"action": action} if action else {})}
    with _statements(app) as statements:
        response = client.post("/return", data=data)
    assert response.status_code == 200
    # Each visit has a CSRF token of its own: blank it too.
    page = CSRF_RE.sub('name="csrf_token" value="TOKEN"', response.get_data(as_text=True))
    return page.replace(code, "CODE"), statements


def _set_status(session: Any, submission_id: int, status: str) -> None:
    # The moderators' decision itself is tested in test_moderation; here only
    # what the code holder sees of it matters.
    session.get(Submission, submission_id).status = status
    session.commit()


def _publish(session: Any, consultation: Any) -> None:
    session.get(Consultation, consultation.id).status = "published"
    session.commit()


@pytest.fixture
def pair(app: Any, consultation: Any, session: Any) -> dict[str, Any]:
    """Two submissions: one that opened a safeguarding case, one waiting to be read."""
    worrying, ordinary = _send(app, WORRYING), _send(app, ORDINARY)
    rows = {s.status: s.id for s in session.scalars(select(Submission))}
    assert set(rows) == {"escalated", "pending"}, "the detector no longer escalates WORRYING"
    return {"escalated": worrying, "pending": ordinary, "ids": rows}


def test_escalated_and_waiting_submissions_get_the_same_status_page(app, pair):
    escalated, escalated_sql = _view(app, pair["escalated"])
    waiting, waiting_sql = _view(app, pair["pending"])
    assert escalated == waiting
    assert "Sent and being read" in escalated
    for word in ESCALATED_WORDING:
        assert word not in escalated.lower()
    # The same queries, in the same order: no work, and so no time, differs.
    assert escalated_sql == waiting_sql


@pytest.mark.parametrize("action", ["withdraw-confirm", "status"])
def test_every_other_return_page_is_the_same_too(app, pair, action):
    escalated, escalated_sql = _view(app, pair["escalated"], action)
    waiting, waiting_sql = _view(app, pair["pending"], action)
    assert escalated == waiting and escalated_sql == waiting_sql


@pytest.mark.parametrize("decided", ["approved", "rejected"])
def test_a_moderators_decision_shows_nothing_until_results_are_published(
        app, session, pair, decided):
    """Were an approved answer shown as accepted at once, an escalated one still
    "being read" weeks later would stand out."""
    _set_status(session, pair["ids"]["pending"], decided)
    escalated, escalated_sql = _view(app, pair["escalated"])
    other, other_sql = _view(app, pair["pending"])
    assert escalated == other and escalated_sql == other_sql
    assert "Sent and being read" in other


def test_once_published_escalated_reads_like_any_answer_not_counted(
        app, session, consultation, pair):
    _set_status(session, pair["ids"]["pending"], "rejected")
    _publish(session, consultation)
    escalated, escalated_sql = _view(app, pair["escalated"])
    rejected, rejected_sql = _view(app, pair["pending"])
    assert escalated == rejected and escalated_sql == rejected_sql
    assert "not counted in the results" in rejected


def test_once_published_an_approved_answer_says_it_was_counted(app, session, consultation,
                                                              pair):
    _set_status(session, pair["ids"]["pending"], "approved")
    _publish(session, consultation)
    assert "Read and accepted" in _view(app, pair["pending"])[0]
    assert "Read and accepted" not in _view(app, pair["escalated"])[0]

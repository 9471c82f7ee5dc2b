"""Two moderators racing for the same submission, on real concurrent connections:
exactly one decision lands, the other is told (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.moderate import service
from consult.participate.models import Submission
from tests.factories import take_part


def _race(engine, calls):
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i, call):
        with Session(bind=engine, expire_on_commit=False) as s:
            barrier.wait()
            try:
                results[i] = call(s)
                s.commit()
            except service.ModerationError as exc:
                s.rollback()
                results[i] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_two_moderators_deciding_at_once_one_wins(app, consultation, make_staff, session):
    take_part(app.test_client(), consultation.slug, answers={5: "an idea"})
    sid = session.scalars(select(Submission.id)).one()
    # Plain ids: the threads must not touch the test's own session.
    one = make_staff("moderator", email="one@example.org").id
    two = make_staff("moderator", email="two@example.org").id
    now = datetime.now(UTC)
    engine = app.extensions["consult.engine"]
    for _ in range(3):  # a few rounds, each on a fresh pending submission
        results = _race(engine, [
            lambda s: service.approve(s, sid, one, now),
            lambda s: service.reject(s, sid, two, now, "spam"),
        ])
        won = [r for r in results if isinstance(r, Submission)]
        lost = [r for r in results if isinstance(r, service.ModerationError)]
        assert len(won) == 1 and len(lost) == 1, results
        session.expire_all()
        final = session.get(Submission, sid)
        assert final.status == won[0].status and final.decided_by_id == won[0].decided_by_id
        final.status, final.decided_by_id = "pending", None
        session.commit()


def test_two_moderators_claiming_next_get_different_submissions(app, consultation,
                                                                make_staff, session):
    for i in range(2):
        take_part(app.test_client(), consultation.slug, answers={5: f"idea {i}"})
    one = make_staff("moderator", email="one@example.org").id
    two = make_staff("moderator", email="two@example.org").id
    now = datetime.now(UTC)
    results = _race(app.extensions["consult.engine"], [
        lambda s: service.claim_next(s, one, service.QueueFilter(), now),
        lambda s: service.claim_next(s, two, service.QueueFilter(), now),
    ])
    ids = {r.id for r in results if isinstance(r, Submission)}
    assert len(ids) == 2, results

"""Many live answers at once, on real concurrent requests against a served app:
nothing lost, nothing doubled, and the screen's count equals the database's
(SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import requests
from sqlalchemy import func, select
from werkzeug.serving import make_server

from consult.consultations.models import Question
from consult.live.models import LiveSession
from consult.participate.models import Answer, Submission
from tests.factories import CSRF_RE, post_form, sign_in
from tests.live_helpers import live_consultation

__all__ = ["live_consultation"]
PHONES = 24


@pytest.fixture
def served(app) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def _token(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, html[:500]
    return match.group(1)


def _joined_phone(base: str, slug: str) -> tuple[requests.Session, str]:
    """A phone through the age screen and assent; returns it and a CSRF token."""
    phone = requests.Session()
    page = phone.get(f"{base}/live/{slug}").text
    phone.post(f"{base}/live/{slug}/start", data={"csrf_token": _token(page), "band": "16-17",
                                                  "country": ""})
    page = phone.get(f"{base}/live/{slug}/assent").text
    phone.post(f"{base}/live/{slug}/assent", data={"csrf_token": _token(page),
                                                   "choice": "take-part"})
    return phone, _token(phone.get(f"{base}/live/{slug}/assent").text)


def _all_at_once(calls) -> list[object]:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = calls[i]()
        except Exception as exc:  # reported by the assertions below
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def _open_and_show(app, c, make_staff) -> None:  # type: ignore[no-untyped-def]
    chair = app.test_client()
    sign_in(chair, make_staff("chair"))
    post_form(chair, f"/chair/live/{c.id}/open", {"screen_lang": "en"},
              page=f"/chair/live/{c.id}/")
    post_form(chair, f"/chair/live/{c.id}/step", {"do": "show-1"}, page=f"/chair/live/{c.id}/")


def test_many_phones_answering_at_once_lose_nothing_and_double_nothing(
        app, served, live_consultation, make_staff, session):
    c = live_consultation
    _open_and_show(app, c, make_staff)
    qid = session.scalar(select(Question.id).where(Question.key == "live-safe"))
    phones = [_joined_phone(served, c.slug) for _ in range(PHONES)]
    results = _all_at_once([
        (lambda p=p, t=t, i=i: p.post(f"{served}/live/{c.slug}/answer", data={
            "csrf_token": t, "question": qid, "answer": "yes" if i % 3 else "no"}))
        for i, (p, t) in enumerate(phones)])
    statuses = [getattr(r, "status_code", r) for r in results]
    assert statuses == [200] * PHONES, statuses
    assert all('id="return-code"' in r.text for r in results)  # type: ignore[attr-defined]
    session.expire_all()
    assert session.scalar(select(func.count(Answer.id))) == PHONES
    assert session.scalar(select(func.count(Submission.id))) == PHONES
    live = session.scalar(select(LiveSession))
    assert live.answers_seen == PHONES
    # The chair shows the results: the screen is rebuilt at once and counts every answer.
    chair = app.test_client()
    sign_in(chair, make_staff("chair", email="second@example.org"))
    post_form(chair, f"/chair/live/{c.id}/step", {"do": "results"}, page=f"/chair/live/{c.id}/")
    screen = requests.get(f"{served}/live/{c.slug}/screen", timeout=30).text
    assert f"{PHONES} answers" in screen
    assert f'class="screen-count">{PHONES // 3}<' in screen


def test_one_phone_sending_the_same_answer_many_times_at_once_stores_it_once(
        app, served, live_consultation, make_staff, session):
    c = live_consultation
    _open_and_show(app, c, make_staff)
    qid = session.scalar(select(Question.id).where(Question.key == "live-safe"))
    phone, token = _joined_phone(served, c.slug)
    results = _all_at_once([
        (lambda: phone.post(f"{served}/live/{c.slug}/answer",
                            data={"csrf_token": token, "question": qid, "answer": "yes"}))
        for _ in range(6)])
    statuses = sorted(getattr(r, "status_code", r) for r in results)
    assert statuses.count(200) == 1 and set(statuses) <= {200, 409}, statuses
    session.expire_all()
    assert session.scalar(select(func.count(Answer.id))) == 1
    assert session.scalar(select(func.count(Submission.id))) == 1

"""The database is unreachable or drops its connections: pages answer 503 with
Retry-After and one log line each, and work again as soon as it is back."""

from __future__ import annotations

import logging
import threading
import time

import pytest
from sqlalchemy import text

from consult import create_app
from consult.db import make_engine
from consult.models import Base
from tests.served import Browser, serve

PAGES = ["/", "/results/", "/c/test-consultation/"]


def _app(url: str):  # type: ignore[no-untyped-def]
    return create_app({"DATABASE_URL": url, "TESTING": True, "RATELIMIT_ENABLED": False,
                       "SECRET_KEY": "test-secret-key"})


def _problems(records: list[logging.LogRecord]) -> list[logging.LogRecord]:
    return [r for r in records if r.levelno >= logging.WARNING]


@pytest.mark.parametrize("url", [
    "sqlite:///{tmp}/not-there-yet/consult.db",
    "postgresql+psycopg://consult@127.0.0.1:1/consult",  # nothing listens on port 1
])
def test_an_unreachable_database_gives_503_with_retry_after_and_one_log_line(
        url, tmp_path, caplog):
    app = _app(url.format(tmp=tmp_path))
    client = app.test_client()
    for page in PAGES:
        caplog.clear()
        with caplog.at_level(logging.DEBUG):
            r = client.get(page)
        assert r.status_code == 503, page
        assert r.headers["Retry-After"].isdigit()
        assert "try again in a minute" in r.get_data(as_text=True)
        logged = _problems(caplog.records)
        assert len(logged) == 1, [rec.getMessage() for rec in logged]
        assert logged[0].exc_info is None and "503" in logged[0].getMessage()
    app.extensions["consult.engine"].dispose()


def test_pages_work_again_as_soon_as_the_database_is_back(tmp_path, caplog):
    folder = tmp_path / "data"
    app = _app(f"sqlite:///{folder}/consult.db")
    client = app.test_client()
    assert client.get("/").status_code == 503
    folder.mkdir()
    engine = make_engine(f"sqlite:///{folder}/consult.db")
    Base.metadata.create_all(engine)
    engine.dispose()
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        assert client.get("/").status_code == 200
    assert _problems(caplog.records) == []
    app.extensions["consult.engine"].dispose()


def test_connections_terminated_mid_run_give_503_never_500_and_recover(
        app, consultation, session, on_postgres, caplog):
    if not on_postgres:
        pytest.skip("pg_terminate_backend is PostgreSQL's")
    statuses: list[int] = []
    stop = threading.Event()

    def hammer(base: str, i: int) -> None:
        browser = Browser(base)
        while not stop.is_set():
            statuses.append(browser.get(PAGES[i % len(PAGES)]).status_code)

    with serve(app) as base, caplog.at_level(logging.WARNING):
        threads = [threading.Thread(target=hammer, args=(base, i)) for i in range(6)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        terminated = 0
        for _ in range(5):
            terminated += len(session.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()")).all())
            session.commit()
            time.sleep(0.3)
        stop.set()
        for t in threads:
            t.join(timeout=60)
        during = _problems(caplog.records)
        caplog.clear()
        started = time.monotonic()
        after = [Browser(base).get(page).status_code for page in PAGES]
        recovered_in = time.monotonic() - started
    assert terminated >= 5  # the app's connections really were cut, each round
    assert set(statuses) <= {200, 503}, sorted(set(statuses))
    assert statuses.count(200) > 0
    # One line per 503, no traceback, nothing else.
    assert len(during) == statuses.count(503), [r.getMessage() for r in during][:5]
    assert all(r.exc_info is None and "503" in r.getMessage() for r in during)
    assert after == [200, 200, 200] and recovered_in < 5
    assert _problems(caplog.records) == []

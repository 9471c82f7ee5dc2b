"""Fixtures: a fresh database per test, on SQLite or (with
CONSULT_TEST_DATABASE_URL) PostgreSQL; an app with CSRF on; factories."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

os.environ.setdefault("CONSULT_SECRET_KEY", "test-secret-key")
os.environ.setdefault("CONSULT_INSTANCE_PATH", tempfile.mkdtemp(prefix="consult-instance-"))

from consult import create_app  # noqa: E402
from consult.db import make_engine  # noqa: E402
from consult.models import Base  # noqa: E402

SERVER_URL = os.environ.get("CONSULT_TEST_DATABASE_URL")
SHARED_TESTDATA = Path(__file__).resolve().parents[1].parent / "shared" / "testdata"

pytest_plugins = ["tests.factories"]


@pytest.fixture(scope="session")
def server_engine() -> Iterator[object]:
    if not SERVER_URL:
        yield None
        return
    # Pinged on every checkout: tests cut the database's connections
    # (test_outage), and the next test's clean-up must not fail on one.
    engine = make_engine(SERVER_URL, pool_pre_ping=True)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def database_url(tmp_path: Path, server_engine: object) -> Iterator[str]:
    if server_engine is None:
        url = f"sqlite:///{tmp_path / 'test.db'}"
        engine = make_engine(url)
        Base.metadata.create_all(engine)
        engine.dispose()
        yield url
        return
    yield SERVER_URL  # type: ignore[misc]
    with server_engine.begin() as conn:  # type: ignore[attr-defined]
        names = ", ".join(t.name for t in Base.metadata.sorted_tables)
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture
def app(database_url: str):  # type: ignore[no-untyped-def]
    app = create_app({"DATABASE_URL": database_url, "TESTING": True,
                      "RATELIMIT_ENABLED": False, "SECRET_KEY": "test-secret-key"})
    yield app
    app.extensions["consult.session"].remove()
    app.extensions["consult.engine"].dispose()


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def session(app):  # type: ignore[no-untyped-def]
    """A session of the test's own, apart from the requests' sessions. No app
    context is held open, so each request gets its own, as in production."""
    from sqlalchemy.orm import Session

    with Session(bind=app.extensions["consult.engine"], expire_on_commit=False) as s:
        yield s
        s.rollback()


@pytest.fixture
def on_postgres() -> bool:
    return bool(SERVER_URL)

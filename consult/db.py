"""The declarative base, the engine and the per-request session."""

from __future__ import annotations

import os
import time
from typing import Any

from sqlalchemy import MetaData, create_engine, event, exc, make_url
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session, sessionmaker

# Named constraints so Alembic migrations can drop them on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def make_engine(url: str, *, idle_ping_seconds: float | None = None, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        _create_private(make_url(url).database)
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
        engine = create_engine(url, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            # WAL lets readers go on while one gunicorn worker writes.
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    engine = create_engine(url, **kwargs)
    _ping_when_idle(engine, IDLE_PING_SECONDS if idle_ping_seconds is None else idle_ping_seconds)
    return engine


# A connection that went back to the pool longer ago than this is checked
# ("pinged", one round trip) before use. One used a moment ago is not: pinging
# on every checkout cost every page a round trip, and on a busy worker each
# connection is reused within milliseconds. A connection the server dropped
# while it was in use a moment ago fails its statement instead: that request
# gets the 503 page (web.py) and SQLAlchemy replaces every older connection in
# the pool, so the next requests get fresh ones.
IDLE_PING_SECONDS = 1.0


def _ping_when_idle(engine: Engine, idle: float) -> None:
    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_conn: Any, record: Any) -> None:
        if record is not None:
            record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _check(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        returned = record.info.get("returned_at")
        if returned is None or time.monotonic() - returned < idle:
            return  # new, or used a moment ago
        try:
            engine.dialect.do_ping(dbapi_conn)
        except engine.dialect.loaded_dbapi.Error as error:
            # The pool drops it and checks out another (SQLAlchemy's documented
            # way to refuse a connection at checkout).
            raise exc.DisconnectionError("idle connection no longer answers") from error


def _create_private(path: str | None) -> None:
    """Create a SQLite database file readable by its owner only (it holds the
    children's answers); SQLite gives its -wal and -shm files the same mode."""
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except FileNotFoundError:
        # No such folder (yet): SQLite's own error on connect says so, and the
        # page answers 503 until it is there (web.py).
        pass


def make_session_factory(engine: Engine) -> scoped_session[Session]:
    return scoped_session(sessionmaker(bind=engine, expire_on_commit=False))

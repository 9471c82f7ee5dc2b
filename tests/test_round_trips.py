"""Round trips to the database per participant page, counted, not timed.

A round trip is one message to the database that waits for its answer. With
psycopg that is every statement executed, and every BEGIN, COMMIT and ROLLBACK
it sends, and the pool's "is this connection alive?" ping. psycopg sends BEGIN
before the first statement of a transaction, and sends COMMIT or ROLLBACK only
when a transaction is open; in autocommit it sends neither.

`Counter` counts them from SQLAlchemy's events, on both databases. On
PostgreSQL the count is also checked against the wire itself: libpq's trace of
the protocol, where each round trip ends with the server's ReadyForQuery, so
the listener cannot miss one unnoticed.
"""

from __future__ import annotations

import ctypes
import re
import tempfile
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from consult.db import make_engine
from tests.factories import csrf_token

psycopg = pytest.importorskip("psycopg")

# Every ordinary step of a journey: its GET and its POST.
MAX_PER_PAGE = 3
# Sending claims the draft and writes the submission and its answers in one
# transaction, which must stay one: BEGIN, the read, DELETE, two INSERTs, COMMIT.
MAX_SEND = 6


class Counter:
    """Round trips on one engine, by SQLAlchemy's events (and libpq's trace on PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.count = 0
        self.statements: list[str] = []
        self.postgresql = engine.dialect.name == "postgresql"
        self.trace = tempfile.TemporaryFile("a+") if self.postgresql else None  # noqa: SIM115 - closed in __exit__
        self._ping = engine.dialect.do_ping

    def _note(self, what: str) -> None:
        self.count += 1
        self.statements.append(what)

    def _in_transaction(self, dbapi_conn: Any) -> bool:
        if self.postgresql:
            return dbapi_conn.info.transaction_status != 0  # psycopg.pq.TransactionStatus.IDLE
        return bool(dbapi_conn.in_transaction)

    def _autocommit(self, dbapi_conn: Any) -> bool:
        if self.postgresql:
            return bool(dbapi_conn.autocommit)
        return dbapi_conn.isolation_level is None

    def before_execute(self, conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        dbapi_conn = conn.connection.dbapi_connection
        if (self.postgresql and not self._autocommit(dbapi_conn)
                and not self._in_transaction(dbapi_conn)):
            self._note("BEGIN")
        self._note(" ".join(statement.split())[:60])

    def ending(self, name: str) -> Any:
        def listener(conn: Any) -> None:
            dbapi_conn = conn.connection.dbapi_connection
            if self._in_transaction(dbapi_conn):
                self._note(name)
        return listener

    def reset(self, dbapi_conn: Any, _record: Any, _state: Any) -> None:
        # The pool rolls back a connection it takes back; psycopg sends that
        # ROLLBACK only if a transaction is still open.
        if self._in_transaction(dbapi_conn):
            self._note("ROLLBACK (pool)")

    def ping(self, dbapi_conn: Any) -> bool:
        self._note("ping")
        return self._ping(dbapi_conn)

    def traced(self, dbapi_conn: Any, _record: Any) -> None:
        assert self.trace is not None
        dbapi_conn.pgconn.trace(self.trace.fileno())
        dbapi_conn.pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS)

    def wire(self) -> tuple[int, int]:
        """Round trips seen by libpq so far (one ReadyForQuery answers each), and
        how many of them prepared a statement: psycopg prepares one the fifth
        time a connection runs it, in a round trip of its own, once."""
        assert self.trace is not None
        # libpq writes through a C stream of its own: flush every C stream.
        ctypes.CDLL(None).fflush(None)
        self.trace.seek(0)
        text = self.trace.read()
        return (len(re.findall(r"^B\t\d+\tReadyForQuery", text, re.MULTILINE)),
                len(re.findall(r'^F\t\d+\tParse\t "[^"]+"', text, re.MULTILINE)))

    def __enter__(self) -> Counter:  # noqa: PYI034 - not subclassed
        # New connections only, so each is traced from its first message.
        self.engine.dispose()
        event.listen(self.engine, "before_cursor_execute", self.before_execute)
        event.listen(self.engine, "commit", self.ending("COMMIT"))
        event.listen(self.engine, "rollback", self.ending("ROLLBACK"))
        event.listen(self.engine.pool, "reset", self.reset)
        self.engine.dialect.do_ping = self.ping  # type: ignore[method-assign]
        if self.postgresql:
            event.listen(self.engine, "connect", self.traced)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.engine.dispose()
        self.engine.dialect.do_ping = self._ping  # type: ignore[method-assign]
        event.remove(self.engine, "before_cursor_execute", self.before_execute)
        if self.trace is not None:
            self.trace.close()


class Journey:
    """Runs requests and records the round trips each one made."""

    def __init__(self, client: Any, counter: Counter) -> None:
        self.client, self.counter = client, counter
        self.pages: list[tuple[str, int, list[str]]] = []

    def _counted(self, label: str, call: Any) -> Any:
        before, seen = self.counter.count, len(self.counter.statements)
        wire_before = self.counter.wire() if self.counter.postgresql else (0, 0)
        response = call()
        spent = self.counter.count - before
        statements = self.counter.statements[seen:]
        if self.counter.postgresql:
            wire, prepared = (after - before for after, before
                              in zip(self.counter.wire(), wire_before, strict=True))
            # The listener sees every round trip but a prepare's.
            assert wire == spent + prepared, (label, wire, prepared, statements)
            spent += prepared
            statements += ["prepare"] * prepared
        self.pages.append((label, spent, statements))
        return response

    def get(self, url: str) -> str:
        response = self._counted(f"GET {url}", lambda: self.client.get(url))
        assert response.status_code == 200, url
        return response.get_data(as_text=True)

    def post(self, url: str, data: dict[str, Any]) -> Any:
        token = csrf_token(self.get(url))
        response = self._counted(f"POST {url}", lambda: self.client.post(
            url, data={"csrf_token": token, **data}))
        assert response.status_code in (200, 302), (url, response.status_code)
        return response


@pytest.fixture
def counted(app, client, consultation) -> Iterator[Journey]:  # type: ignore[no-untyped-def]
    # The helplines are read once a minute per worker (help/service.py), like
    # the consultation's snapshot: the pages are counted with them cached.
    assert client.get("/help").status_code == 200
    with Counter(app.extensions["consult.engine"]) as counter:
        yield Journey(client, counter)


def walk(journey: Journey, slug: str, questions: int) -> Any:
    journey.post(f"/c/{slug}/start", {"band": "16-17", "region": ""})
    journey.post(f"/c/{slug}/assent", {"choice": "take-part"})
    for n in range(1, questions + 1):
        journey.post(f"/c/{slug}/q/{n}", {"answer": "Better report buttons" if n == 5 else "",
                                          "action": "next"})
    journey.post(f"/c/{slug}/quote", {"consent": "no", "action": "next"})
    return journey.post(f"/c/{slug}/review", {"action": "send"})


def test_each_journey_page_makes_at_most_three_round_trips(counted, consultation):
    done = walk(counted, consultation.slug, len(consultation.questions))
    assert 'id="return-code"' in done.get_data(as_text=True)
    send = counted.pages.pop()
    assert send[0].startswith("POST") and send[0].endswith("/review")
    over = [(label, n, what) for label, n, what in counted.pages if n > MAX_PER_PAGE]
    assert not over, over
    assert send[1] <= MAX_SEND, send


def test_a_page_after_the_first_does_not_ping_its_connection(counted, consultation):
    # The pool checks a connection only after it sat idle; a busy worker's
    # pages go straight to their query.
    slug = consultation.slug
    counted.get(f"/c/{slug}/")
    counted.get(f"/c/{slug}/")
    assert not [what for _label, _n, what in counted.pages if "ping" in what]


def test_answering_a_question_changes_the_draft_in_one_statement(counted, consultation, app):
    slug = consultation.slug
    counted.post(f"/c/{slug}/start", {"band": "16-17", "region": ""})
    counted.post(f"/c/{slug}/assent", {"choice": "take-part"})
    counted.post(f"/c/{slug}/q/5", {"answer": "Faster answers", "action": "next"})
    label, _n, statements = counted.pages[-1]
    writes = [s for s in statements if s.split()[0] in ("INSERT", "UPDATE", "DELETE", "WITH")]
    assert label.startswith("POST") and len(writes) == 1, statements


def test_a_connection_idle_for_a_while_is_pinged_and_replaced_if_dead(database_url, on_postgres):
    engine = make_engine(database_url, idle_ping_seconds=0.2)
    pings = []
    ping = engine.dialect.do_ping
    engine.dialect.do_ping = lambda conn: pings.append(1) or ping(conn)  # type: ignore[method-assign]
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            pid = conn.execute(text("SELECT pg_backend_pid()")).scalar() if on_postgres else None
        with engine.connect() as conn:  # at once: not pinged
            conn.execute(text("SELECT 1"))
        assert pings == []
        if on_postgres:
            with make_engine(database_url).begin() as admin:
                assert admin.execute(text("SELECT pg_terminate_backend(:pid)"),
                                     {"pid": pid}).scalar()
        time.sleep(0.3)
        with engine.connect() as conn:  # idle a while: pinged, and replaced if dead
            assert conn.execute(text("SELECT 1")).scalar() == 1
            if on_postgres:
                assert conn.execute(text("SELECT pg_backend_pid()")).scalar() != pid
        # SQLite has no server to lose a connection: its engine never pings.
        assert pings == ([1] if on_postgres else [])
    finally:
        engine.dispose()

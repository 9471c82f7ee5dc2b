"""The baseline for bench/submit.py: the least a Flask + SQLAlchemy form can cost here.

One table (id, text, created_on) with its own name, in the same database as
consult; `GET /form` returns a tiny HTML form and `POST /form` inserts one row
and answers 200. No CSRF, no session cookie, no templates, no migrations, no
security headers: whatever consult spends on top of this is the price of its
features (and of its code).

It is served by the same gunicorn.conf.py as consult (same workers, threads,
worker class and access log), and opens the database through consult's own
`make_engine` so both see the same SQLite pragmas (WAL, busy_timeout) or the
same PostgreSQL pool settings.

    CONSULT_DATABASE_URL=sqlite:////tmp/x.db python -m bench.baseline_app init
    CONSULT_DATABASE_URL=... CONSULT_BIND=127.0.0.1:5001 \\
        gunicorn -c gunicorn.conf.py bench.baseline_app:app

Run both from the project root, as modules of the namespace package `bench`:
never with bench/ on sys.path, where a sibling script (say bench/queue.py)
would shadow a standard module that psycopg and others import.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime

from flask import Flask, Response, request
from sqlalchemy import DateTime, Integer, Text, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from consult.db import make_engine

TABLE = "bench_baseline_entries"
MAX_TEXT = 2000

FORM = ('<!doctype html><html lang="en"><meta charset="utf-8"><title>Form</title>'
        '<form method="post" action="/form"><label for="text">Text</label>'
        '<textarea id="text" name="text" maxlength="2000"></textarea>'
        '<button type="submit">Send</button></form></html>')
THANKS = '<!doctype html><html lang="en"><meta charset="utf-8"><title>Thanks</title><p>Saved.'


class Base(DeclarativeBase):
    pass


class Entry(Base):
    __tablename__ = TABLE

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    created_on: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def database_url() -> str:
    url = os.environ.get("CONSULT_DATABASE_URL")
    if not url:
        raise SystemExit("baseline_app: set CONSULT_DATABASE_URL")
    return url


def ensure_table(engine: Engine) -> None:
    """Create the table if it is missing (several workers may race: the loser checks)."""
    try:
        Base.metadata.create_all(engine, checkfirst=True)
    except DBAPIError:
        if not inspect(engine).has_table(TABLE):
            raise


def create_app(url: str | None = None) -> Flask:
    engine = make_engine(url or database_url())
    ensure_table(engine)
    app = Flask(__name__)

    @app.get("/healthz")
    def healthz() -> tuple[dict[str, str], int]:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return {"status": "ok"}, 200

    @app.get("/form")
    def form() -> Response:
        return Response(FORM, mimetype="text/html")

    @app.post("/form")
    def insert() -> Response | tuple[str, int]:
        value = request.form.get("text", "")
        if not value or len(value) > MAX_TEXT:
            return "bad text", 400
        with Session(engine) as session:
            session.add(Entry(text=value, created_on=datetime.now(UTC)))
            session.commit()
        return Response(THANKS, mimetype="text/html")

    return app


if __name__ == "__main__":
    if sys.argv[1:] != ["init"]:
        raise SystemExit("usage: CONSULT_DATABASE_URL=... python -m bench.baseline_app init")
    ensure_table(make_engine(database_url()))
    print(f"table {TABLE} ready")
else:
    app = create_app()

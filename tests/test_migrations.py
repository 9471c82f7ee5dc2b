"""Every Alembic revision goes up and down, and the upgraded schema equals the models."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from consult.db import make_engine
from consult.migrate import alembic_config, downgrade, upgrade
from consult.models import Base


@pytest.fixture
def empty_url(tmp_path: Path):
    server = os.environ.get("CONSULT_TEST_DATABASE_URL")
    if not server:
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    # A database of its own, so the suite's tables are not disturbed.
    admin = make_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS consult_migrations"))
        conn.execute(text("CREATE DATABASE consult_migrations"))
    url = server.rsplit("/", 1)[0] + "/consult_migrations"
    yield url
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS consult_migrations WITH (FORCE)"))
    admin.dispose()


def _revisions(url: str) -> list[str]:
    script = ScriptDirectory.from_config(alembic_config(url))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def test_each_revision_upgrades_and_downgrades(empty_url):
    revisions = _revisions(empty_url)
    assert revisions
    for i, rev in enumerate(revisions):
        upgrade(empty_url, rev)
        downgrade(empty_url, revisions[i - 1] if i else "base")
        upgrade(empty_url, rev)
    downgrade(empty_url, "base")
    engine = make_engine(empty_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()


def test_upgraded_schema_equals_the_models(empty_url):
    upgrade(empty_url)
    engine = make_engine(empty_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                Base.metadata)
    engine.dispose()
    assert diff == []


def test_audit_log_refuses_update_and_delete_on_postgresql(empty_url):
    if not empty_url.startswith("postgresql"):
        pytest.skip("the append-only trigger is PostgreSQL's; SQLite relies on the code")
    upgrade(empty_url)
    engine = make_engine(empty_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO audit_events (at, action) VALUES (now(), 'test')"))
    for statement in ("UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    engine.dispose()


def test_revision_0004_gives_existing_consultations_a_revision(empty_url):
    upgrade(empty_url, "0003")
    engine = make_engine(empty_url)
    with engine.begin() as conn:
        for slug in ("first", "second"):
            conn.execute(text(
                "INSERT INTO consultations (slug, status, opens_at, closes_at, languages, bands, "
                "independent_age, k_threshold, retention_days, live_mode, "
                "quotes_need_confirmation, texts) VALUES (:slug, 'open', :t, :t, '[\"en\"]', "
                "'[\"13-15\"]', 13, 10, 180, false, false, '{}')"),
                {"slug": slug, "t": "2026-01-01 00:00:00"})
    engine.dispose()
    upgrade(empty_url)
    engine = make_engine(empty_url)
    with engine.connect() as conn:
        revisions = [r for (r,) in conn.execute(text("SELECT revision FROM consultations"))]
    engine.dispose()
    assert len(revisions) == 2 and all(len(r) == 32 for r in revisions)
    assert revisions[0] != revisions[1]


def test_revision_0005_gives_answers_one_lf_per_line_break_and_staff_a_session_version(
        empty_url):
    upgrade(empty_url, "0004")
    engine = make_engine(empty_url)
    original = "Hi\r\nI am Zanele\r\nbye"
    start, end = original.index("Zanele"), original.index("Zanele") + 6
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO consultations (slug, status, opens_at, closes_at, languages, bands, "
            "independent_age, k_threshold, retention_days, live_mode, "
            "quotes_need_confirmation, texts, revision) VALUES ('c', 'open', :t, :t, "
            "'[\"en\"]', '[\"13-15\"]', 13, 10, 180, false, false, '{}', 'r')"),
            {"t": "2026-01-01 00:00:00"})
        conn.execute(text(
            "INSERT INTO questions (consultation_id, position, key, kind, required, texts, "
            "options) VALUES (1, 1, 'q', 'text', false, '{}', '[]')"))
        conn.execute(text(
            "INSERT INTO submissions (consultation_id, band, language, received_on, status, "
            "code_hash, quote_consent) VALUES (1, '13-15', 'en', '2026-01-01', 'pending', "
            "'h', false)"))
        span = f'[{{"kind": "name", "start": {start}, "end": {end}}}]'
        conn.execute(text(
            "INSERT INTO answers (submission_id, question_id, text_original, text_redacted, "
            "flags, redactions, quotable) VALUES (1, 1, :o, :r, :f, :s, false)"),
            {"o": original, "r": "Hi\r\nI am ███\r\nbye", "f": f'{{"pii": {span}}}', "s": span})
        conn.execute(text(
            "INSERT INTO staff_users (email, password_hash, totp_secret, totp_confirmed, "
            "totp_last_step, roles, failed_attempts, active, created_at) VALUES "
            "('a@example.org', 'x', 'x', true, 0, '[\"admin\"]', 3, true, :t)"),
            {"t": "2026-01-01 00:00:00"})
    engine.dispose()
    upgrade(empty_url, "0005_staff")
    engine = make_engine(empty_url)
    with engine.connect() as conn:
        row = conn.execute(text("SELECT text_original, text_redacted, flags, redactions "
                                "FROM answers")).one()
        version = conn.execute(text("SELECT session_version FROM staff_users")).scalar()
    engine.dispose()
    flags = row[2] if isinstance(row[2], dict) else json.loads(row[2])
    redactions = row[3] if isinstance(row[3], list) else json.loads(row[3])
    assert row[0] == "Hi\nI am Zanele\nbye" and row[1] == "Hi\nI am ███\nbye"
    for spans in (flags["pii"], redactions):
        assert row[0][spans[0]["start"]:spans[0]["end"]] == "Zanele"
    assert version == 1
    downgrade(empty_url, "0004")
    engine = make_engine(empty_url)
    columns = {c["name"] for c in inspect(engine).get_columns("staff_users")}
    with engine.connect() as conn:
        kept = conn.execute(text("SELECT text_original FROM answers")).scalar()
    engine.dispose()
    assert "session_version" not in columns and {"failed_attempts", "locked_until"} <= columns
    assert kept == "Hi\nI am Zanele\nbye"
    upgrade(empty_url)


def test_revision_meetings_turns_free_text_meetings_into_rows_and_back(empty_url):
    upgrade(empty_url, "0005_live")
    engine = make_engine(empty_url)
    geneva = {"en": "Geneva 2027", "fr": "Genève 2027"}
    texts = [{"title": {"en": "A"}, "meeting": geneva},
             {"title": {"en": "B"}, "meeting": geneva},
             {"title": {"en": "C"}, "meeting": {"zh": "网上会议"}},
             {"title": {"en": "D"}}]
    with engine.begin() as conn:
        for n, value in enumerate(texts):
            conn.execute(text(
                "INSERT INTO consultations (slug, status, opens_at, closes_at, languages, "
                "bands, independent_age, k_threshold, retention_days, live_mode, "
                "quotes_need_confirmation, texts, revision) VALUES (:slug, 'open', :t, :t, "
                "'[\"en\"]', '[\"13-15\"]', 13, 10, 180, false, false, :texts, 'r')"),
                {"slug": f"c{n}", "t": "2026-01-01 00:00:00", "texts": json.dumps(value)})
    engine.dispose()
    upgrade(empty_url)
    engine = make_engine(empty_url)
    with engine.connect() as conn:
        meetings = {id_: (key, json.loads(names) if isinstance(names, str) else names)
                    for id_, key, names in conn.execute(text(
                        "SELECT id, key, names FROM meetings"))}
        rows = conn.execute(text("SELECT slug, meeting_id, texts, revision FROM consultations "
                                 "ORDER BY slug")).all()
    engine.dispose()
    assert sorted(meetings.values()) == [("geneva-2027", geneva), ("meeting", {"zh": "网上会议"})]
    ids = [meeting_id for _slug, meeting_id, _texts, _revision in rows]
    assert ids[0] == ids[1] != ids[2] and ids[3] is None
    assert all("meeting" not in (json.loads(t) if isinstance(t, str) else t) and r != "r"
               for _s, _m, t, r in rows)
    downgrade(empty_url, "0005_live")
    engine = make_engine(empty_url)
    with engine.connect() as conn:
        back = [json.loads(t) if isinstance(t, str) else t for (t,) in conn.execute(text(
            "SELECT texts FROM consultations ORDER BY slug"))]
    engine.dispose()
    assert back == texts

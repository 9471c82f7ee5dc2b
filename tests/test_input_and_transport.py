"""Transport and storage hardening, and input no view should see: HSTS over
HTTPS, downloads no cache may keep, files only their owner can read, a Host
header the IDNA codec refuses, a NUL byte, query keys that are not filters."""

from __future__ import annotations

import os
import stat

import pytest
from sqlalchemy import text

from consult import config
from consult.db import make_engine
from tests.conftest import SERVER_URL
from tests.factories import csrf_token, return_code, sign_in, take_part
from tests.test_results import _approved, chair  # noqa: F401  (fixture)

LONG_LABEL = "a" * 64 + ".example.org"


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_hsts_only_when_served_over_https(database_url, monkeypatch, consultation):
    from consult import create_app

    plain = create_app({"DATABASE_URL": database_url, "TESTING": True})
    assert "Strict-Transport-Security" not in plain.test_client().get("/").headers
    monkeypatch.setenv("CONSULT_HTTPS", "1")
    https = create_app({"DATABASE_URL": database_url, "TESTING": True})
    client = https.test_client()
    for path in ("/", f"/c/{consultation.slug}/", "/healthz", "/no-such-page"):
        hsts = client.get(path, base_url="https://localhost").headers.get(
            "Strict-Transport-Security", "")
        assert hsts.startswith("max-age=") and int(hsts.split("=")[1]) >= 15552000, path


def test_return_code_file_is_not_cached(client, consultation):
    done = take_part(client, consultation.slug)
    r = client.post(f"/c/{consultation.slug}/return-code.txt",
                    data={"code": return_code(done),
                          "csrf_token": csrf_token(done.get_data(as_text=True))})
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx", "docx"])
def test_every_export_download_is_not_cached(app, client, session, consultation, chair, fmt):  # noqa: F811
    _approved(app, session, consultation, 10, chair, answers={3: "yes"})
    sign_in(client, chair)
    page = client.get(f"/chair/{consultation.id}/").get_data(as_text=True)
    r = client.post(f"/chair/{consultation.id}/export",
                    data={"csrf_token": csrf_token(page), "format": fmt, "lang": "en"})
    assert r.status_code == 200 and "attachment" in r.headers["Content-Disposition"]
    assert r.headers["Cache-Control"] == "no-store"


def test_generated_secret_key_is_private_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("CONSULT_SECRET_KEY", raising=False)
    monkeypatch.setattr(config, "INSTANCE", tmp_path / "instance")
    old = os.umask(0)  # the most permissive umask: the mode must not depend on it
    try:
        key = config._secret_key()
    finally:
        os.umask(old)
    path = tmp_path / "instance" / "secret_key"
    assert _mode(path) == 0o600 and _mode(tmp_path / "instance") == 0o700
    assert len(key) == 64 and config._secret_key() == key  # never regenerated


def test_sqlite_database_file_is_private(tmp_path):
    db = tmp_path / "consult.db"
    old = os.umask(0o022)
    try:
        engine = make_engine(f"sqlite:///{db}")
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (x TEXT)"))
            conn.execute(text("INSERT INTO t VALUES ('answer')"))
            # While a connection is open, WAL mode keeps its -wal and -shm files.
            made = [p for p in tmp_path.iterdir()]
            modes = {p.name: _mode(p) for p in made}
        engine.dispose()
    finally:
        os.umask(old)
    assert "consult.db-wal" in modes, modes
    assert set(modes.values()) == {0o600}, modes


@pytest.mark.parametrize("key", ["endpoint", "_external", "_scheme", "_anchor", "submission_id"])
def test_moderation_queue_ignores_unknown_query_keys(client, make_staff, consultation, key):
    sign_in(client, make_staff("moderator"))
    r = client.get(f"/moderate/?{key}=x&band=16-17")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert 'href="/moderate/next?band=16-17"' in html and f"{key}=" not in html
    r = client.get(f"/moderate/next?{key}=x&band=16-17")  # nothing waiting: back to the queue
    assert r.status_code == 302 and r.location.endswith("/moderate/?band=16-17")


@pytest.mark.parametrize("key", ["endpoint", "_external"])
def test_audit_log_ignores_unknown_query_keys(client, make_staff, key):
    sign_in(client, make_staff("admin"))
    for path in (f"/admin/audit?{key}=x", f"/admin/audit?{key}=x&date_from=nope"):
        r = client.get(path)
        assert r.status_code in (200, 400) and f"{key}=" not in r.get_data(as_text=True)


@pytest.mark.parametrize("header", ["Host", "X-Forwarded-Host"])
def test_host_label_longer_than_63_characters_is_400(database_url, header):
    from consult import create_app

    app = create_app({"DATABASE_URL": database_url, "TESTING": True, "PROXY_COUNT": 1,
                      "PROPAGATE_EXCEPTIONS": False})
    for path in ("/", "/return", "/results/", "/staff/login", "/no-such-page"):
        r = app.test_client().get(path, headers={header: LONG_LABEL})
        assert r.status_code == 400, (path, r.status_code)
        assert r.headers["Content-Security-Policy"]  # still a response of ours


@pytest.mark.parametrize("path", ["/c/%00/start", "/c/%00/", "/results/%00", "/results/%00.json",
                                  "/c/{slug}/q/%00", "/return?code=%00", "/?lang=%00",
                                  "/help?x%00=1"])
def test_nul_byte_in_path_or_query_is_400(client, consultation, path):
    r = client.get(path.format(slug=consultation.slug))
    assert r.status_code == 400


def test_nul_byte_in_staff_email_is_refused_not_500(client, make_staff):
    make_staff("moderator")
    page = client.get("/staff/login").get_data(as_text=True)
    r = client.post("/staff/login", data={"csrf_token": csrf_token(page),
                                          "email": "moderator\x00@example.org",
                                          "password": "x", "code": "123456"})
    # PostgreSQL refuses the value (400); SQLite finds no such account (401, the form again).
    assert r.status_code == (400 if SERVER_URL else 401)


def test_nul_byte_in_an_answer_stays_a_field_error(client, consultation):
    page = client.get(f"/c/{consultation.slug}/start").get_data(as_text=True)
    r = client.post(f"/c/{consultation.slug}/start",
                    data={"csrf_token": csrf_token(page), "band": "16-17\x00"})
    assert r.status_code == 200  # the form again, with its error, not a 4xx page


@pytest.mark.parametrize("path", ["/moderate/s/2147483648", "/moderate/s/99999999999999999999",
                                  "/chair/9223372036854775808/", "/themes/2147483648/",
                                  "/safeguarding/case/99999999999999999999"])
def test_an_id_past_the_integer_range_is_404(client, make_staff, path):
    sign_in(client, make_staff("moderator", "chair", "safeguarding"))
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("query", ["consultation=99999999999999999999", "after=2147483648",
                                   "question=9223372036854775808"])
def test_a_query_number_the_database_cannot_hold_is_400(client, make_staff, consultation,
                                                        query):
    sign_in(client, make_staff("moderator"))
    r = client.get(f"/moderate/?{query}")
    # PostgreSQL refuses a number past its 32-bit column; SQLite binds up to 2**63 - 1
    # (and finds nothing), past that it cannot bind the number at all.
    fits_sqlite = int(query.split("=")[1]) < 2**63
    assert r.status_code == (200 if fits_sqlite and not SERVER_URL else 400)
    r = client.get("/moderate/quotes?consultation=99999999999999999999")
    assert r.status_code == 400

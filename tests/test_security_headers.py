"""Security headers on every response; no cookie before a consultation starts."""

from __future__ import annotations

import pytest

PUBLIC_PAGES = ["/", "/help", "/return", "/staff/login", "/healthz", "/c/test-consultation/",
                "/no-such-page", "/static/css/app.css"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_response_carries_the_security_headers(client, consultation, path):
    r = client.get(path)
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "no-referrer"


# /return sets one: its form carries a CSRF token (test_return.py).
@pytest.mark.parametrize("path", ["/", "/c/test-consultation/", "/help",
                                  "/?lang=fr", "/c/test-consultation/?lang=ar"])
def test_participant_pages_set_no_cookie_before_start(client, consultation, path):
    assert client.get(path).headers.getlist("Set-Cookie") == []


def test_session_cookie_is_httponly_and_samesite(client, consultation):
    r = client.get(f"/c/{consultation.slug}/start")
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_cookie_is_secure_when_served_over_https(database_url, monkeypatch, consultation):
    monkeypatch.setenv("CONSULT_HTTPS", "1")
    from consult import create_app

    app = create_app({"DATABASE_URL": database_url, "TESTING": True})
    cookie = app.test_client().get(f"/c/{consultation.slug}/start",
                                   base_url="https://localhost").headers["Set-Cookie"]
    assert "Secure" in cookie


def test_no_inline_script_or_style_in_pages(client, consultation):
    import re

    for path in ["/", f"/c/{consultation.slug}/", "/help", "/return", "/staff/login",
                 f"/c/{consultation.slug}/start"]:
        html = client.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert "<style" not in html and " style=" not in html, path
        assert not re.search(r"\son[a-z]+=", html), path
        # Links to helplines are fine; nothing may be loaded from another origin.
        assert not re.search(r'src="(https?:)?//', html), path
        assert not re.search(r'<link[^>]*href="(https?:)?//', html), path


def test_healthz_reports_the_database(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.get_json() == {"status": "ok"}

"""What every response shares: security headers, error pages, /healthz."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from flask import Flask, Response, current_app, g, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError
from sqlalchemy import text
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from consult.consultations.service import state_label
from consult.extensions import csrf, db
from consult.i18n import LANGUAGES, NATIVE_NAMES, direction, select_locale
from consult.privacy.sanitize import markdown_to_html

# Rule 10: nothing from another origin, no inline script or style.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
# On every response, including those answered before Flask (consult/live/poll.py).
SECURITY_HEADERS = [
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "geolocation=(), camera=(), microphone=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
]


def init_app(app: Flask) -> None:
    if app.config.get("PROXY_COUNT"):
        n = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore

    @app.before_request
    def _remember_language() -> None:
        # A language chosen in the URL is kept only once a session exists, so
        # pages before the start of a consultation set no cookie.
        chosen = request.args.get("lang")
        if chosen in LANGUAGES and session and session.get("lang") != chosen:
            session["lang"] = chosen

    @app.after_request
    def _headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS:
            response.headers[name] = value
        if response.mimetype == "text/html":
            response.headers["Cache-Control"] = "no-store"
        response.headers["Vary"] = "Cookie, Accept-Language"
        return response

    @app.context_processor
    def _page() -> dict[str, Any]:
        lang = select_locale()
        languages = g.get("consultation_languages") or LANGUAGES
        return {"lang": lang, "dir": direction(lang), "native_names": NATIVE_NAMES,
                "languages": languages, "lang_links": _lang_links(languages),
                "session_region": session.get("region"), "fixed_url": fixed_url}

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> tuple[str, int]:
        # Keep what was typed: show it back in a fresh form that posts to the
        # same address, so nothing is lost when a page sat open too long.
        kept = [(k, v) for k, v in request.form.items(multi=True) if k != "csrf_token"]
        return render_template("errors/csrf.html", kept=kept, action=request.path), 400

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        return render_template("errors/http.html", code=code, error=error), code

    @app.errorhandler(StaleDataError)
    def _changed_meanwhile(error: StaleDataError) -> tuple[str, int]:
        # A consultation's revision is also an optimistic lock: another person
        # changed the same row between this request's read and its write.
        db().rollback()
        return render_template("errors/http.html", code=409, error=None), 409

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> tuple[str, int]:
        app.logger.exception("unhandled error on %s", request.endpoint)
        return render_template("errors/http.html", code=500, error=None), 500

    @app.get("/healthz")
    @csrf.exempt
    def healthz() -> tuple[dict[str, str], int]:
        try:
            db().execute(text("SELECT 1"))
        except Exception:  # any database failure means "not healthy"
            return {"status": "database unreachable"}, 503
        return {"status": "ok"}, 200

    app.jinja_env.filters["markdown"] = markdown_to_html
    app.jinja_env.filters["consultation_state"] = state_label
    app.extensions["consult.urls"] = {}


def _lang_links(languages: Any) -> list[tuple[str, str]]:
    """(code, address) for the language switcher: this page with ?lang= set.

    Built from the request rather than with url_for, which would route the
    address again for each of the six links on every page."""
    if request.endpoint is None:  # a 404 for an unknown address: offer the home page
        return [(code, fixed_url("participate.index", lang=code)) for code in languages]
    here = quote(request.script_root + request.path) + "?"
    query = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    return [(code, here + urlencode([*query, ("lang", code)])) for code in languages]


def fixed_url(endpoint: str, **values: Any) -> str:
    """url_for, remembered: for the addresses on every page (the stylesheet, home,
    help, /return), which depend only on their arguments and the script root."""
    urls: dict[tuple[Any, ...], str] = current_app.extensions["consult.urls"]
    key = (request.script_root, endpoint, *sorted(values.items()))
    url = urls.get(key)
    if url is None:
        if len(urls) >= 4096:
            urls.clear()
        url = urls[key] = url_for(endpoint, **values)
    return url

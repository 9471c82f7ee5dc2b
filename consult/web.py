"""What every response shares: security headers, error pages, /healthz."""

from __future__ import annotations

from contextlib import suppress
from typing import Any
from urllib.parse import quote, urlencode

from flask import Flask, Response, abort, current_app, g, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc, text
from sqlalchemy.exc import DataError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import BadHost, HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from consult.consultations.service import state_label
from consult.extensions import csrf, db
from consult.i18n import LANGUAGES, NATIVE_NAMES, STAFF_LANG, direction, select_locale, staff_page
from consult.privacy.sanitize import markdown_to_html

# docs/privacy.md#rule-10: nothing from another origin, no inline script or style.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
# The authoring preview's frame (consult/author/preview_views.py): shown inside
# our own page only, and its participant forms cannot be sent anywhere.
PREVIEW_FRAME_CSP = CSP.replace("form-action 'self'", "form-action 'none'").replace(
    "frame-ancestors 'none'", "frame-ancestors 'self'")
# On every response, including those answered before Flask (consult/live/poll.py).
SECURITY_HEADERS = [
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "geolocation=(), camera=(), microphone=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
]
# What a 503 asks clients to wait while the database is unreachable.
RETRY_AFTER_SECONDS = 5


# Blueprints whose forms a participant fills in: only these ever get a form
# re-posted from the "please send that again" page.
PARTICIPANT_BLUEPRINTS = ("participate", "help")
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def init_app(app: Flask) -> None:
    if app.config.get("PROXY_COUNT"):
        n = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore

    def _refuse_cross_site() -> tuple[str, int] | None:
        # A page on another site can make a visitor's browser post to us (and
        # take the new session cookie we answer with): no form of ours is ever
        # sent from elsewhere, so such a post changes nothing. It runs before
        # every other check but a bad Host's, the CSRF one included, so it
        # never reaches the CSRF page either.
        if request.method in UNSAFE_METHODS and cross_site_request():
            return render_template("errors/cross_site.html"), 403
        return None

    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_cross_site)
    # After: its bad-Host check goes in front of the refusal, whose page builds links.
    _harden(app)

    @app.before_request
    def _remember_language() -> None:
        # A language chosen in the URL is kept only once a session exists, so
        # pages before the start of a consultation set no cookie.
        chosen = request.args.get("lang")
        if chosen not in LANGUAGES:
            return
        if staff_page():
            # Staff pages keep a session anyway (sign-in, CSRF); their language
            # is kept apart from the participant's (consult.i18n.STAFF_LANG).
            if session.get(STAFF_LANG) != chosen:
                session[STAFF_LANG] = chosen
        elif session and session.get("lang") != chosen:
            session["lang"] = chosen

    @app.after_request
    def _headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS:
            response.headers[name] = value
        if g.get("preview_frame"):
            response.headers["Content-Security-Policy"] = PREVIEW_FRAME_CSP
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
        if response.mimetype == "text/html":
            response.headers["Cache-Control"] = "no-store"
        response.headers["Vary"] = "Cookie, Accept-Language"
        return response

    @app.context_processor
    def _page() -> dict[str, Any]:
        lang = select_locale()
        staff = staff_page()
        # A staff member may choose any of the six languages for the staff pages,
        # whatever languages the consultation they are reading is in.
        languages = LANGUAGES if staff else g.get("consultation_languages") or LANGUAGES
        return {"lang": lang, "dir": direction(lang), "native_names": NATIVE_NAMES,
                "languages": languages, "lang_links": _lang_links(languages),
                "session_region": session.get("region"), "fixed_url": fixed_url,
                "staff_page": staff}

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> tuple[str, int]:
        if not _may_post_again(app):
            # Nothing to re-post, and no call to csrf_token(), which would write
            # a session and so replace the one the browser may hold.
            retry = request.path if request.url_rule and "GET" in (
                request.url_rule.methods or ()) else None
            return render_template("errors/csrf.html", kept=None, retry=retry), 400
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

    @app.errorhandler(exc.OperationalError)
    @app.errorhandler(exc.InterfaceError)
    def _database_unreachable(error: exc.DBAPIError) -> tuple[str, int, dict[str, str]]:
        # The database is down or dropped the connection: say "come back soon"
        # (503 + Retry-After) in one log line, no traceback per request. Only
        # the driver's own first line is logged, never SQLAlchemy's message,
        # which quotes the statement's parameters: a participant's answers
        # among them (docs/privacy.md#rule-1).
        # invalidate() drops this request's connection without the rollback a
        # dead connection would answer with another traceback; SQLAlchemy then
        # replaces the pool's older connections and db.py pings any that sat
        # idle, so the next request gets a fresh one as soon as it is back.
        with suppress(exc.SQLAlchemyError):  # already gone: nothing to release
            db().invalidate()
        reason = (str(error.orig).strip().splitlines() or [""])[0][:160]
        app.logger.warning("database unavailable on %s, answered 503: %s: %s",
                           request.endpoint, type(error.orig).__name__, reason)
        return (render_template("errors/http.html", code=503, error=None), 503,
                {"Retry-After": str(RETRY_AFTER_SECONDS)})

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


def cross_site_request() -> bool:
    """True when the browser says another site's page sent this request.

    Sec-Fetch-Site is sent by every current browser; "none" means the person
    opened the address themselves. Without it, an Origin that is not ours
    counts. "Origin: null" proves nothing either way: browsers send it for our
    own forms too, because our Referrer-Policy is no-referrer."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("Origin")
    return origin not in (None, "null") and origin != request.host_url.rstrip("/")


def _same_origin_request() -> bool:
    return (request.headers.get("Sec-Fetch-Site") == "same-origin"
            or request.headers.get("Origin") == request.host_url.rstrip("/"))


def _may_post_again(app: Flask) -> bool:
    """Whether the CSRF page may offer the posted fields back with a fresh token.

    Never for staff: a form re-posted with a valid token is exactly what a
    forged request wants. For a participant, only when the post came from our
    own page: the browser sent our cookie (SameSite=Lax keeps it off other
    sites' posts) or said the request was same-origin."""
    if request.blueprint not in PARTICIPANT_BLUEPRINTS:
        return False
    return bool(request.cookies.get(app.config["SESSION_COOKIE_NAME"])) or _same_origin_request()


# A year: browsers that once reached the site over HTTPS keep to it.
HSTS = "max-age=31536000"
# Downloads hold return codes and children's answers: no cache may keep a copy.
DOWNLOAD_CACHE_CONTROL = "no-store"


class RowIdConverter(IntegerConverter):
    """`<int:...>` in every route: an id no row can have (past a 32-bit
    INTEGER column) does not match, a 404, instead of reaching the database,
    which refuses it (PostgreSQL) or cannot even bind it (SQLite, past 2**63)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(*args, **kwargs)


def _harden(app: Flask) -> None:
    """Input no view should see, and headers every response should carry."""
    # Before any blueprint adds its routes: the converter is bound per rule.
    app.url_map.converters["int"] = RowIdConverter

    def _bad_host_first() -> None:
        # Flask raises a bad Host only when it dispatches, after every
        # before_request function: the CSRF check or the NUL check below would
        # answer first, with a page that cannot build its links. Raise it first.
        if isinstance(request.routing_exception, BadHost):
            raise request.routing_exception

    app.before_request_funcs.setdefault(None, []).insert(0, _bad_host_first)

    @app.before_request
    def _refuse_nul() -> None:
        # PostgreSQL cannot store or even compare a NUL in text, and no address
        # has a use for one: refuse it before any query sees it. (A posted
        # answer with one is a field error that keeps the page; any other posted
        # field that reaches the database is refused by _value_the_database_refused.)
        if "\0" in request.path or _has_nul(request.args):
            abort(400)

    @app.after_request
    def _transport_and_downloads(response: Response) -> Response:
        if app.config.get("HTTPS"):
            response.headers["Strict-Transport-Security"] = HSTS
        if response.headers.get("Content-Disposition", "").startswith("attachment"):
            response.headers["Cache-Control"] = DOWNLOAD_CACHE_CONTROL
        return response

    @app.errorhandler(BadHost)
    def _bad_host(error: BadHost) -> Response:
        # A Host (or X-Forwarded-Host) the IDNA codec refuses leaves the request
        # without a URL adapter, so no page template (which builds addresses)
        # can be drawn: answer in plain text.
        return Response("400 Bad Request: the Host header is not a valid host name.\n",
                        400, mimetype="text/plain")

    @app.errorhandler(DataError)
    @app.errorhandler(OverflowError)
    def _value_the_database_refused(error: Exception) -> tuple[str, int]:
        # A value the database cannot hold or compare (a number from the query
        # string out of range for its column, text too long, a byte it refuses;
        # SQLite raises OverflowError for an integer past 64 bits) came from the
        # request: the request is bad, not the server. One line, no values.
        db().rollback()
        cause = type(getattr(error, "orig", None) or error).__name__
        app.logger.warning("400: the database refused a value on %s (%s)", request.endpoint,
                           cause)
        return render_template("errors/http.html", code=400, error=None), 400


def _has_nul(values: Any) -> bool:
    return any("\0" in key or "\0" in value for key, value in values.items(multi=True))


# The query keys that some page reads. The language switcher keeps these and
# drops any other, so a key nobody asked for is never echoed into a page.
QUERY_KEYS = frozenset({
    "action", "actor", "after", "band", "before", "code", "consultation", "country",
    "date_from", "date_to", "flag", "from", "key", "language", "object_id", "object_type",
    "plang", "question", "region", "review", "stale", "status", "step", "theme", "tl",
    "token", "untagged", "width"})


def _lang_links(languages: Any) -> list[tuple[str, str]]:
    """(code, address) for the language switcher: this page with ?lang= set.

    Built from the request rather than with url_for, which would route the
    address again for each of the six links on every page."""
    if request.endpoint is None:  # a 404 for an unknown address: offer the home page
        return [(code, fixed_url("participate.index", lang=code)) for code in languages]
    here = quote(request.script_root + request.path) + "?"
    query = [(k, v) for k, v in request.args.items(multi=True) if k in QUERY_KEYS]
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

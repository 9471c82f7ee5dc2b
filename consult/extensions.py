"""Flask extensions and the per-request database session."""

from __future__ import annotations

import hashlib
import hmac
from typing import TypeVar

from flask import Flask, abort, current_app, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager, current_user
from flask_wtf import CSRFProtect
from itsdangerous import URLSafeTimedSerializer
from limits import RateLimitItem, parse_many
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session

from consult.i18n import install_template_gettext, select_locale

T = TypeVar("T")

csrf = CSRFProtect()
babel = Babel()
login_manager = LoginManager()


def _address_key() -> str:
    # docs/privacy.md#rule-1: the rate-limit store only ever sees a keyed hash of the address,
    # and Flask-Limiter's windows give every key an expiry.
    secret = current_app.config["SECRET_KEY"].encode()
    address = request.remote_addr or "unknown"
    return hmac.new(secret, address.encode(), hashlib.sha256).hexdigest()[:32]


limiter = Limiter(key_func=_address_key, default_limits=[], headers_enabled=False)


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, with its serialiser built once per key.

    Flask builds a new serialiser on every request to read the cookie (and again
    to write it); it holds nothing but the keys and settings, so one per set of
    keys serves every request. The cookie is signed and checked exactly as before."""

    def __init__(self) -> None:
        self._serializers: dict[tuple[object, ...], URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if keys not in self._serializers:
            if len(self._serializers) > 8:  # keys rotated many times: start again
                self._serializers.clear()
            self._serializers[keys] = super().get_signing_serializer(app)
        return self._serializers[keys]


def start_limit() -> str:
    return str(current_app.config["RATELIMIT_START"])


def send_limit() -> str:
    return str(current_app.config["RATELIMIT_SEND"])


def _failure_limits(kind: str) -> list[tuple[RateLimitItem, tuple[str, ...]]]:
    config = current_app.config
    mine = [(item, (f"failed-{kind}", _address_key()))
            for item in parse_many(config["RATELIMIT_FAILED_CODES"])]
    everyone = [(item, (f"failed-{kind}", "everyone"))
                for item in parse_many(config["RATELIMIT_FAILED_CODES_ALL"])]
    return mine + everyone


def code_tries_left(kind: str) -> bool:
    """Whether this address, and everyone together, may still get a code wrong.

    Only failures count: a class behind one school address, each child typing
    a right code, never runs out."""
    if not current_app.config.get("RATELIMIT_ENABLED"):
        return True
    return all(limiter.limiter.test(item, *keys) for item, keys in _failure_limits(kind))


def count_failed_code(kind: str) -> bool:
    """Count one wrong code of `kind` ("return", "group"); False once over a limit."""
    if not current_app.config.get("RATELIMIT_ENABLED"):
        return True
    within = [limiter.limiter.hit(item, *keys) for item, keys in _failure_limits(kind)]
    if not within[-1]:
        # One line, with no address in it (docs/privacy.md#rule-1), when wrong codes arrive
        # from everywhere at once: someone may be guessing.
        current_app.logger.warning("too many wrong %s codes from all addresses together", kind)
    return all(within)


def db() -> Session:
    """The session of the current request; closed when the request ends."""
    return current_app.extensions["consult.session"]()


def get_or_404(model: type[T], ident: int) -> T:
    """The row of `model` with this id, or a 404 page."""
    found = db().get(model, ident)
    if found is None:
        abort(404)
    return found


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    install_template_gettext(app)
    app.config.setdefault("RATELIMIT_ENABLED", True)
    for name in ("RATELIMIT_START", "RATELIMIT_SEND", "RATELIMIT_FAILED_CODES",
                 "RATELIMIT_FAILED_CODES_ALL"):
        try:
            parse_many(app.config[name])
        except ValueError as error:
            raise RuntimeError(f"CONSULT_{name} is not a rate limit like '30/minute': "
                               f"{app.config[name]!r}") from error
    limiter.init_app(app)
    # Flask-Login's own context processor loads the user for every page, which
    # for a participant (never signed in) marks the session changed and re-sends
    # its cookie each time; templates get the lazy proxy instead.
    login_manager.init_app(app, add_context_processor=False)
    app.context_processor(lambda: {"current_user": current_user})
    login_manager.login_view = "auth.login"
    # "strong" protection compares a hash of the client-supplied X-Forwarded-For
    # and User-Agent, which whoever copies a cookie can send too. A staff
    # session instead names the account's session version, which the loader
    # checks on every request and sign-out moves on (docs/privacy.md#rule-9).
    login_manager.session_protection = None

    @app.teardown_appcontext
    def _close_session(exc: BaseException | None) -> None:
        factory = app.extensions["consult.session"]
        try:
            if exc is not None:
                factory().rollback()
            factory.remove()
        except (OperationalError, InterfaceError):
            # The database dropped the connection after the page was built:
            # the page stands; the dead connection is discarded, not rolled
            # back (which would fail again), and the pool makes a new one.
            factory().invalidate()
            factory.remove()


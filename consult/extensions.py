"""Flask extensions and the per-request database session."""

from __future__ import annotations

import hashlib
import hmac

from flask import Flask, current_app, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager, current_user
from flask_wtf import CSRFProtect
from sqlalchemy.orm import Session

from consult.i18n import install_template_gettext, select_locale

csrf = CSRFProtect()
babel = Babel()
login_manager = LoginManager()


def _address_key() -> str:
    # Rule 1: the rate-limit store only ever sees a keyed hash of the address,
    # and Flask-Limiter's windows give every key an expiry.
    secret = current_app.config["SECRET_KEY"].encode()
    address = request.remote_addr or "unknown"
    return hmac.new(secret, address.encode(), hashlib.sha256).hexdigest()[:32]


limiter = Limiter(key_func=_address_key, default_limits=[], headers_enabled=False)


def db() -> Session:
    """The session of the current request; closed when the request ends."""
    return current_app.extensions["consult.session"]()


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    install_template_gettext(app)
    app.config.setdefault("RATELIMIT_ENABLED", True)
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
    # checks on every request and sign-out moves on (rule 9).
    login_manager.session_protection = None

    @app.teardown_appcontext
    def _close_session(exc: BaseException | None) -> None:
        factory = app.extensions["consult.session"]
        if exc is not None:
            factory().rollback()
        factory.remove()


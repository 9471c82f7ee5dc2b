"""Settings, read from ``CONSULT_*`` environment variables with safe defaults.

With no settings at all the app runs on SQLite in ``instance/`` with a secret
key generated once and kept in ``instance/secret_key``.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = Path(os.environ.get("CONSULT_INSTANCE_PATH", ROOT / "instance"))

# Name, default, meaning: the README's settings table lists exactly these (and
# gunicorn's own, from gunicorn.conf.py); tests/test_settings.py holds the two together.
SETTINGS: list[tuple[str, str, str]] = [
    ("CONSULT_DATABASE_URL", "sqlite:///instance/consult.db",
     "SQLAlchemy URL; PostgreSQL: postgresql+psycopg://user@host/db"),
    ("CONSULT_SECRET_KEY", "generated into instance/secret_key",
     "Signs sessions and keys the return-code and rate-limit hashes. Keep it stable."),
    ("CONSULT_RATELIMIT_STORAGE_URL", "memory://",
     "Flask-Limiter store; gunicorn refuses several workers with memory://, use redis://"),
    ("CONSULT_RATELIMIT_ENABLED", "1", "0 turns every rate limit off (load tests only)"),
    ("CONSULT_RATELIMIT_START", "100/minute;1000/hour", "Journeys started per address"),
    ("CONSULT_RATELIMIT_SEND", "100/minute;1000/hour", "Answers sent per address"),
    ("CONSULT_RATELIMIT_FAILED_CODES", "30/10 minutes",
     "Wrong return or group codes per address; right codes are never refused"),
    ("CONSULT_RATELIMIT_FAILED_CODES_ALL", "1000/hour",
     "Wrong return or group codes from all addresses together"),
    ("CONSULT_PROXY_COUNT", "0", "Number of trusted proxies in front of gunicorn"),
    ("CONSULT_HTTPS", "0", "1 when served over HTTPS: Secure cookies, Strict-Transport-Security"),
    ("CONSULT_K_THRESHOLD", "10", "Default smallest count shown in any output (never below 5)"),
    ("CONSULT_STAFF_IDLE_MINUTES", "30", "Staff sessions expire after this much inactivity"),
    ("CONSULT_LOCKOUT_ATTEMPTS", "5",
     "Failed staff sign-ins per account within CONSULT_LOCKOUT_MINUTES before further tries "
     "wait (an address may fail 4 times as many). Never a lock: a browser that signed in to "
     "the account before is not held back, and an admin can let it try at once"),
    ("CONSULT_LOCKOUT_MINUTES", "15",
     "The moving window over which failed staff sign-ins are counted; a held-back account "
     "may try again once its oldest failure in the window is this old"),
    ("CONSULT_MAX_BODY_BYTES", "65536", "Largest request body accepted (413 above)"),
    ("CONSULT_BASE_URL", "",
     "The site's address, e.g. https://consult.example.org: links in alert emails and in "
     "invitation links printed by the command line"),
    ("CONSULT_SMTP_HOST", "", "Mail server for safeguarding alerts; empty: no email is sent "
     "and the dashboard shows every alert as unsent"),
    ("CONSULT_SMTP_PORT", "587", "Mail server port"),
    ("CONSULT_SMTP_USER", "", "Mail server login; empty: no login"),
    ("CONSULT_SMTP_PASSWORD", "", "Mail server password"),
    ("CONSULT_SMTP_FROM", "", "The alerts' From address (default: CONSULT_SMTP_USER)"),
    ("CONSULT_SMTP_STARTTLS", "1", "1: STARTTLS before logging in (refuse a server without "
     "it); 0: plain connection (a relay on localhost only)"),
]


def _secret_key() -> str:
    key = os.environ.get("CONSULT_SECRET_KEY")
    if key:
        return key
    INSTANCE.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = INSTANCE / "secret_key"
    try:
        # Created readable by its owner only from the first byte (no window
        # between writing and chmod), and never over a key another worker wrote.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32))
    return path.read_text().strip()


def database_url() -> str:
    url = os.environ.get("CONSULT_DATABASE_URL")
    if url:
        return url
    INSTANCE.mkdir(mode=0o700, parents=True, exist_ok=True)
    return f"sqlite:///{INSTANCE / 'consult.db'}"


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def from_environment() -> dict[str, object]:
    https = os.environ.get("CONSULT_HTTPS", "0") == "1"
    idle = _int("CONSULT_STAFF_IDLE_MINUTES", 30)
    return {
        "SECRET_KEY": _secret_key(),
        "DATABASE_URL": database_url(),
        "RATELIMIT_STORAGE_URI": os.environ.get("CONSULT_RATELIMIT_STORAGE_URL", "memory://"),
        "RATELIMIT_ENABLED": os.environ.get("CONSULT_RATELIMIT_ENABLED", "1") != "0",
        "RATELIMIT_START": os.environ.get("CONSULT_RATELIMIT_START", "100/minute;1000/hour"),
        "RATELIMIT_SEND": os.environ.get("CONSULT_RATELIMIT_SEND", "100/minute;1000/hour"),
        "RATELIMIT_FAILED_CODES": os.environ.get("CONSULT_RATELIMIT_FAILED_CODES",
                                                 "30/10 minutes"),
        "RATELIMIT_FAILED_CODES_ALL": os.environ.get("CONSULT_RATELIMIT_FAILED_CODES_ALL",
                                                     "1000/hour"),
        "PROXY_COUNT": _int("CONSULT_PROXY_COUNT", 0),
        "HTTPS": https,
        "K_THRESHOLD": max(5, _int("CONSULT_K_THRESHOLD", 10)),
        "LOCKOUT_ATTEMPTS": _int("CONSULT_LOCKOUT_ATTEMPTS", 5),
        "LOCKOUT_MINUTES": _int("CONSULT_LOCKOUT_MINUTES", 15),
        "MAX_CONTENT_LENGTH": _int("CONSULT_MAX_BODY_BYTES", 65536),
        "STAFF_IDLE": timedelta(minutes=idle),
        "BASE_URL": os.environ.get("CONSULT_BASE_URL", "").rstrip("/"),
        "SMTP_HOST": os.environ.get("CONSULT_SMTP_HOST", ""),
        "SMTP_PORT": _int("CONSULT_SMTP_PORT", 587),
        "SMTP_USER": os.environ.get("CONSULT_SMTP_USER", ""),
        "SMTP_PASSWORD": os.environ.get("CONSULT_SMTP_PASSWORD", ""),
        "SMTP_FROM": os.environ.get("CONSULT_SMTP_FROM", ""),
        "SMTP_STARTTLS": os.environ.get("CONSULT_SMTP_STARTTLS", "1") != "0",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": 3600 * 4,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
    }

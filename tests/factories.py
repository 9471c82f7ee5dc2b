"""Factories and helpers that drive the app the way a person would."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pyotp
import pytest
import yaml

from consult.auth.service import create_user
from consult.consultations.definition import import_definition

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CODE_RE = re.compile(r'id="return-code">([0-9-]+)<')
PASSWORD = "correct horse battery staple"


def definition(slug: str = "test-consultation", **overrides: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    data: dict[str, Any] = {
        "format": 1, "slug": slug, "languages": ["en", "fr"],
        "opens_at": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "closes_at": (now + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "feedback_due_on": (now + timedelta(days=90)).date().isoformat(),
        "status": "open",
        "title": {"en": "Staying safe online", "fr": "Rester en sécurité en ligne"},
        "meeting": {"en": "CWG-COP test meeting"},
        "audience": {"en": "The working group"},
        "intro": {"en": "We want to know **what you think**."},
        "next_steps": {"en": "We will publish what we did."},
        "questions": [
            {"key": "feel", "kind": "emoji_scale",
             "prompt": {"default": {"en": "How do you feel online?",
                                    "fr": "Comment te sens-tu ?"}}},
            {"key": "apps", "kind": "multiple_choice",
             "prompt": {"default": {"en": "Which apps do you use?"},
                        "9-12": {"en": "Which apps do you play with?"}},
             "options": [{"key": "games", "label": {"default": {"en": "Games", "fr": "Jeux"}}},
                         {"key": "video", "label": {"default": {"en": "Video"}}},
                         {"key": "chat", "label": {"default": {"en": "Chat"}}}]},
            {"key": "report", "kind": "single_choice",
             "prompt": {"default": {"en": "Have you used a report button?"}},
             "options": [{"key": "yes", "label": {"default": {"en": "Yes"}}},
                         {"key": "no", "label": {"default": {"en": "No"}}}]},
            {"key": "word", "kind": "short_text", "max_length": 80,
             "prompt": {"default": {"en": "One word for the internet?"}}},
            {"key": "idea", "kind": "long_text", "max_length": 2000,
             "prompt": {"default": {"en": "What should apps change?", "fr": "Que changer ?"},
                        "9-12": {"en": "What would make apps better?"}}},
        ],
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_consultation(session):  # type: ignore[no-untyped-def]
    def make(slug: str = "test-consultation", **overrides: Any):  # type: ignore[no-untyped-def]
        consultation = import_definition(session, yaml.safe_dump(definition(slug, **overrides)))
        session.commit()
        return consultation
    return make


@pytest.fixture
def consultation(make_consultation):  # type: ignore[no-untyped-def]
    return make_consultation()


@pytest.fixture
def make_staff(session):  # type: ignore[no-untyped-def]
    def make(*roles: str, email: str | None = None, enrolled: bool = True):  # type: ignore[no-untyped-def]
        user = create_user(session, email or f"{'-'.join(roles)}@example.org", PASSWORD,
                           list(roles))
        user.totp_confirmed = enrolled
        session.commit()
        return user
    return make


def totp_now(user: Any, offset_steps: int = 0) -> str:
    totp = pyotp.TOTP(user.totp_secret)
    return totp.at(datetime.now(UTC) + timedelta(seconds=30 * offset_steps))


def csrf_token(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def post_form(client: Any, url: str, data: dict[str, Any], page: str | None = None,
              **kwargs: Any) -> Any:
    """GET the page (or `page`) for its CSRF token, then POST the form as a browser would."""
    html = client.get(page or url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_token(html), **data}, **kwargs)


def sign_in(client: Any, user: Any) -> Any:
    return post_form(client, "/staff/login", {"email": user.email, "password": PASSWORD,
                                              "code": totp_now(user)})


# The journey asks for a country and stores its ITU region: a country in each
# region, for tests that only care about the region a submission ends up with.
COUNTRY_IN = {"AFR": "KE", "AMS": "BR", "ARB": "EG", "ASP": "JP", "CIS": "KZ", "EUR": "FR"}


def take_part(client: Any, slug: str, band: str = "16-17", answers: dict[int, Any] | None = None,
              quote: str = "no", region: str = "", lang: str = "en", group_code: str = "",
              headers: dict[str, str] | None = None, country: str = "") -> Any:
    """Walk the whole journey; return the confirmation response. `region` picks a
    country in that ITU region; `country` picks that country. With no answers
    given, the first question is answered: an empty submission is refused."""
    h = headers or {}
    answers = answers or {1: "3"}
    country = country or COUNTRY_IN.get(region, region)
    r = post_form(client, f"/c/{slug}/start?lang={lang}", {"band": band, "country": country},
                  headers=h)
    assert r.status_code == 302, r.get_data(as_text=True)
    if group_code:
        r = post_form(client, f"/c/{slug}/group", {"code": group_code}, headers=h)
        assert r.status_code == 302
    r = post_form(client, f"/c/{slug}/assent", {"choice": "take-part"}, headers=h)
    assert r.status_code == 302 and r.location.endswith("/q/1"), r.get_data(as_text=True)
    n = 1
    while True:
        r = post_form(client, f"/c/{slug}/q/{n}", {"answer": answers.get(n, ""),
                                                  "action": "next"}, headers=h)
        assert r.status_code == 302, r.get_data(as_text=True)
        if r.location.endswith("/quote"):
            break
        n += 1
    r = post_form(client, f"/c/{slug}/quote", {"consent": quote, "action": "next"}, headers=h)
    assert r.status_code == 302
    return post_form(client, f"/c/{slug}/review", {"action": "send"}, headers=h)


def return_code(response: Any) -> str:
    match = CODE_RE.search(response.get_data(as_text=True))
    assert match, "no return code on the page"
    return match.group(1)

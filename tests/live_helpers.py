"""Helpers for the live session tests: a consultation with live questions, a
chair and a participant driven through the pages."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.factories import post_form

LIVE_QUESTIONS = [
    {"key": "live-safe", "kind": "single_choice",
     "prompt": {"default": {"en": "Do you feel safe online?", "fr": "Te sens-tu en sécurité ?"}},
     "options": [{"key": "yes", "label": {"default": {"en": "Yes", "fr": "Oui"}}},
                 {"key": "no", "label": {"default": {"en": "No", "fr": "Non"}}}]},
    {"key": "live-mood", "kind": "emoji_scale",
     "prompt": {"default": {"en": "How do you feel about apps?"}}},
    {"key": "live-word", "kind": "short_text", "max_length": 120,
     "prompt": {"default": {"en": "One thing the meeting should hear?"}}},
]
STEP_RE = re.compile(r'data-live-step="(\d+)"')


@pytest.fixture
def live_consultation(make_consultation):  # type: ignore[no-untyped-def]
    return make_consultation("live-consultation", live_mode=True,
                             live_questions=LIVE_QUESTIONS, k_threshold=5)


def join(client: Any, slug: str, band: str = "16-17", lang: str = "en",
         group_code: str = "") -> Any:
    """Age screen, group code if needed, assent: the participant's page after."""
    r = post_form(client, f"/live/{slug}/start?lang={lang}", {"band": band, "country": ""},
                  page=f"/live/{slug}?lang={lang}")
    assert r.status_code == 302, r.get_data(as_text=True)
    if group_code:
        r = post_form(client, f"/live/{slug}/group", {"code": group_code})
        assert r.status_code == 302
    r = post_form(client, f"/live/{slug}/assent", {"choice": "take-part"})
    assert r.status_code == 302
    return client.get(f"/live/{slug}")


def send(client: Any, slug: str, question_id: int, value: Any) -> Any:
    # The assent page always carries a CSRF token, whatever state the room is in.
    return post_form(client, f"/live/{slug}/answer", {"question": question_id, "answer": value},
                     page=f"/live/{slug}/assent")


def open_room(chair: Any, c: Any, *steps: str, key: bool = False) -> Any:
    """A signed-in chair opens the consultation's live session and takes `steps`."""
    page = f"/chair/live/{c.id}/"
    r = post_form(chair, f"/chair/live/{c.id}/open",
                  {"screen_lang": "en", **({"screen_key": "y"} if key else {})}, page=page)
    assert r.status_code == 302
    for do in steps:
        step(chair, c, do)
    return chair


def step(chair: Any, c: Any, do: str) -> Any:
    r = post_form(chair, f"/chair/live/{c.id}/step", {"do": do}, page=f"/chair/live/{c.id}/")
    assert r.status_code == 302, r.status_code
    return r

"""Bad input gets a clear 4xx page, never a 500, and saved answers are kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import csrf_token, post_form


@pytest.fixture
def started(client, consultation):
    post_form(client, f"/c/{consultation.slug}/start", {"band": "16-17"})
    post_form(client, f"/c/{consultation.slug}/assent", {"choice": "take-part"})
    return consultation.slug


def test_unknown_slug_is_404(client):
    r = client.get("/c/no-such-thing/")
    assert r.status_code == 404 and "find that page" in r.get_data(as_text=True)


def test_draft_consultation_is_404(client, make_consultation):
    make_consultation("not-ready", status="draft")
    assert client.get("/c/not-ready/").status_code == 404


def test_closed_consultation_shows_a_clear_page(client, make_consultation):
    past = datetime.now(UTC) - timedelta(days=1)
    make_consultation("over", closes_at=past.strftime("%Y-%m-%dT%H:%M:%SZ"),
                      opens_at=(past - timedelta(days=9)).strftime("%Y-%m-%dT%H:%M:%SZ"))
    assert "closed" in client.get("/c/over/").get_data(as_text=True)
    r = client.get("/c/over/start")
    assert r.status_code == 403 and "closed" in r.get_data(as_text=True)
    assert "over" not in client.get("/").get_data(as_text=True).split("<main")[1]


def test_not_yet_open_consultation_says_so(client, make_consultation):
    soon = datetime.now(UTC) + timedelta(days=2)
    make_consultation("soon", opens_at=soon.strftime("%Y-%m-%dT%H:%M:%SZ"))
    r = client.get("/c/soon/start")
    assert r.status_code == 403 and "not open yet" in r.get_data(as_text=True)


def test_nul_byte_is_a_field_error(client, started):
    r = post_form(client, f"/c/{started}/q/5", {"answer": "bad\x00text", "action": "next"})
    assert r.status_code == 200 and "characters we cannot store" in r.get_data(as_text=True)


def test_over_long_text_is_a_field_error_and_keeps_the_text(client, started):
    r = post_form(client, f"/c/{started}/q/4", {"answer": "x" * 81, "action": "next"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "under 80 characters" in html and "x" * 81 in html


def test_unknown_choice_is_a_field_error(client, started):
    r = post_form(client, f"/c/{started}/q/3", {"answer": "maybe", "action": "next"})
    assert r.status_code == 200 and "Not a valid choice" in r.get_data(as_text=True)
    r = post_form(client, f"/c/{started}/q/2", {"answer": ["games", "evil"], "action": "next"})
    assert r.status_code == 200 and "not a valid choice" in r.get_data(as_text=True).lower()


def test_too_large_body_is_413_page(client, started):
    page = client.get(f"/c/{started}/q/5").get_data(as_text=True)
    r = client.post(f"/c/{started}/q/5", data={"csrf_token": csrf_token(page),
                                               "answer": "y" * 200_000})
    assert r.status_code == 413 and "too much text" in r.get_data(as_text=True)


def test_missing_csrf_token_keeps_what_was_typed(client, started):
    r = client.post(f"/c/{started}/q/5", data={"answer": "my long careful answer " * 3,
                                               "action": "next"})
    html = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "my long careful answer" in html and "Send again" in html
    # Sending the kept form again saves the answer.
    r = client.post(f"/c/{started}/q/5", data={"csrf_token": csrf_token(html),
                                               "answer": "my long careful answer",
                                               "action": "next"})
    assert r.status_code == 302
    assert "my long careful answer" in client.get(f"/c/{started}/q/5").get_data(as_text=True)


def test_question_number_out_of_range_is_404(client, started):
    assert client.get(f"/c/{started}/q/99").status_code == 404


def test_bad_band_is_a_field_error(client, consultation):
    r = post_form(client, f"/c/{consultation.slug}/start", {"band": "1-99"})
    assert r.status_code == 200 and "Not a valid choice" in r.get_data(as_text=True)


def test_journey_page_without_start_goes_back_to_start(client, consultation):
    r = client.get(f"/c/{consultation.slug}/q/1")
    assert r.status_code == 302 and r.location.endswith("/start")


def test_hostile_text_is_stored_exactly_and_shown_inert(client, started):
    hostile = '<script>alert(1)</script> =HYPERLINK("x") \'; DROP TABLE answers;--'
    post_form(client, f"/c/{started}/q/5", {"answer": hostile, "action": "next"})
    html = client.get(f"/c/{started}/q/5").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

"""Each worker keeps a snapshot of a consultation for the participant pages; any
change to the consultation is seen on the very next request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import yaml
from sqlalchemy import select

from consult.consultations.cache import ConsultationCache
from consult.consultations.definition import import_definition
from consult.consultations.models import Consultation
from consult.consultations.service import ConsultationNotFoundError
from tests.factories import definition, post_form


def first_question(client: Any, slug: str) -> str:
    post_form(client, f"/c/{slug}/start?lang=en", {"band": "16-17", "region": ""})
    post_form(client, f"/c/{slug}/assent", {"choice": "take-part"})
    return client.get(f"/c/{slug}/q/1").get_data(as_text=True)


def test_closing_a_consultation_is_seen_on_the_next_page(client, session, consultation):
    slug = consultation.slug
    assert client.get(f"/c/{slug}/start").status_code == 200
    consultation.status = "closed"
    session.commit()
    page = client.get(f"/c/{slug}/start")
    assert page.status_code == 403
    assert "closed" in page.get_data(as_text=True).lower()


def test_moving_the_closing_date_is_seen_on_the_next_page(client, session, consultation):
    slug = consultation.slug
    assert client.get(f"/c/{slug}/start").status_code == 200
    consultation.closes_at = datetime.now(UTC) - timedelta(minutes=1)
    session.commit()
    assert client.get(f"/c/{slug}/start").status_code == 403
    consultation.closes_at = datetime.now(UTC) + timedelta(days=3)
    session.commit()
    assert client.get(f"/c/{slug}/start").status_code == 200


def test_a_consultation_put_back_to_draft_disappears(client, session, consultation):
    assert client.get(f"/c/{consultation.slug}/").status_code == 200
    consultation.status = "draft"
    session.commit()
    assert client.get(f"/c/{consultation.slug}/").status_code == 404


def test_a_replaced_consultation_shows_its_new_wording(app, client, session, consultation):
    slug = consultation.slug
    assert "How do you feel online?" in first_question(client, slug)
    changed = definition(slug)
    changed["questions"][0]["prompt"] = {"default": {"en": "How are you today?"}}
    import_definition(session, yaml.safe_dump(changed), replace=True)
    session.commit()
    page = first_question(app.test_client(), slug)
    assert "How are you today?" in page
    assert "How do you feel online?" not in page


def test_every_change_renews_the_revision(session, consultation):
    seen = {consultation.revision}
    for status in ("closed", "open"):
        consultation.status = status
        session.commit()
        assert consultation.revision not in seen
        seen.add(consultation.revision)


def test_the_snapshot_is_reused_until_the_row_changes(session, consultation):
    cache = ConsultationCache()
    first = cache.get(session, consultation.slug)
    assert cache.get(session, consultation.slug) is first
    consultation.texts = {**consultation.texts, "title": {"en": "A new title"}}
    session.commit()
    fresh = cache.get(session, consultation.slug)
    assert fresh is not first
    assert fresh.text("title", "en") == "A new title"
    assert [q.key for q in fresh.questions] == ["feel", "apps", "report", "word", "idea"]


def test_the_snapshot_shares_nothing_with_the_rows(session, consultation):
    snap = ConsultationCache().get(session, consultation.slug)
    question = session.scalars(select(Consultation).where(
        Consultation.id == consultation.id)).one().questions[0]
    assert snap.questions[0].texts == question.texts
    assert snap.questions[0].texts is not question.texts
    assert snap.texts is not consultation.texts
    with pytest.raises(AttributeError):
        snap.status = "closed"  # type: ignore[misc]


def test_unknown_and_draft_consultations_are_not_found(session, make_consultation):
    cache = ConsultationCache()
    with pytest.raises(ConsultationNotFoundError):
        cache.get(session, "no-such-consultation")
    make_consultation("still-a-draft", status="draft")
    with pytest.raises(ConsultationNotFoundError):
        cache.get(session, "still-a-draft")


def test_the_journey_does_not_resend_the_session_cookie_on_every_page(client, consultation):
    """The cookie is set when something in it changes, not re-signed on each page
    (Flask-Login's session protection used to touch every participant session)."""
    slug = consultation.slug
    post_form(client, f"/c/{slug}/start?lang=en", {"band": "16-17", "region": ""})
    post_form(client, f"/c/{slug}/assent", {"choice": "take-part"})
    for path in (f"/c/{slug}/q/1", f"/c/{slug}/q/2", f"/c/{slug}/quote", f"/c/{slug}/review"):
        response = client.get(path)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers, path

"""Group codes admit participants under the independent-participation age."""

from __future__ import annotations

from sqlalchemy import select

from consult.groups.service import create_group, revoke_group
from consult.participate.models import Submission
from tests.factories import post_form, return_code, take_part


def test_age_screen_offers_every_band_with_no_cut_off_hint(client, consultation):
    html = client.get(f"/c/{consultation.slug}/start").get_data(as_text=True)
    for band in ("9–12", "13–15", "16–17", "18–24"):
        assert band in html
    assert "too young" not in html.lower() and "group code" not in html.lower()


def test_younger_band_needs_a_group_code(client, consultation):
    r = post_form(client, f"/c/{consultation.slug}/start", {"band": "9-12"})
    assert r.location.endswith("/group")
    assert client.get(f"/c/{consultation.slug}/assent").location.endswith("/group")
    r = post_form(client, f"/c/{consultation.slug}/group", {"code": "0000-0000-0000"})
    assert "could not find that group code" in r.get_data(as_text=True)


def test_valid_group_code_admits_and_is_recorded(client, consultation, session):
    group, code = create_group(session, consultation, "Test School", "Ms Head", "test-secret-key")
    session.commit()
    done = take_part(client, consultation.slug, band="9-12", group_code=code, answers={5: "ok"})
    assert return_code(done)
    assert session.scalars(select(Submission)).one().group_id == group.id


def test_revoked_group_code_is_refused(client, consultation, session):
    _group, code = create_group(session, consultation, "Club", "Mr Lead", "test-secret-key")
    revoke_group(session, "test-secret-key", code)
    session.commit()
    post_form(client, f"/c/{consultation.slug}/start", {"band": "9-12"})
    r = post_form(client, f"/c/{consultation.slug}/group", {"code": code})
    assert r.status_code == 200 and "could not find" in r.get_data(as_text=True)


def test_older_band_skips_the_group_code(client, consultation):
    r = post_form(client, f"/c/{consultation.slug}/start", {"band": "13-15"})
    assert r.location.endswith("/assent")

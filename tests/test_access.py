"""Deny by default: walk every route and check who may reach it."""

from __future__ import annotations

import pytest

from tests.factories import sign_in

# Endpoints anyone may reach: the participant side, help, sign-in, health, static.
PUBLIC = {"static", "healthz", "help.index", "auth.login", "auth.enrol", "auth.enrol_qr",
          "auth.logout"}
PUBLIC_PREFIXES = ("participate.", "results.", "live.")


def _staff_endpoints(app):
    out = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC or rule.endpoint.startswith(PUBLIC_PREFIXES):
            continue
        url = rule.rule
        for arg in rule.arguments:
            url = url.replace(f"<{arg}>", "1").replace(f"<int:{arg}>", "1")
        method = "GET" if "GET" in rule.methods else "POST"
        out.append((rule.endpoint, method, url))
    return out


def test_every_non_public_endpoint_refuses_an_anonymous_visitor(app, client):
    endpoints = _staff_endpoints(app)
    assert endpoints, "no staff endpoint found"
    for endpoint, method, url in endpoints:
        r = client.open(url, method=method)
        assert r.status_code in (302, 400, 401, 403), (endpoint, r.status_code)
        if r.status_code == 302:
            assert "/staff/login" in r.location, endpoint


def test_every_staff_blueprint_declares_its_roles(app):
    for name, bp in app.blueprints.items():
        if name in ("participate", "help", "auth", "results", "live"):
            continue
        assert getattr(bp, "allowed_roles", None), f"blueprint {name} has no role check"


@pytest.mark.parametrize("role", ["moderator", "safeguarding", "chair", "admin"])
def test_dashboard_is_open_to_every_staff_role(client, make_staff, role):
    sign_in(client, make_staff(role))
    assert client.get("/staff/").status_code == 200


@pytest.mark.parametrize(("role", "url", "allowed"), [
    ("chair", "/chair/live/1/", True), ("moderator", "/chair/live/1/", False),
    ("admin", "/chair/live/1/", False), ("moderator", "/moderate/live/", True),
    ("chair", "/moderate/live/", False), ("safeguarding", "/moderate/live/", False),
])
def test_live_controls_and_live_queue_follow_the_role_matrix(client, make_staff, role, url,
                                                            allowed):
    sign_in(client, make_staff(role))
    status = client.get(url).status_code
    assert (status != 403) == allowed, status


# Progress (chair, moderator) and what publishing would leave out (chair).
@pytest.mark.parametrize(("role", "url", "allowed"), [
    ("chair", "/staff/progress/1/", True), ("moderator", "/staff/progress/1/", True),
    ("safeguarding", "/staff/progress/1/", False), ("admin", "/staff/progress/1/", False),
])
def test_progress_pages_follow_the_role_matrix(client, consultation, make_staff, role, url,
                                               allowed):
    sign_in(client, make_staff(role))
    status = client.get(url).status_code
    assert status == (200 if allowed else 403), status

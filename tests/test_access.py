"""Deny by default: walk every route and check who may reach it."""

from __future__ import annotations

import pytest

from tests.factories import csrf_token, sign_in

# Endpoints anyone may reach: the participant side, help, sign-in, health, static.
PUBLIC = {"static", "healthz", "help.index", "auth.login", "auth.enrol", "auth.enrol_qr",
          "auth.logout", "auth.invitation"}
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


# Staff accounts (admin), safeguarding alerts and helplines (safeguarding, admin).
STAFFOPS_ROUTES = [
    ("GET", "/admin/staff", {"admin"}),
    ("GET", "/admin/staff/1/roles", {"admin"}),
    ("POST", "/admin/staff/1/roles", {"admin"}),
    ("POST", "/admin/staff/invite", {"admin"}),
    ("POST", "/admin/staff/invitations/1/revoke", {"admin"}),
    ("POST", "/admin/staff/1", {"admin"}),
    ("GET", "/staff/helplines/", {"safeguarding", "admin"}),
    ("GET", "/staff/helplines/new", {"safeguarding", "admin"}),
    ("POST", "/staff/helplines/new", {"safeguarding", "admin"}),
    ("GET", "/staff/helplines/1", {"safeguarding", "admin"}),
    ("POST", "/staff/helplines/1", {"safeguarding", "admin"}),
    ("POST", "/staff/helplines/1/verify", {"safeguarding", "admin"}),
    ("POST", "/staff/helplines/1/retire", {"safeguarding", "admin"}),
    ("POST", "/staff/helplines/1/restore", {"safeguarding", "admin"}),
]


@pytest.mark.parametrize("role", ["moderator", "safeguarding", "chair", "admin"])
def test_staff_accounts_alerts_and_helplines_follow_the_role_matrix(client, make_staff, role):
    sign_in(client, make_staff(role))
    token = csrf_token(client.get("/staff/").get_data(as_text=True))
    for method, url, allowed in STAFFOPS_ROUTES:
        data = {"csrf_token": token} if method == "POST" else None
        status = client.open(url, method=method, data=data).status_code
        assert (status != 403) == (role in allowed), (role, method, url, status)

"""Deny by default: walk every route and check who may reach it."""

from __future__ import annotations

import re

import pytest

from consult.auth.models import ROLES
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
        url = _address(rule.rule)
        method = "GET" if "GET" in rule.methods else "POST"
        out.append((rule.endpoint, method, url))
    return out


# A value each route argument accepts: an id, or one of an `any(...)` converter's words.
ARGUMENT = re.compile(r"<(?:any\(([a-z_]+)[^)]*\):)?(?:[a-z]+:)?[a-z_]+>")


def _address(rule: str) -> str:
    return ARGUMENT.sub(lambda m: m.group(1) or "1", rule)


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


@pytest.mark.parametrize("role", ROLES)
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


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", ["/chair/meetings/", "/chair/meetings/new"])
def test_meetings_are_for_chairs_and_admins_only(client, make_staff, role, url):
    sign_in(client, make_staff(role))
    status = client.get(url).status_code
    assert (status == 200) == (role in ("chair", "admin")), status
    assert status in (200, 403)


AUTHOR_PAGES = ["/author/", "/author/1/", "/author/1/questions/1", "/author/1/missing",
                "/author/1/preview", "/author/1/preview/frame"]
AUTHOR_POSTS = ["/author/new", "/author/1/", "/author/1/questions/add",
                "/author/1/questions/1/arrange", "/author/1/questions/1", "/author/1/open",
                "/author/1/lint"]


@pytest.mark.parametrize("role", ["moderator", "safeguarding", "chair", "admin", "editor"])
def test_the_authoring_workspace_is_for_chairs_and_editors_only(client, make_staff,
                                                                 consultation, role):
    """Every author route, GET and POST: 403 for every other role; a chair or an
    editor gets the page (an empty POST is refused: incomplete, or without the
    revision its page carries)."""
    sign_in(client, make_staff(role))
    token = csrf_token(client.get("/staff/").get_data(as_text=True))
    allowed = role in ("chair", "editor")
    for url in AUTHOR_PAGES:
        status = client.get(url).status_code
        assert (status == 200) if allowed else (status == 403), (url, status)
    for url in AUTHOR_POSTS:
        status = client.post(url, data={"csrf_token": token}).status_code
        assert (status in (302, 400, 409)) if allowed else (status == 403), (url, status)


def test_an_editor_reaches_only_the_workspace_and_their_own_account(client, make_staff):
    sign_in(client, make_staff("editor"))
    assert client.get("/staff/").status_code == 200
    for url in ("/moderate/", "/safeguarding/", "/chair/", "/admin/audit", "/themes/",
                "/chair/meetings/", "/staff/progress/1/", "/admin/staff", "/staff/helplines/"):
        assert client.get(url).status_code == 403, url


# Group codes and translations: the chair's (and an editor's, where that role exists).
CHAIR_ONLY = [("GET", "/chair/1/groups"), ("POST", "/chair/1/groups"),
              ("POST", "/chair/1/groups/1/revoke"), ("POST", "/chair/1/groups/1/sheet"),
              ("GET", "/chair/1/translation"), ("POST", "/chair/1/translation/export"),
              ("POST", "/chair/1/translation/import"), ("POST", "/chair/1/translation/apply")]


@pytest.mark.parametrize("role", ROLES)
def test_group_codes_and_translations_follow_the_role_matrix(client, make_staff, role):
    sign_in(client, make_staff(role))
    # A real token, so that a POST meets the role check rather than the CSRF check.
    token = csrf_token(client.get("/staff/").get_data(as_text=True))
    for method, url in CHAIR_ONLY:
        status = client.open(url, method=method, data={"csrf_token": token}).status_code
        # A chair gets past the role check (to a 404: there is no consultation 1),
        # and an editor to translation; everyone else is refused before anything else.
        allowed = role == "chair" or (role == "editor" and "/translation" in url)
        assert (status != 403) == allowed, (role, url, status)


# Progress (chair, moderator) and what publishing would leave out (chair).
@pytest.mark.parametrize(("role", "url", "allowed"), [
    ("chair", "/staff/progress/1/", True), ("moderator", "/staff/progress/1/", True),
    ("safeguarding", "/staff/progress/1/", False), ("admin", "/staff/progress/1/", False),
    ("editor", "/staff/progress/1/", False),
])
def test_progress_pages_follow_the_role_matrix(client, consultation, make_staff, role, url,
                                               allowed):
    sign_in(client, make_staff(role))
    status = client.get(url).status_code
    assert status == (200 if allowed else 403), status


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


@pytest.mark.parametrize("role", ROLES)
def test_staff_accounts_alerts_and_helplines_follow_the_role_matrix(client, make_staff, role):
    sign_in(client, make_staff(role))
    token = csrf_token(client.get("/staff/").get_data(as_text=True))
    for method, url, allowed in STAFFOPS_ROUTES:
        data = {"csrf_token": token} if method == "POST" else None
        status = client.open(url, method=method, data=data).status_code
        assert (status != 403) == (role in allowed), (role, method, url, status)


@pytest.mark.parametrize("role", ["moderator", "safeguarding", "chair", "admin", "editor"])
def test_reports_are_for_chairs_only(client, make_staff, role):
    """The reports page and its download (GET and POST): 403 for every other role."""
    sign_in(client, make_staff(role))
    token = csrf_token(client.get("/staff/").get_data(as_text=True))
    page = client.get("/chair/reports").status_code
    post = client.post("/chair/reports", data={"csrf_token": token, "kind": "annual",
                                               "year": 2026, "lang": "en",
                                               "format": "docx"}).status_code
    if role == "chair":
        assert page == 200 and post == 200
    else:
        assert page == 403 and post == 403

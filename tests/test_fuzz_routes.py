"""Fuzzing every participant and public route: whatever arrives in the path,
the query, the form or the headers, the answer is never a 5xx.

Bounded (a few hundred examples) so that it runs with the suite, on SQLite and
on PostgreSQL (CONSULT_TEST_DATABASE_URL), where a NUL byte once reached a
query. The routes are read from the app's URL map, so a new participant or
public page is fuzzed without touching this file."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consult import create_app
from consult.auth.models import ROLES
from tests.factories import PASSWORD, take_part, totp_now

# Blueprints whose every route anyone can reach, plus the staff sign-in page.
PUBLIC_BLUEPRINTS = {"participate", "help", "results"}
PUBLIC_ENDPOINTS = {"healthz", "static", "auth.login"}
STAFF_BLUEPRINTS = {"auth", "staff", "moderate", "safeguarding", "admin", "chair", "themes",
                    "author"}
# Field and query names the pages read, so the fuzz reaches past "missing".
NAMES = ["band", "region", "choice", "answer", "action", "consent", "code", "to_review",
         "email", "password", "lang", "after", "group", "csrf_token", "consultation",
         "question", "flag", "language", "status", "format", "reason", "ids", "text", "theme",
         "before", "object_id", "date_from", "note", "label", "revision", "kind", "prompt",
         "op", "option_count", "part", "step", "plang", "tl", "slug", "bands", "languages"]
ARG = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")

# No lone surrogates: they cannot be sent as UTF-8 at all.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
NASTY = st.sampled_from(["\x00", "%00", "a" * 5000, "../../etc/passwd", "1e309", "-1",
                         "٣", "𝟙𝟚", "\u202e", "<script>", "' OR 1=1 --", "{{7*7}}", "NaN"])
VALUE = st.one_of(TEXT, NASTY, st.integers(-2**70, 2**70).map(str))
HOSTS = st.one_of(st.none(), st.just("a" * 64 + ".example"), st.just("[::1"),
                  st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=70))


def _routes(app, wanted) -> list[tuple[str, str, list[str]]]:
    routes = []
    for rule in app.url_map.iter_rules():
        if wanted(rule.endpoint):
            for method in sorted(rule.methods - {"OPTIONS"}):
                routes.append((rule.rule, method, list(rule.arguments)))
    return routes


@pytest.fixture
def fuzz_app(database_url):
    # CSRF off, so that posted fields reach the views rather than stopping at
    # the token check (which the other suites cover); exceptions become 500s.
    app = create_app({"DATABASE_URL": database_url, "TESTING": True,
                      "PROPAGATE_EXCEPTIONS": False, "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False, "SECRET_KEY": "test-secret-key"})
    yield app
    app.extensions["consult.session"].remove()
    app.extensions["consult.engine"].dispose()


def _probe(routes, clients, known, max_examples: int) -> None:
    """Draw a route, fill its arguments, query, form and headers; assert no 5xx."""

    @settings(max_examples=max_examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def probe(data):
        rule, method, arguments = data.draw(st.sampled_from(routes))
        path = rule
        for name in arguments:
            raw = data.draw(st.one_of(known.get(name, st.nothing()), VALUE,
                                      st.binary(max_size=12)))
            path = re.sub(f"<(?:[^:<>]+:)?{name}>", quote(raw, safe=""), path)
        query = data.draw(st.lists(st.tuples(st.one_of(st.sampled_from(NAMES), TEXT), VALUE),
                                   max_size=4))
        url = path + ("?" + urlencode(query) if query else "")
        headers = {}
        host = data.draw(HOSTS)
        if host:
            headers["Host"] = host
        if data.draw(st.booleans()):
            headers["Accept-Language"] = data.draw(
                st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40))
        form = None
        if method == "POST":
            form = dict(data.draw(st.lists(
                st.tuples(st.one_of(st.sampled_from(NAMES), TEXT), VALUE), max_size=6)))
        client = data.draw(st.sampled_from(clients))
        response = client.open(url, method=method, data=form, headers=headers)
        assert response.status_code < 500, \
            f"{method} {url} {headers} {form!r} -> {response.status_code}"

    probe()


def test_no_public_route_answers_5xx_to_any_input(fuzz_app, client, consultation):
    routes = _routes(fuzz_app, lambda endpoint: endpoint in PUBLIC_ENDPOINTS
                     or endpoint.split(".")[0] in PUBLIC_BLUEPRINTS)
    patterns = {ARG.sub(r"<\1>", r[0]) for r in routes}
    # The walk found the pages it is meant to cover.
    assert {"/c/<slug>/q/<n>", "/return", "/results/<slug>.json", "/staff/login"} <= patterns
    fresh = fuzz_app.test_client()
    started = fuzz_app.test_client()
    started.post(f"/c/{consultation.slug}/start", data={"band": "16-17"})
    started.post(f"/c/{consultation.slug}/assent", data={"choice": "take-part"})
    # One client on the app as served (CSRF on), after a whole journey.
    take_part(client, consultation.slug)
    known = {"slug": st.just(consultation.slug), "n": st.sampled_from(["1", "3", "5", "6"]),
             "filename": st.sampled_from(["css/site.css", "js/moderate.js"])}
    _probe(routes, [fresh, started, client], known, max_examples=300)


def test_no_staff_route_answers_5xx_to_a_signed_in_user(fuzz_app, client, consultation,
                                                        make_staff):
    """The same for staff pages, signed in with every role (on PostgreSQL an id
    beyond the integer range once reached a query)."""
    routes = _routes(fuzz_app, lambda endpoint: endpoint.split(".")[0] in STAFF_BLUEPRINTS
                     and endpoint != "auth.logout")
    assert len(routes) > 30
    take_part(client, consultation.slug, answers={5: "Call me on +44 7700 900123"})
    user = make_staff(*ROLES)
    staff = fuzz_app.test_client()
    r = staff.post("/staff/login", data={"email": user.email, "password": PASSWORD,
                                         "code": totp_now(user)})
    assert r.status_code == 302
    ids = st.sampled_from(["1", "2", str(consultation.id)])
    known = {name: ids for name in ("consultation_id", "submission_id", "case_id", "answer_id",
                                    "theme_id", "n")}
    known["part"] = st.sampled_from(["questions", "live_questions"])
    _probe(routes, [staff], known, max_examples=200)

"""Chairs issue group codes in the browser: a code with a label, the
organisation that attested consent, a language, an expiry and a limit on
uses; listed with its state and use counts; revoked; and printed on an
invitation sheet made only from the code shown once."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta

import requests
from sqlalchemy import select

from consult.audit.models import AuditEvent
from consult.groups.models import Group
from consult.groups.service import create_group
from tests.factories import csrf_token, post_form, sign_in
from tests.served import serve

GROUP_CODE_RE = re.compile(r'id="group-code">([0-9-]+)<')


def _create(client, c, **fields):  # type: ignore[no-untyped-def]
    data = {"label": "Ecole Jules Verne", "attested_by": "Association des parents",
            "language": "fr", "expires_on": "", "max_uses": ""}
    data.update(fields)
    return post_form(client, f"/chair/{c.id}/groups", data)


def test_a_chair_creates_a_code_sees_it_once_and_downloads_its_sheet(
        client, session, consultation, make_staff):
    sign_in(client, make_staff("chair"))
    r = _create(client, consultation, expires_on="2099-06-30", max_uses="30")
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    html = r.get_data(as_text=True)
    code = GROUP_CODE_RE.search(html).group(1)
    group = session.scalars(select(Group)).one()
    # Stored hashed, never in clear (docs/privacy.md#rule-3).
    assert code.replace("-", "") not in group.code_hash and len(group.code_hash) == 64
    assert (group.language, group.max_uses, group.uses) == ("fr", 30, 0)
    assert group.expires_at.replace(tzinfo=UTC) == datetime(2099, 7, 1, tzinfo=UTC)
    # The list never shows the code again.
    listing = client.get(f"/chair/{consultation.id}/groups").get_data(as_text=True)
    assert "Ecole Jules Verne" in listing and code not in listing and "Active" in listing

    sheet = client.post(f"/chair/{consultation.id}/groups/{group.id}/sheet",
                        data={"csrf_token": csrf_token(html), "code": code})
    assert sheet.status_code == 200
    assert sheet.headers["Content-Disposition"].startswith("attachment;")
    assert sheet.headers["Cache-Control"] == "no-store"
    text = sheet.get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in text and code in text
    assert "Rester en sécurité en ligne" in text            # the title, in French
    assert "Which apps do you play with?" in text           # the youngest band's words
    assert f"http://localhost/c/{consultation.slug}/?lang=fr" in text
    assert "data:image/svg+xml;base64," in text and "@media print" in text
    assert "Association des parents" in text               # the consent template
    actions = session.scalars(select(AuditEvent.action)).all()
    assert "group.create" in actions and "group.sheet" in actions


def test_the_sheet_is_refused_without_the_groups_own_code(client, session, consultation,
                                                          make_staff):
    _group, _code = create_group(session, consultation, "A", "B", "test-secret-key")
    other, other_code = create_group(session, consultation, "C", "D", "test-secret-key")
    session.commit()
    sign_in(client, make_staff("chair"))
    page = client.get(f"/chair/{consultation.id}/groups").get_data(as_text=True)
    r = client.post(f"/chair/{consultation.id}/groups/{_group.id}/sheet",
                    data={"csrf_token": csrf_token(page), "code": other_code})
    assert r.status_code == 400


def test_revoking_a_code_is_audited_and_ends_admissions(client, session, consultation,
                                                        make_staff):
    group, code = create_group(session, consultation, "Club", "Club", "test-secret-key")
    session.commit()
    sign_in(client, make_staff("chair"))
    r = post_form(client, f"/chair/{consultation.id}/groups/{group.id}/revoke", {},
                  page=f"/chair/{consultation.id}/groups")
    assert r.status_code == 302
    assert "Revoked" in client.get(r.location).get_data(as_text=True)
    session.expire_all()
    assert session.get(Group, group.id).revoked_at is not None
    assert "group.revoke" in session.scalars(select(AuditEvent.action)).all()
    child = client.application.test_client()
    post_form(child, f"/c/{consultation.slug}/start", {"band": "9-12"})
    r = post_form(child, f"/c/{consultation.slug}/group", {"code": code})
    assert "could not find" in r.get_data(as_text=True)


def test_an_expired_code_admits_nobody_and_says_so(client, session, consultation):
    group, code = create_group(session, consultation, "Old", "Old", "test-secret-key",
                               expires_at=datetime.now(UTC) - timedelta(minutes=1))
    session.commit()
    post_form(client, f"/c/{consultation.slug}/start", {"band": "9-12"})
    r = post_form(client, f"/c/{consultation.slug}/group", {"code": code})
    assert r.status_code == 200 and "has expired" in r.get_data(as_text=True)
    session.refresh(group)
    assert group.uses == 0


def test_the_limit_on_uses_counts_each_journey_once(app, session, consultation):
    group, code = create_group(session, consultation, "Pair", "Pair", "test-secret-key",
                               max_uses=2)
    session.commit()
    first = app.test_client()
    post_form(first, f"/c/{consultation.slug}/start", {"band": "9-12"})
    for _ in range(2):  # the same child typing the code again is not a second use
        r = post_form(first, f"/c/{consultation.slug}/group", {"code": code})
        assert r.status_code == 302
    second = app.test_client()
    post_form(second, f"/c/{consultation.slug}/start", {"band": "9-12"})
    assert post_form(second, f"/c/{consultation.slug}/group", {"code": code}).status_code == 302
    third = app.test_client()
    post_form(third, f"/c/{consultation.slug}/start", {"band": "9-12"})
    r = post_form(third, f"/c/{consultation.slug}/group", {"code": code})
    assert "used as many times" in r.get_data(as_text=True)
    session.refresh(group)
    assert group.uses == 2


def test_use_counts_below_k_are_shown_as_fewer_than_k(client, session, consultation,
                                                      make_staff):
    for label, uses in (("Small", 3), ("None", 0), ("Big", 12)):
        group, _code = create_group(session, consultation, label, label, "test-secret-key")
        group.uses = uses
    session.commit()
    sign_in(client, make_staff("chair"))
    html = client.get(f"/chair/{consultation.id}/groups").get_data(as_text=True)
    rows = {label: re.search(rf"<td>{label}</td>.*?</tr>", html, re.S).group(0)
            for label in ("Small", "None", "Big")}
    assert "fewer than 10" in rows["Small"] and ">3<" not in rows["Small"]
    assert "<td>0</td>" in rows["None"] and "<td>12</td>" in rows["Big"]


def test_a_bad_form_keeps_what_was_typed(client, consultation, make_staff):
    sign_in(client, make_staff("chair"))
    r = _create(client, consultation, attested_by="", max_uses="0")
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and 'value="Ecole Jules Verne"' in html
    assert "error-summary" in html


def test_two_children_cannot_both_take_the_last_use(app, session, consultation):
    """Real concurrent requests on a served app (threads, one database session each)."""
    limit, children = 3, 10
    _group, code = create_group(session, consultation, "Few", "Few", "test-secret-key",
                                max_uses=limit)
    session.commit()
    slug = consultation.slug
    with serve(app) as base:
        ready = []
        for _ in range(children):
            http = requests.Session()
            page = http.get(f"{base}/c/{slug}/start").text
            http.post(f"{base}/c/{slug}/start", data={"csrf_token": csrf_token(page),
                                                     "band": "9-12", "country": ""})
            ready.append((http, csrf_token(http.get(f"{base}/c/{slug}/group").text)))
        barrier = threading.Barrier(children)
        statuses: list[int] = [0] * children

        def child(i: int) -> None:
            http, token = ready[i]
            barrier.wait()
            statuses[i] = http.post(f"{base}/c/{slug}/group", allow_redirects=False,
                                    data={"csrf_token": token, "code": code},
                                    timeout=60).status_code

        threads = [threading.Thread(target=child, args=(i,)) for i in range(children)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert statuses.count(302) == limit, statuses
    assert statuses.count(200) == children - limit, statuses
    session.expire_all()
    assert session.scalars(select(Group.uses)).one() == limit

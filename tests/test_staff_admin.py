"""Admins manage staff accounts: the list, invitations by a one-time link, roles,
and never a change that leaves the service without an admin (docs/privacy.md#rule-9)."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pyotp
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.audit.models import AuditEvent
from consult.auth import invitations
from consult.auth import service as accounts
from consult.auth.models import StaffInvitation, StaffUser
from tests.factories import PASSWORD, csrf_token, post_form, sign_in

LINK_RE = re.compile(r'id="invitation-link">([^<]+)<')
NEW_PASSWORD = "a brand new passphrase for me"


def _actions(session: Session, action: str) -> list[AuditEvent]:
    session.expire_all()
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _invite(client: Any, email: str = "new@example.org", roles: tuple[str, ...] = ("moderator",)
            ) -> str:
    r = post_form(client, "/admin/staff/invite", {"email": email, "roles": list(roles)},
                  page="/admin/staff")
    assert r.status_code == 200, r.get_data(as_text=True)
    match = LINK_RE.search(r.get_data(as_text=True))
    assert match
    return match.group(1).replace("&amp;", "&")


def _token(link: str) -> str:
    return link.split("token=", 1)[1]


def test_the_list_shows_roles_second_factor_last_sign_in_day_and_waiting(app, client,
                                                                          make_staff, session):
    admin = make_staff("admin", email="admin@example.org")
    mod = make_staff("moderator", "chair", email="mod@example.org", enrolled=False)
    sign_in(client, admin)
    throttle = app.extensions["consult.sign_in_throttle"]
    for _ in range(app.config["LOCKOUT_ATTEMPTS"]):
        throttle.failed(mod.email, "192.0.2.1", False)
    page = client.get("/admin/staff").get_data(as_text=True)
    row = page[page.index("mod@example.org"):].split("</tr>")[0]
    assert "Moderator, Chair" in row and "not set up yet" in row and "never" in row
    assert "waiting after failed sign-ins" in row
    session.refresh(admin)
    assert admin.last_sign_in_on == datetime.now(UTC).date()
    admin_row = page[page.index("<th scope=\"row\">admin@example.org"):].split("</tr>")[0]
    assert admin.last_sign_in_on.isoformat() in admin_row  # a day, never a time
    assert "waiting" not in admin_row
    # The admin lets the moderator try again at once.
    r = client.post(f"/admin/staff/{mod.id}",
                    data={"csrf_token": csrf_token(page), "action": "unlock"})
    assert r.status_code == 302
    assert not throttle.held_back(mod.email)
    assert _actions(session, "account_unlocked")


def test_an_invitee_sets_their_own_password_and_second_factor(app, client, make_staff,
                                                               session):
    admin = make_staff("admin", email="admin@example.org")
    sign_in(client, admin)
    link = _invite(client, "New.Person@example.org", ("moderator", "safeguarding"))
    token = _token(link)
    stored = session.scalar(select(StaffInvitation))
    assert stored.token_hash == invitations.token_hash(token) and token not in stored.token_hash
    # The link is shown once: the staff page does not show it again.
    assert token not in client.get("/admin/staff").get_data(as_text=True)

    invitee = app.test_client()
    page = invitee.get(f"/staff/invite?token={token}")
    assert page.status_code == 200 and "new.person@example.org" in page.get_data(as_text=True)
    r = invitee.post("/staff/invite", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                            "token": token, "new": "short",
                                            "confirm": "short"})
    assert r.status_code == 400  # a weak password does not spend the link
    r = invitee.post("/staff/invite", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                            "token": token, "new": NEW_PASSWORD,
                                            "confirm": NEW_PASSWORD})
    assert r.status_code == 302 and r.location.endswith("/staff/enrol")
    user = session.scalar(select(StaffUser).where(StaffUser.email == "new.person@example.org"))
    assert user.roles == ["moderator", "safeguarding"] and not user.totp_confirmed
    enrol = invitee.get("/staff/enrol").get_data(as_text=True)
    r = invitee.post("/staff/enrol", data={"csrf_token": csrf_token(enrol),
                                           "code": pyotp.TOTP(user.totp_secret).now()})
    assert r.status_code == 302 and r.location.endswith("/staff/")
    assert invitee.get("/moderate/").status_code == 200
    # The link works once.
    assert app.test_client().get(f"/staff/invite?token={token}").status_code == 410
    assert _actions(session, "staff_invited")[0].detail["roles"] == ["moderator",
                                                                      "safeguarding"]
    assert _actions(session, "staff_invitation_accepted")[0].actor_id == user.id


def test_an_expired_or_revoked_link_does_not_work(app, client, make_staff, session):
    admin = make_staff("admin", email="admin@example.org")
    made = invitations.invite(session, "late@example.org", ["chair"], actor_id=admin.id,
                              now=datetime.now(UTC) - timedelta(days=8))
    session.commit()
    assert client.get(f"/staff/invite?token={made.token}").status_code == 410
    with pytest.raises(invitations.InvitationUnusableError):
        invitations.accept(session, made.token, NEW_PASSWORD, datetime.now(UTC))
    session.rollback()

    sign_in(client, admin)
    token = _token(_invite(client, "revoked@example.org"))
    invitation = session.scalar(select(StaffInvitation).where(
        StaffInvitation.email == "revoked@example.org"))
    page = client.get("/admin/staff").get_data(as_text=True)
    r = client.post(f"/admin/staff/invitations/{invitation.id}/revoke",
                    data={"csrf_token": csrf_token(page)})
    assert r.status_code == 302
    assert app.test_client().get(f"/staff/invite?token={token}").status_code == 410
    assert app.test_client().get("/staff/invite?token=nonsense").status_code == 410
    assert _actions(session, "staff_invitation_revoked")


def test_an_invitation_for_an_existing_account_is_refused(client, make_staff):
    admin = make_staff("admin", email="admin@example.org")
    sign_in(client, admin)
    r = post_form(client, "/admin/staff/invite", {"email": "ADMIN@example.org",
                                                  "roles": ["chair"]}, page="/admin/staff")
    assert r.status_code == 400 and "already an account" in r.get_data(as_text=True)
    r = post_form(client, "/admin/staff/invite", {"email": "x@example.org"},
                  page="/admin/staff")
    assert r.status_code == 400 and "Choose at least one role" in r.get_data(as_text=True)


def test_a_link_used_twice_at_once_makes_one_account(app, make_staff, session):
    admin = make_staff("admin", email="admin@example.org")
    made = invitations.invite(session, "twice@example.org", ["moderator"], actor_id=admin.id,
                              now=datetime.now(UTC))
    session.commit()
    clients = [app.test_client() for _ in range(4)]
    pages = [c.get(f"/staff/invite?token={made.token}").get_data(as_text=True) for c in clients]
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def use(c: Any, page: str) -> None:
        barrier.wait()
        r = c.post("/staff/invite", data={"csrf_token": csrf_token(page), "token": made.token,
                                          "new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
        statuses.append(r.status_code)

    threads = [threading.Thread(target=use, args=pair) for pair in zip(clients, pages,
                                                                         strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [302, 410, 410, 410]
    session.expire_all()
    assert len(session.scalars(select(StaffUser).where(
        StaffUser.email == "twice@example.org")).all()) == 1


def test_an_admin_changes_roles_and_it_is_audited(client, make_staff, session):
    admin = make_staff("admin", email="admin@example.org")
    mod = make_staff("moderator", email="mod@example.org")
    sign_in(client, admin)
    r = post_form(client, f"/admin/staff/{mod.id}/roles", {"roles": ["chair", "moderator"]},
                  page=f"/admin/staff/{mod.id}/roles")
    assert r.status_code == 302
    session.refresh(mod)
    assert mod.roles == ["moderator", "chair"]
    event = _actions(session, "staff_roles_changed")[0]
    assert event.detail == {"from": ["moderator"], "to": ["moderator", "chair"]}
    assert event.actor_id == admin.id
    r = post_form(client, f"/admin/staff/{mod.id}/roles", {}, page=f"/admin/staff/{mod.id}/roles")
    assert r.status_code == 400


def test_the_last_admin_cannot_demote_themselves(client, make_staff, session):
    admin = make_staff("admin", email="admin@example.org")
    make_staff("admin", email="unenrolled@example.org", enrolled=False)  # cannot sign in yet
    make_staff("admin", email="gone@example.org").active = False
    session.commit()
    sign_in(client, admin)
    r = post_form(client, f"/admin/staff/{admin.id}/roles", {"roles": ["chair"]},
                  page=f"/admin/staff/{admin.id}/roles")
    assert r.status_code == 409 and "no active admin" in r.get_data(as_text=True)
    session.refresh(admin)
    assert admin.roles == ["admin"]
    assert not _actions(session, "staff_roles_changed")
    # With a second admin who can sign in, demoting oneself is allowed.
    make_staff("admin", email="second@example.org")
    r = post_form(client, f"/admin/staff/{admin.id}/roles", {"roles": ["chair"]},
                  page=f"/admin/staff/{admin.id}/roles")
    assert r.status_code == 302 and r.location.endswith("/staff/")
    assert client.get("/admin/staff").status_code == 403


def test_no_deactivation_or_reset_leaves_no_admin(session, make_staff):
    a = make_staff("admin", email="a@example.org")
    b = make_staff("admin", email="b@example.org")
    accounts.set_active(session, b, False, a.id)
    session.commit()
    # a is the last one now: nobody (a cron job, another session) may remove them.
    for change in (lambda: accounts.set_active(session, a, False, b.id),
                   lambda: accounts.reset_second_factor(session, a, b.id),
                   lambda: accounts.set_roles(session, a, ["chair"], b.id)):
        with pytest.raises(accounts.LastAdminError):
            change()
        session.rollback()
    session.refresh(a)
    assert a.active and a.totp_confirmed and a.roles == ["admin"]


@pytest.mark.parametrize("how", ["demote", "deactivate"])
def test_two_admins_removing_each_other_at_once_leave_one(app, make_staff, session, how):
    a = make_staff("admin", email="a@example.org")
    b = make_staff("admin", email="b@example.org")
    engine = app.extensions["consult.engine"]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def remove(actor_id: int, target_id: int) -> None:
        with Session(bind=engine, expire_on_commit=False) as s:
            target = s.get(StaffUser, target_id)
            barrier.wait()
            try:
                if how == "demote":
                    accounts.set_roles(s, target, ["chair"], actor_id)
                else:
                    accounts.set_active(s, target, False, actor_id)
                s.commit()
                outcomes.append("done")
            except accounts.LastAdminError:
                s.rollback()
                outcomes.append("refused")

    threads = [threading.Thread(target=remove, args=(a.id, b.id)),
               threading.Thread(target=remove, args=(b.id, a.id))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["done", "refused"]
    session.expire_all()
    left = [u for u in session.scalars(select(StaffUser))
            if u.active and "admin" in u.roles]
    assert len(left) == 1


def test_only_admins_reach_the_staff_pages(client, make_staff):
    sign_in(client, make_staff("chair"))
    assert client.get("/admin/staff").status_code == 403
    assert client.get("/admin/staff/1/roles").status_code == 403
    page = client.get("/staff/").get_data(as_text=True)
    r = client.post("/admin/staff/invite", data={"csrf_token": csrf_token(page),
                                                 "email": "x@example.org",
                                                 "roles": ["admin"]})
    assert r.status_code == 403
    assert PASSWORD  # the factories' password signs everyone in


def test_the_command_line_prints_a_one_time_link(app, session):
    app.config["BASE_URL"] = "https://consult.example.org"
    result = app.test_cli_runner().invoke(args=["users", "invite", "--email", "cli@example.org",
                                                "--role", "chair"])
    assert result.exit_code == 0, result.output
    link = re.search(r"https://consult\.example\.org/staff/invite\?token=(\S+)", result.output)
    assert link
    invitations.find_usable(session, link.group(1), datetime.now(UTC))
    assert _actions(session, "staff_invited")[0].actor_label == "cli"

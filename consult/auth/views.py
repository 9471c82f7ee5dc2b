"""/staff/login, enrolment of the second factor, sign out, idle expiry."""

from __future__ import annotations

import io
import time

import qrcode
import qrcode.image.svg
from flask import (Flask, Response, abort, current_app, flash, redirect,
                   render_template, session, url_for)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response as BaseResponse

from consult.auth import service
from consult.auth.forms import EnrolForm, LoginForm
from consult.consultations.service import now_utc
from consult.auth import bp
from consult.auth.models import StaffUser
from consult.extensions import db, limiter, login_manager

ENROL_SECONDS = 600


@login_manager.user_loader
def _load_user(user_id: str) -> StaffUser | None:
    return service.load_user(db(), user_id)


@bp.record_once
def _setup(state: object) -> None:
    app: Flask = state.app  # type: ignore[attr-defined]
    app.before_request(_expire_idle)


def _expire_idle() -> None:
    """Staff sessions end after a spell of inactivity (rule 9)."""
    # Participants never sign in: asking Flask-Login about them would mark their
    # session changed ("strong" protection) and re-send the cookie on every page.
    if "_user_id" not in session or not current_user.is_authenticated:
        return
    idle = current_app.config["STAFF_IDLE"].total_seconds()
    now = int(time.time())
    if now - int(session.get("seen_at", 0)) > idle:
        logout_user()
        session.clear()
        flash(_("You were signed out after a time without activity. Please sign in again."))
        abort(redirect(url_for("auth.login")))
    session["seen_at"] = now


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("30/minute", methods=["POST"])
def login() -> str | BaseResponse | tuple[str, int]:
    form = LoginForm()
    if form.validate_on_submit():
        result = service.check_sign_in(
            db(), form.email.data, form.password.data, form.code.data or "", now_utc(),
            attempts=current_app.config["LOCKOUT_ATTEMPTS"],
            minutes=current_app.config["LOCKOUT_MINUTES"])
        db().commit()
        if result.status == "ok" and result.user:
            return _signed_in(result.user)
        if result.status == "enrol" and result.user:
            session["enrol"] = {"user": result.user.id, "until": int(time.time()) + ENROL_SECONDS}
            return redirect(url_for(".enrol"))
        form.code.errors.append({
            "code": _("Enter the 6-digit code from your authenticator app."),
            "locked": _("This account is locked after too many failed attempts. "
                        "Try again later or ask an admin."),
        }.get(result.status, _("That email, password or code is not right.")))
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


def _pending_user() -> service.StaffUser:
    pending = session.get("enrol") or {}
    user = service.load_user(db(), str(pending.get("user", "")))
    if user is None or int(pending.get("until", 0)) < time.time() or user.totp_confirmed:
        session.pop("enrol", None)
        abort(redirect(url_for(".login")))
    return user


@bp.route("/enrol", methods=["GET", "POST"])
@limiter.limit("30/minute", methods=["POST"])
def enrol() -> str | BaseResponse | tuple[str, int]:
    user = _pending_user()
    form = EnrolForm()
    if form.validate_on_submit():
        ok = service.confirm_enrolment(db(), user, form.code.data, now_utc())
        db().commit()
        if ok:
            session.pop("enrol", None)
            return _signed_in(user)
        form.code.errors.append(_("That code is not right. Check your app's clock and try "
                                  "the newest code."))
    return render_template("auth/enrol.html", form=form, secret=user.totp_secret,
                           uri=service.provisioning_uri(user))


@bp.get("/enrol/qr.svg")
def enrol_qr() -> Response:
    user = _pending_user()
    image = qrcode.make(service.provisioning_uri(user),
                        image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    out = io.BytesIO()
    image.save(out)
    return Response(out.getvalue(), mimetype="image/svg+xml",
                    headers={"Cache-Control": "no-store"})


@bp.post("/logout")
def logout() -> BaseResponse:
    logout_user()
    session.clear()
    return redirect(url_for(".login"))


def _signed_in(user: service.StaffUser) -> BaseResponse:
    session.clear()  # a fresh session at every sign-in
    login_user(user)
    session["seen_at"] = int(time.time())
    return redirect(url_for("staff.dashboard"))

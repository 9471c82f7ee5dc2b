"""/staff/login, enrolment of the second factor, sign out, idle expiry, and the
signed-in user's own password change."""

from __future__ import annotations

import io
import time

import qrcode
import qrcode.image.svg
from flask import (
    Flask,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response as BaseResponse

from consult.auth import account_bp, bp, invitations, service
from consult.auth.forms import AcceptInvitationForm, EnrolForm, LoginForm, PasswordForm
from consult.auth.models import ROLES, StaffUser
from consult.auth.throttle import SignInThrottle
from consult.consultations.service import now_utc
from consult.extensions import db, limiter, login_manager
from consult.i18n import LANGUAGES, STAFF_LANG
from consult.staff.access import require_roles

require_roles(account_bp, ROLES)
ENROL_SECONDS = 600
# Marks a browser that signed in to an account before: the account's throttle
# for browsers it has never seen does not hold it back (see consult.auth.throttle).
DEVICE_COOKIE = "consult_staff_device"
DEVICE_DAYS = 180


@login_manager.user_loader
def _load_user(token: str) -> StaffUser | None:
    # "<id>.<session version>": refused once the account's version has moved on.
    return service.load_user(db(), token)


@bp.record_once
def _setup(state: object) -> None:
    app: Flask = state.app  # type: ignore[attr-defined]
    app.before_request(_expire_idle)
    app.extensions["consult.sign_in_throttle"] = SignInThrottle.from_storage_uri(
        app.config.get("RATELIMIT_STORAGE_URI", "memory://"), app.config["SECRET_KEY"],
        app.config["LOCKOUT_ATTEMPTS"], app.config["LOCKOUT_MINUTES"])


def sign_in_throttle() -> SignInThrottle:
    """The staff sign-in throttle, on the rate-limit store (one per app)."""
    throttle: SignInThrottle = current_app.extensions["consult.sign_in_throttle"]
    return throttle


def _expire_idle() -> None:
    """Staff sessions end after a spell of inactivity (docs/privacy.md#rule-9)."""
    # Participants never sign in: asking Flask-Login about them would mark their
    # session changed ("strong" protection) and re-send the cookie on every page.
    if "_user_id" not in session:
        return
    if not current_user.is_authenticated:
        # Its session version has moved on (signed out elsewhere, deactivated,
        # new password or second factor): drop the stale session altogether.
        session.clear()
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
        attempt = service.Attempt(form.email.data, form.password.data, form.code.data or "",
                                  request.remote_addr or "",
                                  request.cookies.get(DEVICE_COOKIE, ""))
        result = service.sign_in(db(), sign_in_throttle(), attempt, now_utc(),
                                 current_app.config["SECRET_KEY"])
        db().commit()
        if result.status == "ok" and result.user:
            return _signed_in(result.user)
        if result.status == "enrol" and result.user:
            session["enrol"] = {"user": result.user.id, "until": int(time.time()) + ENROL_SECONDS}
            return redirect(url_for(".enrol"))
        if result.status == "throttled":
            form.code.errors.append(_(
                "Too many failed sign-ins. Wait %(minutes)d minutes and try again, or ask "
                "an admin to let you try at once.",
                minutes=current_app.config["LOCKOUT_MINUTES"]))
            return render_template("auth/login.html", form=form), 429
        form.code.errors.append(_("That email, password or code is not right."))
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.route("/invite", methods=["GET", "POST"])
@limiter.limit("30/minute", methods=["POST"])
def invitation() -> str | BaseResponse | tuple[str, int]:
    """A new staff member's one-time link: they choose their password here, then
    set up their second factor on the enrolment page (consult.auth.invitations)."""
    form = AcceptInvitationForm(formdata=None, token=request.args.get("token", ""))
    if request.method == "POST":
        form = AcceptInvitationForm()
    try:
        invited = invitations.find_usable(db(), form.token.data or "", now_utc())
    except invitations.InvitationUnusableError:
        return render_template("auth/invitation.html", form=None), 410
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("auth/invitation.html", form=form, email=invited.email), status
    try:
        user = invitations.accept(db(), form.token.data, form.new.data, now_utc())
    except service.CommonPasswordError:
        form.new.errors.append(_("That password is too common. Choose one that is "
                                 "harder to guess, such as four unrelated words."))
    except service.WeakPasswordError:
        form.new.errors.append(_("Use at least %(n)d characters.", n=service.MIN_PASSWORD))
    except (invitations.InvitationUnusableError, service.UserExistsError):
        db().rollback()  # used a moment ago, in another tab or by someone else
        return render_template("auth/invitation.html", form=None), 410
    else:
        db().commit()
        session.clear()
        session["enrol"] = {"user": user.id, "until": int(time.time()) + ENROL_SECONDS}
        return redirect(url_for(".enrol"))
    return render_template("auth/invitation.html", form=form, email=invited.email), 400


def _pending_user() -> service.StaffUser:
    pending = session.get("enrol") or {}
    user = db().get(service.StaffUser, int(pending.get("user", 0) or 0))
    if (user is None or not user.active or int(pending.get("until", 0)) < time.time()
            or user.totp_confirmed):
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
    if current_user.is_authenticated:
        # docs/privacy.md#rule-9: the session ends on the server too, so a copy of this cookie
        # made before now no longer signs anyone in.
        service.sign_out(db(), current_user._get_current_object())
        db().commit()
    logout_user()
    session.clear()
    return redirect(url_for(".login"))


def _signed_in(user: service.StaffUser) -> BaseResponse:
    staff_lang = session.get(STAFF_LANG)
    session.clear()  # a fresh session at every sign-in
    if staff_lang in LANGUAGES:  # only the language chosen on the sign-in page carries over
        session[STAFF_LANG] = staff_lang
    login_user(user)  # the session keeps "<id>.<session version>"
    session["seen_at"] = int(time.time())
    response = redirect(url_for("staff.dashboard"))
    token = service.device_token(user, current_app.config["SECRET_KEY"])
    response.set_cookie(DEVICE_COOKIE, token, max_age=DEVICE_DAYS * 86400, path="/staff",
                        httponly=True,
                        samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


@account_bp.route("/password", methods=["GET", "POST"])
@limiter.limit("10/minute", methods=["POST"])
def password() -> str | BaseResponse | tuple[str, int]:
    form = PasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            service.change_password(db(), user, form.current.data, form.new.data)
        except service.WrongPasswordError:
            db().commit()  # the failed try stays on the record
            form.current.errors.append(_("That is not your current password."))
        except service.CommonPasswordError:
            form.new.errors.append(_("That password is too common. Choose one that is "
                                     "harder to guess, such as four unrelated words."))
        except service.WeakPasswordError:
            form.new.errors.append(_("Use at least %(n)d characters.", n=service.MIN_PASSWORD))
        else:
            db().commit()
            # Every other session has ended; this one goes on under the new version.
            login_user(user)
            flash(_("Your password was changed. You were signed out everywhere else."))
            return redirect(url_for("staff.dashboard"))
        return render_template("auth/password.html", form=form), 400
    status = 400 if form.is_submitted() else 200
    return render_template("auth/password.html", form=form), status

"""Chairs and admins: the working group's meetings. Every change is audited."""

from __future__ import annotations

from collections.abc import Callable

from babel.dates import format_date, format_interval
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from consult.extensions import db
from consult.meetings import bp
from consult.meetings.forms import MeetingForm
from consult.meetings.models import Meeting
from consult.meetings.service import (
    MeetingDetails,
    MeetingError,
    MeetingKeyTakenError,
    consultations_of,
    create_meeting,
    list_meetings,
    update_meeting,
)
from consult.staff.access import require_roles

require_roles(bp, ["chair", "admin"])


@bp.app_template_global()
def meeting_when(meeting: Meeting) -> str:
    """Its days as the page's language writes them ("20–21 April 2027")."""
    if meeting.starts_on is None:
        return _("dates to be fixed")
    locale = str(get_locale() or "en")
    if meeting.ends_on is None or meeting.ends_on == meeting.starts_on:
        return format_date(meeting.starts_on, "long", locale=locale)
    return format_interval(meeting.starts_on, meeting.ends_on, "yMMMd", locale=locale)


@bp.app_template_global()
def meeting_where(meeting: Meeting, lang: str) -> str:
    place = meeting.place_name(lang)
    if place and meeting.online:
        return _("%(place)s and online", place=place)
    return place or (_("online") if meeting.online else "")


@bp.get("/")
def index() -> str:
    return render_template("meetings/index.html", meetings=list_meetings(db()))


@bp.route("/new", methods=["GET", "POST"])
def new() -> str | BaseResponse:
    form = MeetingForm()
    if form.validate_on_submit():
        return _save(form, None, lambda details: create_meeting(db(), details,
                                                                actor_id=current_user.id))
    return _page(form, None)


@bp.route("/<int:meeting_id>/", methods=["GET", "POST"])
def edit(meeting_id: int) -> str | BaseResponse:
    meeting = db().get(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    form = MeetingForm(data=MeetingForm.data_of(MeetingDetails.of(meeting)))
    if form.validate_on_submit():
        return _save(form, meeting, lambda details: update_meeting(db(), meeting, details,
                                                                   actor_id=current_user.id))
    return _page(form, meeting)


def _page(form: MeetingForm, meeting: Meeting | None) -> str:
    held = consultations_of(db(), meeting.id) if meeting is not None else []
    return render_template("meetings/form.html", form=form, meeting=meeting, consultations=held)


def _save(form: MeetingForm, meeting: Meeting | None,
          write: Callable[[MeetingDetails], Meeting]) -> str | BaseResponse:
    try:
        saved = write(form.details())
    except MeetingKeyTakenError:
        db().rollback()
        form.key.errors = [_("Another meeting has this key.")]
    except MeetingError as exc:
        # The form checks what the service checks, so this is a backstop: the
        # service's own words, in English, rather than a lost change.
        db().rollback()
        form.key.errors = [str(exc)]
    else:
        db().commit()
        flash(_("Saved."))
        return redirect(url_for(".edit", meeting_id=saved.id))
    return _page(form, meeting)

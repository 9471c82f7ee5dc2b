"""For admins: the audit log (a filtered page and a CSV download), docs/privacy.md#rule-9.
The staff accounts are in staff_views.py.

There is deliberately no route that edits or deletes an audit event.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from flask import (
    Response,
    render_template,
    request,
    stream_with_context,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from consult.admin import bp, service
from consult.audit.service import record
from consult.extensions import db
from consult.forms import Form
from consult.staff.access import require_roles

require_roles(bp, ["admin"])


class DayField(DateField):
    """A UTC day as YYYY-MM-DD, with an error that says how to write it."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Enter the date as YYYY-MM-DD, for example 2025-03-01.")) \
                from exc


class AuditFilterForm(Form):
    class Meta:
        csrf = False  # a GET search that changes nothing

    action = SelectField(_l("Action"), choices=[], validators=[Optional()])
    actor = StringField(_l("Actor email"), validators=[Optional(), Length(max=254)])
    object_type = StringField(_l("Object type"), validators=[Optional(), Length(max=40)])
    object_id = StringField(_l("Object id"), validators=[Optional(), Length(max=64)])
    date_from = DayField(_l("From (UTC date)"), validators=[Optional()])
    date_to = DayField(_l("To (UTC date)"), validators=[Optional()])

    def validate_date_to(self, field: DayField) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date must be on or after the start date."))


# Only the filters ride from one audit address to the next: any other query key
# would reach url_for as a keyword (endpoint, _external...) and fail or mislead.
AUDIT_KEYS = ("action", "actor", "object_type", "object_id", "date_from", "date_to")


def _audit_args() -> dict[str, str]:
    return {k: v for k, v in request.args.items() if k in AUDIT_KEYS}


def _filters() -> tuple[AuditFilterForm, service.AuditFilter | None]:
    form = AuditFilterForm(request.args)
    form.action.choices = [("", _("Any"))] + [(a, a) for a in service.actions(db())]
    if not form.validate():
        return form, None
    return form, service.AuditFilter(
        action=form.action.data or None, actor_email=form.actor.data or None,
        object_type=form.object_type.data or None, object_id=form.object_id.data or None,
        date_from=form.date_from.data, date_to=form.date_to.data)


@bp.get("/audit")
def audit() -> str | tuple[str, int]:
    form, filters = _filters()
    args = _audit_args()
    if filters is None:
        return render_template("admin/audit.html", form=form, rows=[], next_before=None,
                               args=args), 400
    rows, next_before = service.page(db(), filters, request.args.get("before", type=int))
    return render_template("admin/audit.html", form=form, rows=rows, next_before=next_before,
                           args=args)


@bp.get("/audit.csv")
def audit_csv() -> Response | tuple[str, int]:
    form, filters = _filters()
    if filters is None:
        return render_template("admin/audit.html", form=form, rows=[], next_before=None,
                               args=_audit_args()), 400
    # docs/privacy.md#rule-9: every export is audited, and the record is committed before the
    # first byte goes out, so a download cut short is still on the record.
    record(db(), "export_audit", actor_id=current_user.id, object_type="audit_events",
           detail=filters.as_detail())
    db().commit()

    def generate() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(service.CSV_COLUMNS)
        for n, row in enumerate(service.export_rows(db(), filters), start=1):
            writer.writerow(row)
            if n % 200 == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return Response(stream_with_context(generate()), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="audit.csv"',
                             "Cache-Control": "no-store"})

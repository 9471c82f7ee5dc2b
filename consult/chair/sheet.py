"""The invitation sheet a chair gives a group: one self-contained HTML file
(its stylesheet and QR code inside it), so it can be e-mailed to the school and
printed from any browser, or saved as PDF from the print dialog, in any of the
six scripts (a PDF library would need fonts for each; the reader's browser has
them). It opens from disk, where the app's CSP does not apply; as a download it
is never shown by the browser that fetched it."""

from __future__ import annotations

import base64
import re
from io import BytesIO

import qrcode
import qrcode.image.svg
from flask import current_app, render_template, url_for
from flask_babel import force_locale
from markupsafe import Markup

from consult.consultations.models import Consultation, band_min_age
from consult.groups.models import Group
from consult.groups.service import last_day
from consult.i18n import direction


def _qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10,
                        border=2)
    out = BytesIO()
    image.save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


def _stylesheet() -> Markup:
    path = current_app.static_folder + "/css/sheet.css"  # type: ignore[operator]
    with open(path, encoding="utf-8") as f:
        # Our own file, from static/: not user input.
        return Markup(f.read())  # noqa: S704


def render_sheet(c: Consultation, group: Group, code: str) -> str:
    lang = group.language if group.language in c.languages else c.languages[0]
    youngest = min(c.bands, key=band_min_age)
    link = url_for("participate.about", slug=c.slug, lang=lang, _external=True)
    questions = [q.wording("prompt", youngest, lang, c.languages[0])
                 for q in c.questions if q.live_order is None]
    with force_locale(lang):
        return render_template("chair/invitation_sheet.html", c=c, group=group, code=code,
                               sheet_lang=lang, sheet_dir=direction(lang), link=link,
                               qr=_qr_data_uri(link), youngest=youngest,
                               questions=questions, css=_stylesheet(),
                               last_day=last_day(group))


def sheet_filename(c: Consultation, group: Group) -> str:
    label = re.sub(r"[^a-z0-9]+", "-", group.label.lower()).strip("-")[:40] or str(group.id)
    return f"invitation-{c.slug}-{label}.html"

"""The demo consultation, loaded by `consult demo` and `make run`."""

from __future__ import annotations

from datetime import datetime, timedelta

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.config import ROOT
from consult.consultations.definition import import_definition, parse
from consult.consultations.models import Consultation
from consult.live.service import open_session
from consult.participate.service import submit

DEMO_FILE = ROOT / "consult" / "data" / "demo_consultation.yaml"
DEMO_SUBMISSIONS = ROOT / "consult" / "data" / "demo_submissions.yaml"


def load_demo(session: Session, now: datetime, secret: str) -> tuple[Consultation, bool]:
    """Import the demo once; return it and whether it was created now."""
    text = DEMO_FILE.read_text(encoding="utf-8")
    slug = parse(text)["slug"]
    existing = session.scalar(select(Consultation).where(Consultation.slug == slug))
    if existing is not None:
        return existing, False
    consultation = import_definition(session, text)
    # Keep the demo open whenever it is loaded, so a newcomer can take part.
    consultation.opens_at = min(consultation.opens_at_utc, now - timedelta(days=1))
    consultation.closes_at = max(consultation.closes_at_utc, now + timedelta(days=120))
    due = (consultation.closes_at_utc + timedelta(days=60)).date()
    if consultation.feedback_due_on is None or consultation.feedback_due_on < due:
        consultation.feedback_due_on = due
    consultation.status = "open"
    session.flush()
    _load_submissions(session, consultation, now, secret)
    # A live session waiting for the chair, with a public screen, so that
    # `make run` shows /live and the room screen straight away.
    open_session(session, consultation, screen_lang=consultation.languages[0], with_key=False,
                 actor_id=None, actor_label="consult demo")
    return consultation, True


def _load_submissions(session: Session, consultation: Consultation, now: datetime,
                      secret: str) -> None:
    """Pending submissions in several languages, sent through the same path as a
    participant's, so their flags (and one escalation) are real."""
    for item in yaml.safe_load(DEMO_SUBMISSIONS.read_text(encoding="utf-8")):
        state = {"band": item["band"], "lang": item["lang"], "region": item.get("region"),
                 "answers": item["answers"], "quote_consent": item.get("quote_consent", False)}
        submit(session, consultation, state, secret=secret, today=now.date())

"""A site with something on every page: the demo consultation (open, with its
pending submissions and one escalation), a closed copy, and a published copy with
enough approved answers for real numbers. Used by the tests that look at every
page (tests/browser, tests/test_page_weight.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

DEMO = "ai-and-online-safety"
CLOSED = "closed-demo"
PUBLISHED = "published-demo"
LANGS = ("ar", "en", "es", "fr", "ru", "zh")


def seed(session: Session, now: datetime, secret: str, *, chair_id: int,
         moderator_id: int) -> dict[str, int]:
    """Load everything, the published copy's decisions made by the staff users given;
    return the ids of the three consultations. Flushes only."""
    from consult.consultations.definition import import_definition
    from consult.demo import DEMO_FILE, load_demo
    from consult.moderate.service import approve
    from consult.participate.service import submit
    from consult.results.service import publish, save_feedback

    demo, _ = load_demo(session, now, secret)
    yaml_text = DEMO_FILE.read_text(encoding="utf-8")
    closed = import_definition(session, yaml_text.replace(f"slug: {DEMO}", f"slug: {CLOSED}"))
    closed.status = "closed"
    published = import_definition(session, yaml_text.replace(f"slug: {DEMO}",
                                                             f"slug: {PUBLISHED}"))
    published.status = "closed"
    session.flush()
    for i in range(24):
        state = {"band": ("13-15", "16-17")[i % 2], "lang": LANGS[i % 6], "region": "EUR",
                 "quote_consent": i == 0,
                 "answers": {"ai-use": ["chatbots", "homework"] if i % 3 else ["games"],
                             "chatbot-feel": str(3 + i % 3), "chatbot-says-ai": "yes",
                             "report-better": "A clearer report button"}}
        sent = submit(session, published, state, secret=secret, today=now.date())
        approve(session, sent.submission.id, moderator_id, now)
    save_feedback(session, published, "en", {b: "We told the working group **what you said**."
                                             for b in published.bands}, chair_id, now)
    publish(session, published, chair_id, now)
    session.flush()
    return {"demo": demo.id, "closed": closed.id, "published": published.id}

"""Writing a consultation in the browser, through the one door of the YAML import.

Every change builds the definition (the YAML format's own data, see
docs/consultation-format.md), runs it through ``definition.parse`` exactly as
`consult consultations import` does, and stores it with the same module. No
other validation exists for a consultation's content."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.audit.service import record
from consult.consultations.definition import (
    SlugTakenError,
    export_definition,
    import_definition,
    parse,
    update_definition,
)
from consult.consultations.models import Consultation
from consult.consultations.readiness import open_problems
from consult.participate.models import Draft, DraftAnswer, Submission
from consult.results.service import StatusChangeError, set_status

__all__ = ["StatusChangeError"]


class EditConflictError(Exception):
    """Someone saved the consultation after this page was loaded (the revision moved on)."""


class WordingOnlyError(Exception):
    """People have answered: only wording may change, not the questions or the settings."""


class NotReadyError(Exception):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(" ".join(problems))


def definition_of(consultation: Consultation) -> dict[str, Any]:
    """The consultation as the YAML format's data: what export-def writes."""
    data: dict[str, Any] = yaml.safe_load(export_definition(consultation))
    return data


def check(data: dict[str, Any]) -> dict[str, Any]:
    """definition.parse on the data as YAML text: the import's own validation."""
    return parse(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def create_draft(session: Session, data: dict[str, Any], actor_id: int) -> Consultation:
    consultation = import_definition(session, yaml.safe_dump(
        {**data, "status": "draft"}, allow_unicode=True, sort_keys=False))
    record(session, "consultation_created", actor_id=actor_id, object_type="consultation",
           object_id=consultation.id, detail={"slug": consultation.slug})
    return consultation


def has_answers(session: Session, consultation: Consultation) -> bool:
    """Anyone has sent answers, or has a draft with an answer in it."""
    sent = session.scalar(select(Submission.id).where(
        Submission.consultation_id == consultation.id).limit(1))
    drafting = session.scalar(select(DraftAnswer.id).join(Draft, DraftAnswer.draft_id == Draft.id)
                              .where(Draft.consultation_id == consultation.id).limit(1))
    return sent is not None or drafting is not None


def save(session: Session, consultation: Consultation, data: dict[str, Any], *,
         revision: str, actor_id: int, action: str) -> list[str]:
    """Validate and store ``data`` over the consultation; the texts changed.

    Raises EditConflictError when ``revision`` (read when the page was drawn) is
    no longer the consultation's, DefinitionError, SlugTakenError, and
    WordingOnlyError once anyone has answered and more than wording changed."""
    if revision != consultation.revision:
        raise EditConflictError
    before = check(definition_of(consultation))
    values = check(data)
    if values["slug"] != consultation.slug and session.scalar(
            select(Consultation.id).where(Consultation.slug == values["slug"])) is not None:
        raise SlugTakenError(values["slug"])
    answered = has_answers(session, consultation)
    if answered and _structure(values) != _structure(before):
        # A question, option or setting changed under a participant's draft
        # would change what their answers mean.
        raise WordingOnlyError
    changed = sorted(k for k in _wordings(before).keys() | _wordings(values).keys()
                     if _wordings(before).get(k) != _wordings(values).get(k))
    update_definition(session, consultation, values)
    record(session, "consultation_wording_corrected" if answered else "consultation_edited",
           actor_id=actor_id, object_type="consultation", object_id=consultation.id,
           detail={"action": action, "changed": changed})
    return changed


def open_consultation(session: Session, consultation: Consultation, *, revision: str,
                      actor_id: int) -> None:
    if revision != consultation.revision:
        raise EditConflictError
    problems = open_problems(consultation, datetime.now(UTC))
    if problems:
        raise NotReadyError(problems)
    set_status(session, consultation, "open", actor_id)


def _structure(values: dict[str, Any]) -> dict[str, Any]:
    """Everything but the wording."""
    def question(q: dict[str, Any]) -> dict[str, Any]:
        return {**{k: v for k, v in q.items() if k != "texts"},
                "options": [o["key"] for o in q["options"]]}

    return {**{k: v for k, v in values.items()
               if k not in ("texts", "status", "questions", "live_questions")},
            "questions": [question(q) for q in values["questions"]],
            "live_questions": [question(q) for q in values["live_questions"]]}


def _wordings(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {name: text for name, text in values["texts"].items()}
    for q in [*values["questions"], *values["live_questions"]]:
        for name, text in q["texts"].items():
            out[f"{q['key']}.{name}"] = text
        for o in q["options"]:
            out[f"{q['key']}.{o['key']}"] = o["label"]
    return out

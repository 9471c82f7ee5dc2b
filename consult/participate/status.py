"""What a return-code holder is told about their submission.

Anyone may hold the code: the child, or whoever finds the downloaded code file
on a shared phone, possibly the person the child wrote about. So the page says
nothing about how the answers were handled while they are being read: an
answer escalated to the safeguarding role reads exactly like one waiting for a
moderator, or already approved or rejected, until the results are published
(docs/privacy.md#rule-7). Cases and their outcomes are for the safeguarding
role only.
"""

from __future__ import annotations

# Consultation states in which the results are out.
PUBLISHED = ("published", "archived")


def shown_status(submission_status: str, consultation_status: str) -> str:
    """"withdrawn", "being-read", "counted" or "not-counted"."""
    if submission_status == "withdrawn":
        return "withdrawn"
    if consultation_status not in PUBLISHED:
        return "being-read"
    # Once published, only whether the views were counted; an escalated answer
    # is not counted and reads like any other that was not.
    return "counted" if submission_status == "approved" else "not-counted"

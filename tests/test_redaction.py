"""Hand redaction masks exactly what the moderator chose (rule 4): line breaks are
stored as the page counts them, a selected span is checked against the text it
claims to cover, and the check of a hand-edited copy cannot be made to hang."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from consult.detect import pii
from consult.detect.pii import MASK, masked_spans
from consult.moderate import service
from consult.participate.models import Answer, Submission
from tests.factories import csrf_token, sign_in, take_part

ROOT = str(Path(__file__).resolve().parents[1])
# As a browser sends a textarea: CRLF line breaks, an emoji (two UTF-16 units)
# before the name, CJK and Arabic names on later lines.
TYPED = "Hi 👋🏽 I am Zanele\r\nmy friend 李小龍 says\r\nand سلمى too"


def _approve(client, submission, **fields):
    html = client.get(f"/moderate/s/{submission.id}").get_data(as_text=True)
    return client.post(f"/moderate/s/{submission.id}/decide",
                       data={"csrf_token": csrf_token(html), "action": "approve", **fields})


def _one(session):
    submission = session.scalars(select(Submission)).one()
    return submission, submission.answers[-1]


def test_answers_are_stored_with_one_lf_per_line_break(app, consultation, session):
    take_part(app.test_client(), consultation.slug, answers={5: "one\r\ntwo\rthree\nfour"})
    _, answer = _one(session)
    assert answer.text_original == "one\ntwo\nthree\nfour"
    assert "\r" not in answer.text_redacted


def test_multi_line_answer_is_approved_one_by_one_with_a_selected_name(
        app, client, consultation, make_staff, session):
    take_part(app.test_client(), consultation.slug, answers={5: TYPED})
    submission, answer = _one(session)
    sign_in(client, make_staff("moderator"))
    text = answer.text_original
    added = {}
    for name in ("Zanele", "李小龍", "سلمى"):
        start = text.index(name)  # code points, as the page's script now counts
        added.setdefault(f"add-{answer.id}", []).append(f"{start}:{start + len(name)}:{name}")
    # The textarea comes back as a browser sends it: CRLF again.
    r = _approve(client, submission, **added,
                 **{f"edited-{answer.id}": answer.text_redacted.replace("\n", "\r\n")})
    assert r.status_code == 302 and "/moderate/s/" not in r.location
    session.expire_all()
    assert session.get(Submission, submission.id).status == "approved"
    assert session.get(Answer, answer.id).text_redacted == (
        f"Hi 👋🏽 I am {MASK}\nmy friend {MASK} says\nand {MASK} too")


def test_offsets_counted_in_utf16_units_are_refused_not_misapplied(
        app, client, consultation, make_staff, session):
    take_part(app.test_client(), consultation.slug, answers={5: TYPED})
    submission, answer = _one(session)
    sign_in(client, make_staff("moderator"))
    # What the old script sent: UTF-16 offsets (the emoji counts 4 units, not 2).
    start = len(answer.text_original[:answer.text_original.index("Zanele")]
                .encode("utf-16-le")) // 2
    r = _approve(client, submission, **{f"add-{answer.id}": f"{start}:{start + 6}:Zanele"})
    assert r.status_code == 302 and r.location.endswith(f"/moderate/s/{submission.id}")
    session.expire_all()
    assert session.get(Submission, submission.id).status == "pending"
    assert "not in the answer as stored" in client.get(r.location).get_data(as_text=True)
    # A selection without its text is refused too.
    r = _approve(client, submission, **{f"add-{answer.id}": "12:18:"})
    session.expire_all()
    assert session.get(Submission, submission.id).status == "pending"


def test_hand_edited_copy_is_checked_against_the_stored_text(session):
    text = "line one Zanele\nline two"
    spans = masked_spans(text, "line one █\nline two")
    assert [(s.start, s.end, s.text) for s in spans] == [(9, 15, "Zanele")]
    assert masked_spans(text, "line one █\nline two!") is None
    assert masked_spans(text, "█line one Zanele\nline two") is None  # masks nothing
    assert masked_spans(text, text) == []


def test_one_masking_check_serves_moderation_and_pii():
    assert service.masked_spans is pii.masked_spans


def _in_a_child(expression: str) -> str:
    """Evaluate `expression` (with `masked_spans` and `is_masking_of` in scope) in
    a child process, killed if it has not answered in a minute. A backtracking
    regular expression holds the interpreter lock while it runs, so a thread
    could not be timed out; a process can. The linear scan answers at once."""
    code = ("from consult.detect.pii import masked_spans, is_masking_of\n"
            f"r = {expression}\n"
            "print('none' if r is None else r if isinstance(r, bool) else len(r))")
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=60, env={**os.environ, "PYTHONPATH": ROOT}, check=True)
    except subprocess.TimeoutExpired:
        pytest.fail("the masking check ran for a minute on a crafted edit")
    return done.stdout.strip()


def test_crafted_edit_cannot_hang_the_check():
    # Many short pieces that all match early and a last one that never does:
    # "(.+?)a(.+?)a...(.+?)b" against "aaaa..." backtracks without end.
    crafted = "'a' * 5000, '█a' * 60 + '█b'"
    assert _in_a_child(f"masked_spans({crafted})") == "none"
    assert _in_a_child(f"is_masking_of({crafted})") == "False"
    # The same shape that does match is found in one pass: 61 masked pieces.
    assert _in_a_child("masked_spans('a' * 5000, '█a' * 60 + '█')") == "61"


def test_mask_runs_are_capped():
    original = " ".join(["word"] * (pii.MAX_MASK_RUNS + 1))
    at_cap = " ".join(["█"] * pii.MAX_MASK_RUNS + ["word"])
    over = " ".join(["█"] * (pii.MAX_MASK_RUNS + 1))
    assert masked_spans(original, at_cap) is not None
    assert masked_spans(original, over) is None

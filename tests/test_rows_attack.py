"""Random small consultations: an attacker who holds every file (JSON summary,
CSV rows, annual report) and combines them pins no count from 1 to k-1, every
row-level combination is shared by k rows, and every label is true
(docs/privacy.md#rule-5). The attacker is tests/disclosure_attack.py."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from itertools import count
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consult.consultations.definition import import_definition
from consult.export.service import export
from consult.moderate.service import approve, reject
from consult.participate.service import submit
from consult.results import annual
from consult.summarize.service import protection
from consult.summarize.words import band_name
from tests.disclosure_attack import (
    attacker_for,
    pinned_small_cells,
    read_annual,
    read_rows,
    read_summary,
    row_classes_are_k_anonymous,
)
from tests.factories import definition

BANDS = ["9-12", "13-15", "16-17", "18-24"]
_slugs = count()

person = st.fixed_dictionaries({
    "band": st.sampled_from(BANDS),
    "region": st.sampled_from(["EUR", "ASP", "AFR", None]),
    "lang": st.sampled_from(["en", "fr"]),
    "feel": st.sampled_from(["", "1", "3", "5"]),
    "apps": st.lists(st.sampled_from(["games", "video", "chat"]), unique=True, max_size=2),
    "report": st.sampled_from(["", "yes", "no", "yes"]),
    "idea": st.sampled_from(["", "", "More report buttons", "Kinder chats"]),
    "fate": st.sampled_from(["approve"] * 6 + ["reject", "pending"]),
})


def _consultation(session: Any, k: int) -> Any:
    n = next(_slugs)
    year = 1200 + n  # one consultation a year: the annual report is about it alone
    data = definition(f"attack-{n}", k_threshold=k, opens_at=f"{year}-03-01T00:00:00Z")
    c = import_definition(session, yaml.safe_dump(data))
    session.commit()
    return c


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(k=st.sampled_from([5, 6, 10]), people=st.lists(person, min_size=0, max_size=26))
def test_an_attacker_with_every_file_pins_no_small_count(session, make_staff, k, people):
    moderator = make_staff("moderator", email=f"m{next(_slugs)}@example.org")
    c = _consultation(session, k)
    now = datetime.now(UTC)
    for who in people:
        answers = {key: who[key] for key in ("feel", "apps", "report", "idea") if who[key]}
        s = submit(session, c, {"band": who["band"], "lang": who["lang"],
                                "region": who["region"], "answers": answers,
                                "quote_consent": False},
                   secret="test-secret-key", today=date.today()).submission
        if who["fate"] == "approve" and s.status == "pending":
            approve(session, s.id, moderator.id, now)
        elif who["fate"] == "reject" and s.status == "pending":
            reject(session, s.id, moderator.id, now, "off_topic")
    session.commit()

    out = io.BytesIO()
    export(session, c, "json", out)
    summary = json.loads(out.getvalue())
    out = io.BytesIO()
    export(session, c, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8-sig"), newline="")))
    report = annual.build(session, c.opens_at_utc.year, 10)
    p = protection(session, c)
    truth = p.table.values

    # Alone: no small count shown anywhere; every row combination shared by k.
    k = p.k
    for text in (json.dumps(summary), json.dumps(report)):
        assert not [n for n in _counts(text) if 0 < n < k]
    assert not row_classes_are_k_anonymous(rows, k)
    # Every label is true of its count.
    for key, shown in p.shown.items():
        reason = p.table.reason(key)
        assert (shown is None) == (reason is not None)
        assert reason != "fewer-than-k" or truth[key] < k
        assert reason != "protects-another" or truth[key] >= k
    # Together: nothing small can be pinned.
    attacker = attacker_for(p.table)
    read_summary(attacker, summary)
    read_rows(attacker, rows, summary, {band_name(b, "en"): b for b in BANDS})
    read_annual(attacker, report)
    assert pinned_small_cells(attacker, truth) == []


def _counts(text: str) -> list[int]:
    import re

    return [int(n) for n in re.findall(r'"count": (\d+)', text)]

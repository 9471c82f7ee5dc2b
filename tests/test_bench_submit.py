"""bench/submit.py runs end to end: both servers, both journeys, the ratios."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bench_submit_compares_journeys_of_the_same_length() -> None:
    result = subprocess.run(
        [sys.executable, "bench/submit.py", "--submissions", "3", "--participants", "2",
         "--warmup", "1", "--baseline-iterations", "3", "--workers", "1", "--threads", "2",
         "--timeout", "240", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout)
    consult, baseline = figures["consult"], figures["baseline"]
    assert consult["completed"] == 3 and consult["failures"] == 0
    assert baseline["completed"] == 3 and baseline["failures"] == 0
    questions = figures["settings"]["questions"]
    # start, assent, each question, quote, review: a GET and a POST each.
    assert consult["requests_per_iteration"] == 2 * (questions + 4)
    assert baseline["requests_per_iteration"] == consult["requests_per_iteration"]
    ratios = figures["ratios"]
    assert ratios["submissions_per_journey"] > 0
    assert ratios["submissions_per_insert"] < ratios["submissions_per_journey"]
    assert ratios["zero_overhead_bound"] == round(1 / (questions + 4), 4)

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
    # The CPU a page costs and what a 2-core host sustains at that cost.
    assert consult["server_cpu_ms_per_request"] > 0
    assert consult["database_cpu_ms_per_request"] is None  # SQLite: inside the workers
    per_journey = consult["server_cpu_ms_per_iteration"] / 1000
    assert abs(consult["journeys_per_hour_2_cores"] - 2 * 3600 / per_journey) <= 100

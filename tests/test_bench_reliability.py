"""bench/reliability.py runs end to end on SQLite: every phase reports, and on
this code every expectation holds (PostgreSQL: run it with --database-url)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bench_reliability_finds_nothing_lost_or_doubled() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.reliability", "--participants", "6", "--pairs", "2",
         "--tabs", "2", "--kills", "2", "--outage-seconds", "1", "--outage-clients", "2",
         "--workers", "2", "--threads", "2", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=400)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    figures = json.loads(result.stdout)
    load = figures["load_with_kill"]
    assert load["events"]["workers killed"] == 2
    assert load["acknowledged"] == load["stored"] == load["codes_resolved"] == 6
    assert figures["double_send"]["stored"] == 2
    assert figures["two_tabs"]["answers_lost"] == 0
    outage = figures["outage"]
    assert "500" not in outage["statuses"] and outage["tracebacks"] == 0
    assert outage["log_lines_503"] == outage["statuses"]["503"]

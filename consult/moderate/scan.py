"""`consult scan`: the three text detectors over JSON lines, for moderators
checking a batch and for tuning the detectors (the same `scan_text` the
participate service stores with each free-text answer).
"""

from __future__ import annotations

import json
from typing import Any, TextIO

import click

from consult.detect.scan import scan_text


def _optional_str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def scan_line(line: str) -> dict[str, Any] | None:
    """The output record for one input line; None for a blank line.

    A line that is not a JSON object ("plain text", a number, broken JSON) is
    scanned as plain text, so a bad line never stops a batch.
    """
    if not line.strip():
        return None
    record: dict[str, Any] = {}
    try:
        parsed = json.loads(line)
    except (ValueError, RecursionError):  # broken or absurdly nested JSON is plain text
        parsed = None
    if isinstance(parsed, dict) and "text" in parsed:
        text = parsed["text"] if isinstance(parsed["text"], str) else json.dumps(parsed["text"])
        lang, region = _optional_str(parsed.get("lang")), _optional_str(parsed.get("region"))
        record.update({"text": text, "lang": lang})
        if region:
            record["region"] = region
    else:
        text, lang, region = line.rstrip("\r\n"), None, None
        record.update({"text": text, "lang": None})
    record.update(scan_text(text, lang, region))
    return record


@click.command("scan")
@click.argument("source", type=click.File("r", encoding="utf-8", errors="replace"),
                default="-")
def scan_command(source: TextIO) -> None:
    """Scan JSON lines ({"text": ..., "lang": ..., "region": ...}) from SOURCE
    (default: stdin) for personal data, disclosures of harm and abuse; write one
    JSON line per input line. A line that is not a JSON object is scanned as text."""
    for line in source:
        record = scan_line(line)
        if record is not None:
            click.echo(json.dumps(record, ensure_ascii=False))

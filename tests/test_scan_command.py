"""`consult scan`: JSON lines in, one JSON line of findings out per line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from consult.detect.scan import scan_text
from consult.moderate.scan import scan_command

TESTDATA = Path(__file__).resolve().parents[1].parent / "shared" / "testdata" / "responses.jsonl"


def _run(stdin: str | bytes) -> list[dict]:
    result = CliRunner().invoke(scan_command, [], input=stdin)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_scan_text_reports_personal_data_disclosures_and_abuse() -> None:
    found = scan_text("My name is Sam, call 07700 900123. I want to die, this is shit", "en")
    assert [(p["kind"], p["text"]) for p in found["pii"]] == [
        ("name", "Sam"), ("phone", "07700 900123")]
    assert set(found["pii"][0]) == {"kind", "start", "end", "text"}
    assert found["disclosure"] == ["self_harm"]
    assert found["abuse"] is True


def test_scan_text_of_plain_answer_finds_nothing() -> None:
    assert scan_text("Apps should explain privacy settings simply.") == {
        "pii": [], "disclosure": [], "abuse": False}


def test_each_json_line_gets_one_output_line_with_its_text() -> None:
    lines = [
        {"text": "Appelle-moi au 06 12 34 56 78", "lang": "fr"},
        {"text": "我叫王小明", "lang": "zh"},
        {"text": "mi número 55 1234 5678", "lang": "es", "region": "MX"},
    ]
    out = _run("".join(json.dumps(line) + "\n" for line in lines))
    assert [o["text"] for o in out] == [line["text"] for line in lines]
    assert out[0]["pii"][0]["kind"] == "phone"
    assert out[1]["pii"] == [{"kind": "name", "start": 2, "end": 5, "text": "王小明"}]
    assert out[2]["pii"][0]["text"] == "55 1234 5678"
    assert all({"pii", "disclosure", "abuse"} <= set(o) for o in out)


def test_output_keeps_non_ascii_readable() -> None:
    result = CliRunner().invoke(scan_command, [], input='{"text": "меня зовут Иван"}\n')
    assert "меня зовут Иван" in result.output
    assert "\\u" not in result.output


def test_lang_and_region_are_optional() -> None:
    out = _run('{"text": "I want to die"}\n')
    assert out[0]["disclosure"] == ["self_harm"]


def test_plain_text_lines_are_scanned_and_blank_lines_skipped() -> None:
    out = _run("plain text from an idiot\n\n   \nmy email is a@b.com\n")
    assert [o["text"] for o in out] == ["plain text from an idiot", "my email is a@b.com"]
    assert out[0]["abuse"] is True
    assert out[1]["pii"][0]["kind"] == "email"


@pytest.mark.parametrize("line", [
    "{bad json", '{"text": ', "[1, 2, 3]", "42", "null", '"just a string"', '{"lang": "en"}',
    "[" * 5000 + "]" * 5000, '{"text": null}', '{"text": 5, "lang": 7, "region": []}',
])
def test_bad_json_never_crashes_the_command(line: str) -> None:
    out = _run(line + "\n" + '{"text": "still going", "lang": "en"}\n')
    assert len(out) == 2
    assert out[-1]["text"] == "still going"


def test_bytes_that_are_not_utf8_do_not_crash_the_command() -> None:
    out = _run(b'{"text": "ok"}\n\xff\xfe\x00broken\n')
    assert len(out) == 2


def test_the_shared_test_set_scans_line_for_line() -> None:
    if not TESTDATA.exists():
        pytest.skip(f"shared test data not found at {TESTDATA}")
    source = TESTDATA.read_text(encoding="utf-8")
    rows = [json.loads(line) for line in source.splitlines() if line.strip()]
    out = _run(source)
    assert [o["text"] for o in out] == [r["text"] for r in rows]
    for row, result in zip(rows, out, strict=True):
        if row["safeguarding"]:
            assert result["disclosure"], row["text"]


def test_a_file_can_be_scanned_instead_of_stdin(tmp_path: Path) -> None:
    source = tmp_path / "answers.jsonl"
    source.write_text('{"text": "snap: sunny_11", "lang": "en"}\n', encoding="utf-8")
    result = CliRunner().invoke(scan_command, [str(source)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["pii"][0]["kind"] == "handle"

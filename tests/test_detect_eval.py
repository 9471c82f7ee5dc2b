"""The detectors against the held-out part of the labelled set (tests/data/README.md).

Targets, per language: disclosure recall >= 0.95; false alarms on topic talk
<= 0.05; structured personal data (email, phone, URL, handle) recall >= 0.98;
names, schools and addresses >= 0.8; and criticism of a product is not abuse.
The held-out part is never used to tune the detectors. Where a target is not
met yet the case is marked xfail(strict) with the figure measured, so that the
gap is shown on every run and the mark must go once the target is met.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from consult.detect.abuse import find_abuse
from consult.detect.disclosure import find_disclosures
from consult.detect.pii import find_personal_data

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests/data/detectors_eval.jsonl"
LANGS = ("en", "fr", "es", "ru", "ar", "zh")
STRUCTURED = ("email", "phone", "url", "handle")

ROWS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
HELD_OUT = [row for row in ROWS if row["split"] == "heldout"]

# Measured on the held-out part when these marks were set (bench/detectors.py).
NOT_MET_YET = {
    ("disclosure recall", "en"): "11/12",
    ("disclosure recall", "fr"): "11/12",
    ("disclosure recall", "es"): "9/12",
    ("disclosure recall", "ru"): "9/12",
    ("disclosure recall", "ar"): "11/12",
    ("disclosure recall", "zh"): "11/12",
    ("topic false alarms", "en"): "1/12",
    ("topic false alarms", "zh"): "1/12",
}


def _cases(measure: str) -> list[object]:
    return [pytest.param(lang, marks=pytest.mark.xfail(
                strict=True, reason=f"{measure} {NOT_MET_YET[(measure, lang)]} on held-out"))
            if (measure, lang) in NOT_MET_YET else lang for lang in LANGS]


def _rate(hits: list[bool]) -> float:
    assert hits, "no held-out lines for this measure"
    return sum(hits) / len(hits)


def _covered(text: str, needle: str, lang: str) -> bool:
    spans = find_personal_data(text, lang)
    start = text.find(needle)
    assert start >= 0, needle
    return all(any(s.start <= i < s.end for s in spans) for i in range(start, start + len(needle)))


def test_the_set_is_large_and_covers_every_language_and_category() -> None:
    assert len(ROWS) >= 600
    for lang in LANGS:
        mine = [row for row in ROWS if row["lang"] == lang]
        assert {row["category"] for row in mine} == {
            "disclosure", "topic", "personal_data", "criticism"}
        assert {row["split"] for row in mine} == {"dev", "heldout"}
    for row in ROWS:
        for item in row["pii"]:
            assert item["text"] in row["text"], item


@pytest.mark.parametrize("lang", _cases("disclosure recall"))
def test_disclosures_are_caught(lang: str) -> None:
    rows = [r for r in HELD_OUT if r["lang"] == lang and r["disclosure"]]
    assert _rate([bool(find_disclosures(r["text"], lang)) for r in rows]) >= 0.95


@pytest.mark.parametrize("lang", _cases("topic false alarms"))
def test_topic_talk_is_not_taken_for_a_disclosure(lang: str) -> None:
    rows = [r for r in HELD_OUT if r["lang"] == lang and r["category"] == "topic"]
    assert _rate([bool(find_disclosures(r["text"], lang)) for r in rows]) <= 0.05


@pytest.mark.parametrize("lang", _cases("structured personal data recall"))
def test_structured_personal_data_is_found(lang: str) -> None:
    found = [_covered(r["text"], item["text"], lang)
             for r in HELD_OUT if r["lang"] == lang
             for item in r["pii"] if item["kind"] in STRUCTURED]
    assert _rate(found) >= 0.98


@pytest.mark.parametrize("lang", _cases("names, schools, addresses recall"))
def test_names_schools_and_addresses_are_found(lang: str) -> None:
    found = [_covered(r["text"], item["text"], lang)
             for r in HELD_OUT if r["lang"] == lang
             for item in r["pii"] if item["kind"] not in STRUCTURED]
    assert _rate(found) >= 0.8


def test_the_demo_answer_about_chatbots_is_topic_talk() -> None:
    assert find_disclosures("It should tell me it is a bot and never ask for photos", "en") == []


def test_a_handle_after_the_platform_name_and_a_colon_is_personal_data() -> None:
    assert _covered("insta: lily_2011", "lily_2011", "en")
    assert _covered("snap : jakey.boi09 add me", "jakey.boi09", "en")


def test_criticism_of_a_product_is_not_abuse_but_the_same_words_at_a_person_are() -> None:
    assert find_abuse("These apps are stupid and useless", "en") is False
    assert find_abuse("You are stupid and useless", "en") is True
    rows = [r for r in ROWS if r["category"] == "criticism"]
    flagged = [r["text"] for r in rows if find_abuse(r["text"], r["lang"])]
    assert len(flagged) / len(rows) <= 0.05, flagged


def test_the_bench_says_plainly_when_the_shared_answers_are_missing(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "bench/detectors.py", "--no-timings", str(tmp_path / "absent.jsonl")],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=True).stdout
    assert "Held-out part: per language" in out and "Development part: per category" in out
    assert f"Shared test answers NOT FOUND at {tmp_path / 'absent.jsonl'}" in out

"""A definition file is read with bounded work: no anchors or aliases (a few
hundred bytes of nested aliases expand to billions of values), and a size cap."""

from __future__ import annotations

import time

import pytest
import yaml

from consult.consultations.definition import MAX_FILE_BYTES, DefinitionError, parse
from tests.factories import definition

# The classic "billion laughs": nine levels of nine aliases each, 9**9 values.
LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{b}: &{b} [{','.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True))


def test_billion_laughs_is_refused_at_once_naming_the_line():
    assert len(LAUGHS) < 500
    started = time.perf_counter()
    with pytest.raises(DefinitionError) as caught:
        parse(LAUGHS)
    assert time.perf_counter() - started < 1.0
    first = caught.value.problems[0]
    assert first.line == 1 and "'&a'" in first.message and "anchor" in first.message
    assert any(p.line == 2 and "'*a'" in p.message and "alias" in p.message
               for p in caught.value.problems)


def test_an_alias_in_an_otherwise_good_definition_is_refused():
    data = definition()
    del data["audience"]
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    parse(text)  # the file is good as written out
    lines = text.splitlines()
    at = lines.index("meeting:")
    lines[at] = "meeting: &m"
    lines.append("audience: *m")
    with pytest.raises(DefinitionError) as caught:
        parse("\n".join(lines))
    assert [str(p) for p in caught.value.problems] == [
        f"line {at + 1}: '&m' is a YAML anchor, which this format does not allow; "
        "remove it and write each value out in full",
        f"line {len(lines)}: '*m' is a YAML alias, which this format does not allow; "
        "write the value out in full"]


def test_merge_keys_are_refused_too():
    text = "base: &base {en: Hello}\ntitle:\n  <<: *base\n"
    with pytest.raises(DefinitionError) as caught:
        parse(text)
    assert {p.line for p in caught.value.problems} == {1, 3}


def test_a_file_over_the_size_cap_is_refused_before_parsing():
    text = yaml.safe_dump(definition(), allow_unicode=True, sort_keys=False)
    big = text + "# " + "x" * MAX_FILE_BYTES + "\n"
    with pytest.raises(DefinitionError) as caught:
        parse(big)
    assert "more than the 300,000 allowed" in str(caught.value)


def test_the_demo_definition_fits_well_under_the_cap():
    from pathlib import Path

    demo = Path(__file__).resolve().parents[1] / "consult" / "data" / "demo_consultation.yaml"
    assert demo.stat().st_size * 3 < MAX_FILE_BYTES
    assert parse(demo.read_text(encoding="utf-8"))["slug"]

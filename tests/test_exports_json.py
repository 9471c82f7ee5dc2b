"""The JSON export follows its documented, versioned schema (docs/summary.schema.json).

jsonschema is not a dependency, so `validate` below implements the part of
JSON Schema draft 2020-12 the schema file uses: type, const, enum, properties,
required, additionalProperties, propertyNames, items, minItems, minProperties,
minLength, minimum, maximum, pattern, format "date", $ref to local $defs, allOf and oneOf. A test
checks that the schema uses no other keyword, so the validator cannot silently
skip one.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from consult.summarize.service import SCHEMA, SCHEMA_VERSION
from tests.test_exports import build_population, run

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "docs" / "summary.schema.json"
KNOWN = {"$schema", "$id", "$defs", "$ref", "title", "description", "type", "const", "enum",
         "properties", "required", "additionalProperties", "propertyNames", "items",
         "minItems", "minProperties", "minLength", "minimum", "maximum", "pattern", "format",
         "allOf", "oneOf"}
TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def _is(value: Any, kind: str) -> bool:
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, TYPES[kind])


def validate(value: Any, schema: Any, root: dict[str, Any], path: str = "$") -> list[str]:
    """The errors of `value` against `schema` (empty: valid)."""
    if schema is True:
        return []
    if schema is False:
        return [f"{path}: not allowed"]
    errors: list[str] = []
    if "$ref" in schema:
        target = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        errors += validate(value, target, root, path)
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is(value, kind) for kind in kinds):
            return errors + [f"{path}: {value!r} is not of type {kinds}"]
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: {value!r} is not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in {schema['enum']}")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            errors.append(f"{path}: {value!r} is shorter than {schema['minLength']}")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{path}: {value!r} does not match {schema['pattern']}")
        if schema.get("format") == "date":
            try:
                date.fromisoformat(value)
            except ValueError:
                errors.append(f"{path}: {value!r} is not a date")
    if _is(value, "number"):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{path}: {value} < {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{path}: {value} > {schema['maximum']}")
    if isinstance(value, dict):
        if len(value) < schema.get("minProperties", 0):
            errors.append(f"{path}: fewer than {schema['minProperties']} properties")
        props = schema.get("properties", {})
        errors += [f"{path}: missing {key!r}" for key in schema.get("required", [])
                   if key not in value]
        for key, item in value.items():
            if "propertyNames" in schema:
                errors += validate(key, schema["propertyNames"], root, f"{path}.<{key}>")
            if key in props:
                errors += validate(item, props[key], root, f"{path}.{key}")
            elif "additionalProperties" in schema:
                errors += validate(item, schema["additionalProperties"], root, f"{path}.{key}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            errors.append(f"{path}: fewer than {schema['minItems']} items")
        if "items" in schema:
            for i, item in enumerate(value):
                errors += validate(item, schema["items"], root, f"{path}[{i}]")
    for sub in schema.get("allOf", []):
        errors += validate(value, sub, root, path)
    if "oneOf" in schema:
        matching = sum(not validate(value, sub, root, path) for sub in schema["oneOf"])
        if matching != 1:
            errors.append(f"{path}: matches {matching} of oneOf, not exactly 1")
    return errors


def _keywords(schema: Any) -> set[str]:
    if isinstance(schema, list):
        return set().union(*(_keywords(s) for s in schema)) if schema else set()
    if not isinstance(schema, dict):
        return set()
    found = set(schema)
    for key, sub in schema.items():
        if key in ("properties", "$defs"):
            found |= set().union(*(_keywords(s) for s in sub.values())) if sub else set()
        elif key not in ("const", "enum", "required"):
            found |= _keywords(sub)
    return found


@pytest.fixture
def population(session, consultation, make_staff):  # type: ignore[no-untyped-def]
    return build_population(session, consultation, make_staff("moderator"))


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def test_schema_file_is_the_version_the_summary_names(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA
    assert schema["properties"]["schema_version"] == {"const": SCHEMA_VERSION}


def test_validator_knows_every_keyword_the_schema_uses(schema):
    assert _keywords(schema) <= KNOWN, _keywords(schema) - KNOWN


def test_json_export_validates_against_the_schema(session, population, schema):
    summary = json.loads(run(session, population, "json"))
    assert validate(summary, schema, schema) == []
    assert summary["$schema"] == SCHEMA and summary["schema_version"] == SCHEMA_VERSION


def test_json_export_keeps_non_latin_text_readable(session, population):
    data = run(session, population, "json")
    assert "Rester en sécurité en ligne".encode() in data  # ensure_ascii=False
    assert data.startswith(b'{\n  "$schema"')  # indented, no BOM


def test_validator_catches_what_the_schema_forbids(session, population, schema):
    summary = json.loads(run(session, population, "json"))
    band = summary["participation"]["band"][0]
    band["count"], band["suppressed"] = 3, True  # a small number marked suppressed
    summary["questions"][0]["options"][0]["extra"] = 1
    del summary["quotes"]
    errors = validate(summary, schema, schema)
    assert any("missing 'quotes'" in e for e in errors)
    assert any("oneOf" in e and "participation.band[0]" in e for e in errors)
    assert any(".options[0]" in e and "extra" in e for e in errors)

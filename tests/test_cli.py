"""The command line a secretariat member uses."""

from __future__ import annotations

from pathlib import Path

import pyotp
import yaml
from sqlalchemy import func, select

from consult.auth.models import StaffUser
from consult.consultations.models import Consultation, Question
from tests.factories import definition


def _run(app, *args, input=None):  # noqa: A002
    return app.test_cli_runner().invoke(args=list(args), input=input)


def test_demo_loads_once(app, session):
    first = _run(app, "demo")
    assert first.exit_code == 0, first.output
    second = _run(app, "demo")
    assert second.exit_code == 0 and "already present" in second.output
    assert session.scalar(select(func.count()).select_from(Consultation)) == 1
    demo = session.scalars(select(Consultation)).one()
    kinds = {q.kind for q in demo.questions}
    assert len(demo.questions) >= 8
    assert kinds == {"single_choice", "multiple_choice", "emoji_scale", "short_text", "long_text"}
    assert {"en", "fr"} <= set(demo.languages)
    for q in demo.questions:
        for band in demo.bands:
            for lang in ("en", "fr"):
                assert q.wording("prompt", band, lang, "zz"), (q.key, band, lang)


def test_demo_is_open_for_a_newcomer(app, client):
    _run(app, "demo")
    html = client.get("/").get_data(as_text=True)
    assert "/c/" in html


def test_import_then_export_round_trips(app, tmp_path: Path, session):
    source = tmp_path / "c.yaml"
    source.write_text(yaml.safe_dump(definition("round-trip")), encoding="utf-8")
    result = _run(app, "consultations", "import", str(source))
    assert result.exit_code == 0, result.output
    out = tmp_path / "out.yaml"
    assert _run(app, "consultations", "export-def", "round-trip", "-o", str(out)).exit_code == 0
    again = yaml.safe_load(out.read_text(encoding="utf-8"))
    original = definition("round-trip")
    first_option = original["questions"][1]["options"][0]["key"]
    assert again["questions"][1]["options"][0]["key"] == first_option
    assert again["title"] == original["title"]
    # The exported file imports again under a new slug.
    again["slug"] = "round-trip-2"
    out.write_text(yaml.safe_dump(again, allow_unicode=True), encoding="utf-8")
    assert _run(app, "consultations", "import", str(out)).exit_code == 0


def test_import_errors_name_the_line_and_import_nothing(app, tmp_path: Path, session):
    data = definition("broken")
    data["questions"][2]["kind"] = "dropdown"
    data["k_threshold"] = 3
    source = tmp_path / "broken.yaml"
    text = yaml.safe_dump(data, sort_keys=False)
    source.write_text(text, encoding="utf-8")
    result = _run(app, "consultations", "import", str(source))
    assert result.exit_code != 0
    lines = text.splitlines()
    kind_line = next(i for i, line in enumerate(lines, 1) if "dropdown" in line)
    k_line = next(i for i, line in enumerate(lines, 1) if line.startswith("k_threshold"))
    assert f"broken.yaml:{kind_line}: 'kind' must be one of" in result.output
    assert f"broken.yaml:{k_line}: 'k_threshold' must be a whole number from 5" in result.output
    assert "nothing was imported" in result.output
    assert session.scalar(select(func.count()).select_from(Question)) == 0


def test_import_refuses_open_without_feedback_date(app, tmp_path: Path):
    data = definition("no-feedback")
    del data["feedback_due_on"]
    source = tmp_path / "c.yaml"
    source.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = _run(app, "consultations", "import", str(source))
    assert result.exit_code != 0 and "feedback_due_on" in result.output


def test_import_reports_yaml_syntax_errors_with_a_line(app, tmp_path: Path):
    source = tmp_path / "bad.yaml"
    source.write_text("slug: x\nquestions: [\n  - a\n", encoding="utf-8")
    result = _run(app, "consultations", "import", str(source))
    assert result.exit_code != 0 and "bad.yaml:" in result.output and "YAML" in result.output


def test_users_create_reads_password_from_stdin_and_prints_totp_uri(app, session):
    result = _run(app, "users", "create", "--email", "Mod@Example.org", "--role", "moderator",
                  input="a long enough password\n")
    assert result.exit_code == 0, result.output
    uri = next(line for line in result.output.splitlines() if line.startswith("otpauth://"))
    user = session.scalars(select(StaffUser)).one()
    assert user.email == "mod@example.org" and user.roles == ["moderator"]
    assert pyotp.parse_uri(uri).secret == user.totp_secret
    again = _run(app, "users", "create", "--email", "mod@example.org", "--role", "chair",
                 input="a long enough password\n")
    assert again.exit_code != 0 and "already exists" in again.output


def test_users_create_refuses_a_short_password(app):
    result = _run(app, "users", "create", "--email", "a@b.org", "--role", "chair", input="short\n")
    assert result.exit_code != 0 and "at least 12" in result.output


def test_groups_create_and_revoke(app, consultation):
    result = _run(app, "groups", "create", "--consultation", consultation.slug,
                  "--label", "Lycée Test", "--attested-by", "Mme Directrice")
    assert result.exit_code == 0, result.output
    code = result.output.split(": ", 1)[1].splitlines()[0].strip()
    assert len(code.replace("-", "")) == 20
    revoked = _run(app, "groups", "revoke", code)
    assert revoked.exit_code == 0 and "Lycée Test" in revoked.output
    assert _run(app, "groups", "revoke", "0000-0000-0000").exit_code != 0
    assert _run(app, "groups", "create", "--consultation", "nope", "--label", "x",
                "--attested-by", "y").exit_code != 0


def test_console_script_shares_the_commands():
    from click.testing import CliRunner

    from consult.app import main

    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("db", "demo", "users", "groups", "consultations"):
        assert command in result.output

"""`consult consultations lint`: wording checked against each band's reading level."""

from __future__ import annotations

from pathlib import Path

import yaml

from consult.consultations.readability import check, grade_target
from tests.factories import definition


def test_targets_per_band():
    assert [grade_target(b) for b in ("9-12", "13-15", "16-17", "18-24")] == [4, 6, 8, 8]


def test_hard_english_for_a_nine_year_old_is_flagged():
    hard = ("Considering the multifaceted implications of algorithmic recommendation "
            "architectures, how would you characterise their developmental consequences?")
    assert check(hard, "en", "9-12") is not None
    assert check("Do you like games? Tell us why.", "en", "9-12") is None


def test_english_syllables_need_no_download(monkeypatch):
    import nltk

    def refuse(*_a, **_k):
        raise AssertionError("textstat tried to download data")

    monkeypatch.setattr(nltk, "download", refuse)
    monkeypatch.setattr(nltk.data, "find", refuse)
    assert check("An extraordinarily complicated, incomprehensible explanation of "
                 "unnecessarily bureaucratic administrative procedures.", "en", "9-12")


def test_lint_command_warns_and_names_band_and_language(app, tmp_path: Path):
    data = definition("hard")
    data["questions"][4]["prompt"]["9-12"] = {"en": (
        "Considering the multifaceted implications of algorithmic recommendation "
        "architectures, how would you characterise their developmental consequences?")}
    path = tmp_path / "hard.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["consultations", "lint", str(path)])
    assert result.exit_code == 0
    assert "question idea prompt [9-12, en]: grade" in result.output
    assert "1 readability warning(s)" in result.output


def test_lint_reports_invalid_files_with_lines(app, tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text("slug: Bad Slug\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["consultations", "lint", str(path)])
    assert result.exit_code != 0 and "bad.yaml:1:" in result.output


def test_the_demo_passes_its_own_lint(app):
    from consult.demo import DEMO_FILE

    result = app.test_cli_runner().invoke(args=["consultations", "lint", str(DEMO_FILE)])
    assert result.exit_code == 0, result.output
    assert "0 readability warning(s)" in result.output, result.output

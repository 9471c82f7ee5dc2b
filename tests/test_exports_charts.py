"""Charts: one per choice question, labels in each of the six UN languages,
suppressed bars left out and named "fewer than k", alt text that says what
the bars say. A copy of each language's chart is kept in /tmp/chart-LANG.png
so a person can look at it."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import pytest

from consult.demo import load_demo
from consult.export import charts
from consult.export.cells import prompt_text
from consult.moderate.service import approve
from consult.summarize.service import build
from tests.test_exports import now, send

PNG = b"\x89PNG\r\n\x1a\n"
LANGS = ("ar", "en", "es", "fr", "ru", "zh")


@pytest.fixture
def demo_summary(session, make_staff):  # type: ignore[no-untyped-def]
    """The demo consultation (six languages) with 40 approved submissions, two of
    which alone chose "voice": that bar must not be drawn."""
    moderator = make_staff("moderator")
    consultation, _created = load_demo(session, datetime.now(UTC), "test-secret-key")
    for i in range(40):
        apps = ["chatbots", "homework"] if i % 2 else ["images", "chatbots"]
        if i < 2:
            apps = apps + ["voice"]
        s = send(session, consultation, band=consultation.bands[1 + i % 3],
                 lang=LANGS[i % 6], region=None, **{"ai-use": apps})
        approve(session, s.id, moderator.id, now())
    session.commit()
    return consultation, build(session, consultation)


def _chart(consultation: Any, summary: dict[str, Any], lang: str) -> charts.Chart:
    question = summary["questions"][0]
    chart = charts.question_chart(question, lang=lang, fallback=consultation.languages[0],
                                  k=summary["consultation"]["k"],
                                  title=prompt_text(consultation, question, lang))
    assert chart is not None
    return chart


@pytest.mark.parametrize("lang", LANGS)
def test_chart_renders_in_every_language(demo_summary, lang):
    consultation, summary = demo_summary
    chart = _chart(consultation, summary, lang)
    assert chart.png.startswith(PNG) and len(chart.png) > 10_000
    with open(f"/tmp/chart-{lang}.png", "wb") as fh:
        fh.write(chart.png)
    # The alt text names the bars in the chart's language.
    label = {"ar": "روبوتات محادثة", "en": "AI chatbots", "es": "Chatbots de IA",
             "fr": "Des chatbots d'IA", "ru": "ИИ-чат-боты", "zh": "聊天机器人"}[lang]
    assert label in chart.alt
    assert "20 (50%)" in chart.alt


def test_suppressed_bar_is_named_not_drawn(demo_summary):
    consultation, summary = demo_summary
    voice = next(o for o in summary["questions"][0]["options"] if o["key"] == "voice")
    assert voice["suppressed"] and voice["count"] is None
    alt = _chart(consultation, summary, "en").alt
    assert "Voice helpers you talk to: fewer than 10" in alt
    assert ": 2 " not in alt and "(5%)" not in alt


def test_text_questions_have_no_chart(demo_summary):
    consultation, summary = demo_summary
    text = next(q for q in summary["questions"] if q["kind"] == "long_text")
    assert charts.question_chart(text, lang="en", fallback="en", k=10, title="x") is None


def test_chart_without_a_chinese_font_still_renders_and_warns(demo_summary, monkeypatch,
                                                              caplog):
    consultation, summary = demo_summary
    monkeypatch.setattr(charts, "_fonts", lambda: (["DejaVu Sans"], False))
    with caplog.at_level(logging.WARNING, logger="consult.export.charts"):
        chart = _chart(consultation, summary, "zh")
    assert chart.png.startswith(PNG)
    assert "no font with Chinese characters" in caplog.text


def test_a_chinese_font_is_found():
    families = charts.font_families()
    assert families[0] == "DejaVu Sans"
    assert len(families) >= 2, "install fonts-wqy-microhei or fonts-noto-cjk"


def test_wrapping_counts_chinese_as_wide():
    assert charts._wrap("下面这些人工智能工具你用过哪些", 10) == ["下面这些人", "工智能工具",
                                                            "你用过哪些"]
    assert charts._wrap("short words wrap at spaces", 12) == ["short words", "wrap at",
                                                             "spaces"]

"""The translation round trip: one language's texts out as a PO file, back in,
compared, applied through the definition's validation; damaged placeholders
and markup refused, naming the text."""

from __future__ import annotations

import html as html_lib
import io
import re
import shutil
import subprocess

import pytest
from babel.messages.pofile import read_po, write_po
from sqlalchemy import select

from consult.audit.models import AuditEvent
from consult.consultations.models import Consultation
from consult.consultations.translation import (
    StaleTranslationError,
    TranslationError,
    apply_translation,
    export_po,
    read_translation,
)
from tests.factories import csrf_token, sign_in, take_part

HELP = "Write at most %(n)s words, or {count} lines. See [the rules](https://example.org/r)."


@pytest.fixture
def c(make_consultation):  # type: ignore[no-untyped-def]
    from tests.factories import definition

    questions = definition()["questions"]
    questions[3]["help"] = {"default": {"en": HELP}}
    return make_consultation(questions=questions)


def _catalog(c: Consultation, lang: str = "fr"):  # type: ignore[no-untyped-def]
    return read_po(io.BytesIO(export_po(c, lang)))


def _po(catalog) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    return out.getvalue()


def _translate(catalog, context: str, text: str, fuzzy: bool = False) -> None:  # type: ignore[no-untyped-def]
    message = next(m for m in catalog if m.context == context)
    message.string = text
    if fuzzy:
        message.flags.add("fuzzy")


def test_the_file_names_each_text_with_its_source_and_stored_translation(c):
    catalog = _catalog(c)
    assert str(catalog.locale) == "fr"
    by_context = {m.context: m for m in catalog if m.id}
    title = by_context["consultation/title"]
    assert (title.id, title.string) == ("Staying safe online", "Rester en sécurité en ligne")
    band = by_context["question/apps/prompt/9-12"]
    assert band.id == "Which apps do you play with?" and band.string == ""
    assert band.auto_comments == ["Question 2 (apps): prompt, ages 9–12"]
    assert by_context["question/apps/option/games/default"].string == "Jeux"
    help_text = by_context["question/word/help/default"]
    assert {"python-format", "python-brace-format"} <= set(help_text.flags)
    # Every text with words in the source language is there, once. (The
    # meeting's name is the meeting's, translated on the meeting's page.)
    assert "consultation/meeting" not in by_context
    assert len(by_context) == 4 + 5 + 2 + 5 + 1


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="GNU gettext's msgfmt is not installed")
def test_gnu_msgfmt_accepts_the_file_and_its_format_flags(c, tmp_path):
    catalog = _catalog(c)
    _translate(catalog, "question/word/help/default",
               "Écris au plus %(n)s mots, ou {count} lignes. Voir [les règles]"
               "(https://example.org/r).")
    path = tmp_path / "fr.po"
    path.write_bytes(_po(catalog))
    done = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_translation_is_compared_then_applied_through_the_definition(c, session):
    catalog = _catalog(c)
    _translate(catalog, "question/apps/prompt/9-12", "Avec quelles applis joues-tu ?")
    _translate(catalog, "consultation/title", "Rester en sécurité sur Internet")
    _translate(catalog, "question/apps/option/video/default", "Vidéo", fuzzy=True)
    reading = read_translation(c, _po(catalog))
    assert {(ch.unit.context, ch.before, ch.after) for ch in reading.changes} == {
        ("question/apps/prompt/9-12", "", "Avec quelles applis joues-tu ?"),
        ("consultation/title", "Rester en sécurité en ligne", "Rester en sécurité sur Internet")}
    assert [u.context for u in reading.fuzzy] == ["question/apps/option/video/default"]
    before = c.revision
    apply_translation(session, c, _po(catalog), seen_revision=before, actor_id=None,
                      actor_label="test")
    session.commit()
    session.expire_all()
    stored = session.get(Consultation, c.id)
    assert stored.revision != before           # the cache sees the change
    assert stored.texts["title"]["fr"] == "Rester en sécurité sur Internet"
    apps = next(q for q in stored.questions if q.key == "apps")
    assert apps.texts["prompt"]["9-12"] == {"en": "Which apps do you play with?",
                                            "fr": "Avec quelles applis joues-tu ?"}
    assert "fr" not in apps.options[1]["label"]["default"]   # fuzzy: left as it was
    event = session.scalars(select(AuditEvent).where(
        AuditEvent.action == "consultation.translate")).one()
    assert event.detail["language"] == "fr" and len(event.detail["changed"]) == 2


@pytest.mark.parametrize(("translated", "said"), [
    ("Écris au plus mots, ou {count} lignes. Voir [les règles](https://example.org/r).",
     "lost %(n)s"),
    ("Écris au plus %(n)s mots, ou {nombre} lignes. Voir [les règles](https://example.org/r).",
     "lost {count}; added {nombre}"),
    ("Écris au plus %(n)s mots, ou {count} lignes. Voir les règles.", "markup"),
    ("Écris au plus %(n)s mots, ou {count} lignes. Voir [les règles](https://evil.example).",
     "markup"),
    ("Écris au plus %(n)s mots, ou {count} <b>lignes</b>. Voir [les règles]"
     "(https://example.org/r).", "markup"),
])
def test_placeholder_or_markup_damage_is_refused_naming_the_text(c, translated, said):
    catalog = _catalog(c)
    _translate(catalog, "question/word/help/default", translated)
    with pytest.raises(TranslationError) as caught:
        read_translation(c, _po(catalog))
    message = str(caught.value)
    assert "Question 4 (word): help, all ages [question/word/help/default]" in message
    assert said in message


def test_bold_in_the_intro_must_stay_bold(c):
    catalog = _catalog(c)
    _translate(catalog, "consultation/intro", "Nous voulons savoir ce que tu penses.")
    with pytest.raises(TranslationError, match="Consultation: intro.*markup differs"):
        read_translation(c, _po(catalog))
    _translate(catalog, "consultation/intro", "Nous voulons savoir **ce que tu penses**.\n\n"
                                              "Merci.")
    assert read_translation(c, _po(catalog)).changes


def test_a_file_made_before_the_source_changed_is_refused(c, session):
    catalog = _catalog(c)
    _translate(catalog, "question/feel/prompt/default", "Comment te sens-tu en ligne ?")
    feel = next(q for q in c.questions if q.key == "feel")
    feel.texts = {"prompt": {"default": {"en": "How do you feel on the internet?"}}}
    session.flush()
    with pytest.raises(TranslationError, match="source text has changed"):
        read_translation(c, _po(catalog))


@pytest.mark.parametrize(("data", "said"), [
    (b"this is not a po file \x00\xff", "not a PO file"),
    (b'msgid ""\nmsgstr ""\n"Language: de\\n"\n', "'de' is not one of"),
    (b'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgctxt "question/gone/prompt/default"\n'
     b'msgid "Old"\nmsgstr "Vieux"\n', "'question/gone/prompt/default' is not a text"),
])
def test_a_file_that_is_not_this_consultations_translation_is_refused(c, data, said):
    with pytest.raises(TranslationError, match=said):
        read_translation(c, data)


def test_an_open_consultation_with_answers_takes_a_translation(client, c, session):
    take_part(client, c.slug)
    catalog = _catalog(c)
    _translate(catalog, "question/word/prompt/default", "Un mot pour Internet ?")
    apply_translation(session, c, _po(catalog), seen_revision=None, actor_id=None)
    session.commit()
    page = client.get(f"/c/{c.slug}/?lang=fr")
    assert page.status_code == 200


def test_a_stale_comparison_is_not_applied(c, session):
    catalog = _catalog(c)
    _translate(catalog, "question/word/prompt/default", "Un mot ?")
    with pytest.raises(StaleTranslationError):
        apply_translation(session, c, _po(catalog), seen_revision="0" * 32, actor_id=None)


def test_a_chair_downloads_uploads_compares_and_confirms(client, c, session, make_staff):
    sign_in(client, make_staff("chair"))
    page = client.get(f"/chair/{c.id}/translation")
    assert page.status_code == 200
    r = client.post(f"/chair/{c.id}/translation/export",
                    data={"csrf_token": csrf_token(page.get_data(as_text=True)), "lang": "fr"})
    assert r.headers["Content-Disposition"] == f'attachment; filename="{c.slug}-fr.po"'
    catalog = read_po(io.BytesIO(r.data))
    _translate(catalog, "question/word/prompt/default", "Un mot pour « Internet » & co ?")
    token = csrf_token(page.get_data(as_text=True))
    diff = client.post(f"/chair/{c.id}/translation/import", data={
        "csrf_token": token, "file": (io.BytesIO(_po(catalog)), "fr.po")})
    html = diff.get_data(as_text=True)
    assert diff.status_code == 200, html
    assert "One word for the internet?" in html and "Un mot pour « Internet » &amp; co ?" in html
    assert "(no text yet)" in html
    session.expire_all()
    assert "fr" not in next(q for q in session.get(Consultation, c.id).questions
                            if q.key == "word").texts["prompt"]["default"]
    # The confirmation posts back what the comparison page holds, as the browser would.
    fields = {name: html_lib.unescape(value) for name, value in re.findall(
        r'<input id="(?:po|revision)" name="(\w+)" type="hidden" value="([^"]*)"', html)}
    assert set(fields) == {"po", "revision"}
    done = client.post(f"/chair/{c.id}/translation/apply", content_type="multipart/form-data",
                       data={"csrf_token": csrf_token(html), **fields})
    assert done.status_code == 302, done.get_data(as_text=True)
    session.expire_all()
    word = next(q for q in session.get(Consultation, c.id).questions if q.key == "word")
    assert word.texts["prompt"]["default"]["fr"] == "Un mot pour « Internet » & co ?"


def test_a_damaged_upload_changes_nothing_and_says_which_text(client, c, make_staff):
    sign_in(client, make_staff("chair"))
    catalog = _catalog(c)
    _translate(catalog, "question/word/help/default", "Écris au plus quelques mots.")
    page = client.get(f"/chair/{c.id}/translation").get_data(as_text=True)
    r = client.post(f"/chair/{c.id}/translation/import", data={
        "csrf_token": csrf_token(page), "file": (io.BytesIO(_po(catalog)), "fr.po")})
    html = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "Question word: help text, all ages" in html and "placeholders differ" in html


def test_the_command_line_exports_and_imports(app, c, session, tmp_path):
    runner = app.test_cli_runner()
    path = tmp_path / "fr.po"
    out = runner.invoke(args=["consultations", "translation", "export", c.slug, "--lang", "fr",
                              "-o", str(path)])
    assert out.exit_code == 0, out.output
    catalog = read_po(io.BytesIO(path.read_bytes()))
    _translate(catalog, "question/report/option/yes/default", "Oui")
    path.write_bytes(_po(catalog))
    dry = runner.invoke(args=["consultations", "translation", "import", c.slug, str(path),
                              "--dry-run"])
    assert dry.exit_code == 0 and "+ Oui" in dry.output and "would change" in dry.output
    done = runner.invoke(args=["consultations", "translation", "import", c.slug, str(path)])
    assert done.exit_code == 0, done.output
    session.expire_all()
    report = next(q for q in session.get(Consultation, c.id).questions if q.key == "report")
    assert report.options[0]["label"]["default"]["fr"] == "Oui"
    wrong = runner.invoke(args=["consultations", "translation", "export", c.slug, "--lang", "en"])
    assert wrong.exit_code != 0 and "not one of" in wrong.output

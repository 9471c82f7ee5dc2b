"""Themes: the codebook, tagging approved answers, and suggested themes that a
person accepts (nothing is tagged automatically)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from consult.audit.models import AuditEvent
from consult.moderate import service as moderation
from consult.participate import service as participation
from consult.participate.models import Answer, Submission
from consult.summarize.service import build
from consult.themes import service, suggest
from consult.themes.models import Theme, answer_themes
from tests.factories import csrf_token, post_form, sign_in

REPORT = ["The report button should be bigger and easier to find",
          "I could not find the report button when someone was mean",
          "Make the report button visible on every post",
          "Reporting should be quick, the report button is hidden",
          "A clear report button would help me report bullies",
          "Report button needs to be on the first page of the chat"]
SCREEN = ["Screen time limits help me sleep better at night",
          "Apps should show my screen time every day",
          "I spend too much screen time on videos",
          "Screen time reminders would help children",
          "Parents and kids should agree on screen time",
          "Daily screen time summary would be useful"]
FRENCH = ["Le bouton signaler est trop petit", "Je veux un bouton pour signaler les méchants",
          "Signaler doit être facile avec un bouton", "Le bouton de signalement est caché",
          "Le temps d'écran est trop long", "Limiter le temps d'écran le soir",
          "Mon temps d'écran augmente", "Un rappel du temps d'écran serait utile"]
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def moderator(make_staff):
    return make_staff("moderator")


@pytest.fixture
def chair_client(client, make_staff):
    sign_in(client, make_staff("chair"))
    return client


def _send(session, consultation, text, lang="en"):
    """A submission through the participation service, pending moderation."""
    sent = participation.submit(session, consultation,
                                {"band": "16-17", "lang": lang, "answers": {"idea": text}},
                                secret="test-secret-key", today=date.today())
    session.commit()
    return sent.submission.id


def _approved(session, consultation, moderator, texts, lang="en"):
    """Approve each text as a moderator would; returns the text answers' ids."""
    ids = []
    for text in texts:
        sid = _send(session, consultation, text, lang)
        moderation.approve(session, sid, moderator.id, datetime.now(UTC))
        ids.append(_answer_id(session, sid))
    session.commit()
    return ids


def _answer_id(session, submission_id):
    return session.scalars(select(Answer.id).where(Answer.submission_id == submission_id,
                                                   Answer.text_original.is_not(None))).one()


def _theme(session, consultation, moderator, key="reporting", label="Reporting tools"):
    theme = service.create_theme(session, consultation, key, {"en": label}, moderator.id)
    session.commit()
    return theme


def _tags(session, theme_id):
    session.expire_all()
    return set(session.scalars(select(answer_themes.c.answer_id)
                               .where(answer_themes.c.theme_id == theme_id)))


def _actions(session):
    session.expire_all()
    return [e.action for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


# Who may reach the pages

@pytest.mark.parametrize("role", ["chair", "moderator"])
def test_chair_and_moderator_reach_every_themes_page(client, make_staff, consultation, role):
    sign_in(client, make_staff(role))
    for url in ("/themes/", f"/themes/{consultation.id}/", f"/themes/{consultation.id}/suggest"):
        assert client.get(url).status_code == 200, url
    assert 'href="/themes/"' in client.get("/staff/").get_data(as_text=True)


@pytest.mark.parametrize("role", ["safeguarding", "admin"])
def test_as_safeguarding_or_admin_the_themes_pages_are_403(client, make_staff, consultation,
                                                          role):
    sign_in(client, make_staff(role))
    for url in ("/themes/", f"/themes/{consultation.id}/", f"/themes/{consultation.id}/suggest"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/themes/{consultation.id}/bulk").status_code in (400, 403)
    assert 'href="/themes/"' not in client.get("/staff/").get_data(as_text=True)


def test_an_anonymous_visitor_is_sent_to_sign_in(client, consultation):
    for url in ("/themes/", f"/themes/{consultation.id}/", f"/themes/{consultation.id}/suggest"):
        r = client.get(url)
        assert r.status_code == 302 and "/staff/login" in r.location


# The codebook

def test_a_chair_adds_renames_and_deletes_a_theme(chair_client, consultation, session):
    base = f"/themes/{consultation.id}/"
    r = post_form(chair_client, base + "new", {"key": "reporting-tools",
                                               "label_en": "Reporting tools",
                                               "label_fr": "Outils de signalement"}, page=base)
    assert r.status_code == 302
    theme = session.scalars(select(Theme)).one()
    assert theme.labels == {"en": "Reporting tools", "fr": "Outils de signalement"}
    html = chair_client.get(base).get_data(as_text=True)
    assert "reporting-tools" in html and "Outils de signalement" in html

    r = post_form(chair_client, f"{base}t/{theme.id}", {"key": "reporting",
                                                        "label_en": "Reporting", "label_fr": ""})
    assert r.status_code == 302
    session.expire_all()
    assert (theme.key, theme.labels) == ("reporting", {"en": "Reporting"})

    r = post_form(chair_client, f"{base}t/{theme.id}/delete", {}, page=f"{base}t/{theme.id}")
    assert r.status_code == 302
    assert session.scalar(select(func.count()).select_from(Theme)) == 0
    assert _actions(session)[-3:] == ["theme_create", "theme_update", "theme_delete"]
    update = session.scalars(select(AuditEvent).where(AuditEvent.action == "theme_update")).one()
    assert update.detail["old_key"] == "reporting-tools"


@pytest.mark.parametrize(("data", "message"), [
    ({"key": "Bad Key!", "label_en": "Bad"}, "Use only lowercase letters, digits"),
    ({"key": "-edge-", "label_en": "Edge"}, "Use only lowercase letters, digits"),
    ({"key": "", "label_en": "No key"}, "Give the theme a key"),
    ({"key": "x" * 61, "label_en": "Long"}, "at most 60 characters"),
    ({"key": "no-label", "label_en": "  ", "label_fr": "Seulement en français"},
     "Write the label in English"),
])
def test_a_bad_theme_is_a_field_error_that_keeps_what_was_typed(chair_client, consultation,
                                                                 session, data, message):
    base = f"/themes/{consultation.id}/"
    r = post_form(chair_client, base + "new", data, page=base)
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and message in html
    assert 'class="error-summary"' in html
    for value in data.values():
        if value.strip():
            assert f'value="{value}"' in html.replace("&#34;", '"') or value in html
    assert session.scalar(select(func.count()).select_from(Theme)) == 0


def test_a_key_is_unique_within_a_consultation_only(chair_client, consultation,
                                                     make_consultation, moderator, session):
    _theme(session, consultation, moderator, key="reporting")
    other = make_consultation("another-one")
    r = post_form(chair_client, f"/themes/{consultation.id}/new",
                  {"key": "reporting", "label_en": "Again"}, page=f"/themes/{consultation.id}/")
    assert r.status_code == 400 and "already has a theme with this key" in r.get_data(as_text=True)
    r = post_form(chair_client, f"/themes/{other.id}/new",
                  {"key": "reporting", "label_en": "Elsewhere"}, page=f"/themes/{other.id}/")
    assert r.status_code == 302


def test_renaming_to_a_taken_key_is_a_field_error(chair_client, consultation, moderator,
                                                  session):
    _theme(session, consultation, moderator, key="reporting")
    second = _theme(session, consultation, moderator, key="screen-time", label="Screen time")
    r = post_form(chair_client, f"/themes/{consultation.id}/t/{second.id}",
                  {"key": "reporting", "label_en": "Screen time"})
    assert r.status_code == 400 and "already has a theme with this key" in r.get_data(as_text=True)
    session.expire_all()
    assert session.get(Theme, second.id).key == "screen-time"


def test_unknown_ids_and_another_consultations_theme_are_404(chair_client, consultation,
                                                              make_consultation, moderator,
                                                              session):
    other = make_consultation("another-one")
    foreign = _theme(session, other, moderator, key="foreign")
    [answer] = _approved(session, consultation, moderator, ["Bigger report buttons"])
    html = chair_client.get(f"/themes/{consultation.id}/").get_data(as_text=True)
    token = csrf_token(html)
    assert chair_client.get("/themes/999999/").status_code == 404
    assert chair_client.get(f"/themes/{consultation.id}/t/{foreign.id}").status_code == 404
    assert chair_client.get(f"/themes/{consultation.id}/t/999999").status_code == 404
    r = chair_client.post(f"/themes/{consultation.id}/a/{answer}/tag",
                          data={"csrf_token": token, f"theme-{answer}": foreign.id})
    assert r.status_code == 404
    r = chair_client.post(f"/themes/{consultation.id}/bulk",
                          data={"csrf_token": token, "ids": [answer], "theme": foreign.id,
                                "action": "tag"})
    assert r.status_code == 404
    r = chair_client.post(f"/themes/{consultation.id}/bulk",
                          data={"csrf_token": token, "ids": [answer], "theme": "x",
                                "action": "explode"})
    assert r.status_code == 400
    r = chair_client.post(f"/themes/{consultation.id}/suggest/accept",
                          data={"csrf_token": token, "suggestion": "<bad>"})
    assert r.status_code == 400
    r = chair_client.post(f"/themes/{consultation.id}/bulk",
                          data={"ids": [answer], "theme": foreign.id, "action": "tag"})
    assert r.status_code == 400  # no CSRF token
    assert _tags(session, foreign.id) == set()


# Tagging

def test_tag_and_untag_one_answer(chair_client, consultation, moderator, session):
    theme = _theme(session, consultation, moderator)
    [answer] = _approved(session, consultation, moderator, ["Bigger report buttons please"])
    page = f"/themes/{consultation.id}/"
    html = chair_client.get(page).get_data(as_text=True)
    assert f'<label for="theme-{answer}">' in html and f'<label for="pick-{answer}">' in html
    r = chair_client.post(f"/themes/{consultation.id}/a/{answer}/tag",
                          data={"csrf_token": csrf_token(html), f"theme-{answer}": theme.id})
    assert r.status_code == 302 and r.location.endswith(f"#a{answer}")
    assert _tags(session, theme.id) == {answer}
    html = chair_client.get(page).get_data(as_text=True)
    assert f"/a/{answer}/untag/{theme.id}" in html
    r = chair_client.post(f"/themes/{consultation.id}/a/{answer}/untag/{theme.id}",
                          data={"csrf_token": csrf_token(html)})
    assert r.status_code == 302 and _tags(session, theme.id) == set()
    assert _actions(session)[-2:] == ["tag", "untag"]


def test_bulk_tag_touches_only_approved_answers_of_that_consultation(
        chair_client, consultation, make_consultation, moderator, session):
    theme = _theme(session, consultation, moderator)
    approved = _approved(session, consultation, moderator, ["one idea", "two idea", "three"])
    pending = _answer_id(session, _send(session, consultation, "still pending"))
    other = make_consultation("another-one")
    [elsewhere] = _approved(session, other, moderator, ["another consultation's idea"])
    page = f"/themes/{consultation.id}/"
    r = post_form(chair_client, f"/themes/{consultation.id}/bulk",
                  {"ids": [*approved, pending, elsewhere, 999999], "theme": theme.id,
                   "action": "tag"}, page=page)
    assert r.status_code == 302
    assert _tags(session, theme.id) == set(approved)
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "tag_bulk")).one()
    assert event.detail["answers"] == sorted(approved) and event.detail["ignored"] == 3

    r = post_form(chair_client, f"/themes/{consultation.id}/bulk",
                  {"ids": approved[:2], "theme": theme.id, "action": "untag"}, page=page)
    assert r.status_code == 302 and _tags(session, theme.id) == {approved[2]}
    assert _actions(session)[-1] == "tag_bulk"


def test_bulk_without_a_theme_or_answers_changes_nothing(chair_client, consultation, moderator,
                                                         session):
    theme = _theme(session, consultation, moderator)
    approved = _approved(session, consultation, moderator, ["one idea"])
    page = f"/themes/{consultation.id}/"
    r = post_form(chair_client, f"/themes/{consultation.id}/bulk",
                  {"ids": approved, "action": "tag"}, page=page, follow_redirects=True)
    assert r.status_code == 200 and "choose a theme" in r.get_data(as_text=True)
    r = post_form(chair_client, f"/themes/{consultation.id}/bulk",
                  {"theme": theme.id, "action": "tag"}, page=page)
    assert r.status_code == 302 and _tags(session, theme.id) == set()


def test_filters_and_keyset_pages(chair_client, consultation, moderator, session):
    theme = _theme(session, consultation, moderator)
    english = _approved(session, consultation, moderator, [f"idea {i}" for i in range(5)])
    french = _approved(session, consultation, moderator, ["une idée", "autre idée"], lang="fr")
    service.tag_bulk(session, consultation.id, theme.id, english[:2], moderator.id)
    session.commit()
    everything = service.AnswerFilter()
    rows, after = service.answer_page(session, consultation.id, everything, limit=3)
    assert [r.answer_id for r in rows] == english[:3] and after == english[2]
    rows, after = service.answer_page(session, consultation.id, everything, after, limit=3)
    assert [r.answer_id for r in rows] == english[3:] + french[:1] and after is not None
    rows, _ = service.answer_page(session, consultation.id, service.AnswerFilter(language="fr"))
    assert [r.answer_id for r in rows] == french and rows[0].text == "une idée"
    rows, _ = service.answer_page(session, consultation.id,
                                  service.AnswerFilter(theme_id=theme.id))
    assert [r.answer_id for r in rows] == english[:2] and rows[0].theme_ids == (theme.id,)
    rows, _ = service.answer_page(session, consultation.id, service.AnswerFilter(untagged=True))
    assert [r.answer_id for r in rows] == english[2:] + french
    html = chair_client.get(f"/themes/{consultation.id}/?untagged=1&language=en"
                            ).get_data(as_text=True)
    assert html.count('name="ids"') == 3
    html = chair_client.get(f"/themes/{consultation.id}/?theme=abc&question=-1&language=xx"
                            ).get_data(as_text=True)
    assert html.count('name="ids"') == 7


def test_only_approved_answers_are_listed_or_taggable(chair_client, consultation, moderator,
                                                      session):
    theme = _theme(session, consultation, moderator)
    now = datetime.now(UTC)
    [approved] = _approved(session, consultation, moderator, ["approved words"])
    pending = _send(session, consultation, "pending words")
    rejected = _send(session, consultation, "rejected words")
    moderation.reject(session, rejected, moderator.id, now, "off_topic")
    escalated = _send(session, consultation, "escalated words")
    moderation.escalate(session, escalated, moderator.id, now)
    withdrawn = _send(session, consultation, "withdrawn words")
    moderation.approve(session, withdrawn, moderator.id, now)
    session.commit()
    hidden = [_answer_id(session, s) for s in (pending, rejected, escalated)]
    participation.withdraw(session, session.get(Submission, withdrawn))
    session.commit()

    html = chair_client.get(f"/themes/{consultation.id}/").get_data(as_text=True)
    assert "approved words" in html
    for words in ("pending", "rejected", "escalated", "withdrawn"):
        assert f"{words} words" not in html
    for answer_id in hidden:
        with pytest.raises(LookupError):
            service.tag(session, consultation.id, answer_id, theme.id, moderator.id)
        r = post_form(chair_client, f"/themes/{consultation.id}/a/{answer_id}/tag",
                      {f"theme-{answer_id}": theme.id}, page=f"/themes/{consultation.id}/")
        assert r.status_code == 404
    assert service.tag_bulk(session, consultation.id, theme.id, [approved, *hidden],
                            moderator.id) == 1
    assert _tags(session, theme.id) == {approved}


def test_hostile_text_and_labels_are_escaped(chair_client, consultation, moderator, session):
    _theme(session, consultation, moderator, key="hostile", label='<b onmouseover="x">bold</b>')
    _approved(session, consultation, moderator, [HOSTILE])
    html = chair_client.get(f"/themes/{consultation.id}/").get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert '<b onmouseover' not in html and "&lt;b onmouseover=" in html


# Suggestions

@pytest.fixture
def corpus(consultation, moderator, session):
    """Twelve English texts about two clear topics, and eight French ones."""
    english = _approved(session, consultation, moderator, REPORT + SCREEN)
    french = _approved(session, consultation, moderator, FRENCH, lang="fr")
    return {"report": set(english[:6]), "screen": set(english[6:]), "fr": set(french)}


def test_suggestions_are_per_language_and_keep_the_two_topics_apart(consultation, corpus,
                                                                     session):
    found = suggest.suggest(session, consultation)
    assert found == suggest.suggest(session, consultation)  # deterministic
    assert [s.language for s in found] == sorted((s.language for s in found),
                                                 key=["en", "fr"].index)
    english = [s for s in found if s.language == "en"]
    french = [s for s in found if s.language == "fr"]
    assert english and french
    for s in english:
        ids = set(s.answer_ids)
        # No suggestion mixes the topics, and every English one is English.
        assert ids <= corpus["report"] or ids <= corpus["screen"], s
    report = [s for s in english if set(s.answer_ids) <= corpus["report"]]
    screen = [s for s in english if set(s.answer_ids) <= corpus["screen"]]
    assert report and screen
    assert any("report" in " ".join(s.terms) for s in report)
    assert any("screen" in " ".join(s.terms) for s in screen)
    assert all(set(s.answer_ids) <= corpus["fr"] for s in french)
    assert {"bouton", "temps"} <= {t.split()[0] for s in french for t in s.terms}


def test_accepting_a_suggestion_tags_nothing_until_the_answers_are_tagged(
        chair_client, consultation, corpus, session):
    url = f"/themes/{consultation.id}/suggest"
    html = chair_client.get(url).get_data(as_text=True)
    s = next(s for s in suggest.suggest(session, consultation)
             if s.language == "en" and set(s.answer_ids) <= corpus["screen"])
    assert f'id="{s.ref}"' in html and s.terms[0] in html
    assert "Accept the suggestion as a theme first" in html  # no theme yet, so no tag button
    r = chair_client.post(url + "/accept", data={
        f"{s.ref}-csrf_token": csrf_token(html), "suggestion": s.ref,
        f"{s.ref}-key": "screen-time", f"{s.ref}-label_en": "Screen time"})
    assert r.status_code == 302
    theme = session.scalars(select(Theme)).one()
    assert theme.labels == {"en": "Screen time"}
    assert _tags(session, theme.id) == set()  # accepted, still nothing tagged
    assert "theme_create" in _actions(session) and "tag_bulk" not in _actions(session)

    html = chair_client.get(r.location).get_data(as_text=True)
    section = html.split(f'id="{s.ref}"', 1)[1].split("</section>", 1)[0]
    listed = [int(i) for i in re.findall(r'name="ids" value="(\d+)"', section)]
    assert set(listed) == set(s.answer_ids)
    assert f'<option value="{theme.id}" selected>' in section
    assert f"Tag these {len(listed)} answers" in section
    for answer_id in listed:
        assert f'<label for="{s.ref}-pick-{answer_id}">' in section
    r = chair_client.post(f"/themes/{consultation.id}/bulk?from=suggest", data={
        "csrf_token": csrf_token(html), "ids": listed[1:], "theme": theme.id, "action": "tag"})
    assert r.status_code == 302 and "/suggest" in r.location
    assert _tags(session, theme.id) == set(listed[1:])  # the one unticked stays untagged


def test_a_rejected_suggestion_form_keeps_what_was_typed(chair_client, consultation, corpus,
                                                         session):
    url = f"/themes/{consultation.id}/suggest"
    html = chair_client.get(url).get_data(as_text=True)
    ref = suggest.suggest(session, consultation)[0].ref
    r = chair_client.post(url + "/accept", data={
        f"{ref}-csrf_token": csrf_token(html), "suggestion": ref,
        f"{ref}-key": "Not A Key", f"{ref}-label_en": "Kept label"})
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "Use only lowercase letters" in html
    assert 'value="Kept label"' in html and 'value="Not A Key"' in html
    assert session.scalar(select(func.count()).select_from(Theme)) == 0


def test_a_language_with_too_few_texts_gets_no_suggestion():
    texts = list(enumerate(REPORT[:5], start=1))
    assert suggest.topics(texts, "en") == []


def test_masked_personal_data_is_never_a_term():
    texts = [(i, f"███ says the report button ███ is hidden {'███ ' * i}")
             for i in range(1, 7)] + [(10 + i, t) for i, t in enumerate(SCREEN)]
    found = suggest.topics(texts, "en")
    assert found and all("█" not in term for s in found for term in s.terms)


def test_chinese_uses_character_ngrams_and_other_scripts_their_words():
    chinese = ["举报按钮太小了", "我找不到举报按钮", "举报按钮应该更明显", "举报按钮很重要",
               "屏幕时间太长了", "我需要屏幕时间提醒", "屏幕时间限制很好", "父母应该管屏幕时间"]
    found = suggest.topics(list(enumerate(chinese)), "zh")
    assert {s.terms[0] for s in found} == {"举报按钮", "屏幕时间"}
    assert {s.answer_ids for s in found} == {(0, 1, 2, 3), (4, 5, 6, 7)} or all(
        set(s.answer_ids) <= {0, 1, 2, 3} or set(s.answer_ids) <= {4, 5, 6, 7} for s in found)
    russian = ["Кнопка жалобы слишком маленькая", "Нужна кнопка жалобы на видном месте",
               "Кнопка жалобы спрятана", "Жалобы должны работать быстро, кнопка важна",
               "Экранное время слишком большое", "Экранное время надо ограничить",
               "Напоминание про экранное время", "Экранное время мешает спать"]
    found = suggest.topics(list(enumerate(russian)), "ru")
    terms = [" ".join(s.terms) for s in found]
    assert any("кнопка" in t for t in terms) and any("время" in t for t in terms)
    arabic = ["زر الإبلاغ صغير جدا", "أريد زر الإبلاغ واضحا", "زر الإبلاغ مخفي",
              "الإبلاغ عن التنمر بالزر", "وقت الشاشة طويل", "تذكير بوقت الشاشة",
              "وقت الشاشة يضر النوم", "حدود وقت الشاشة مفيدة"]
    found = suggest.topics(list(enumerate(arabic)), "ar")
    assert len(found) == 2 and all(set(s.answer_ids) <= {0, 1, 2, 3}
                                   or set(s.answer_ids) <= {4, 5, 6, 7} for s in found)


# The summary

def test_the_summary_counts_tags_and_suppresses_a_small_theme(make_consultation, moderator,
                                                               session):
    consultation = make_consultation("small-k", k_threshold=5)
    ids = _approved(session, consultation, moderator, [f"idea number {i}" for i in range(12)])
    common = _theme(session, consultation, moderator, key="common", label="Common")
    rare = _theme(session, consultation, moderator, key="rare", label="Rare")
    service.tag_bulk(session, consultation.id, common.id, ids[:6], moderator.id)
    service.tag_bulk(session, consultation.id, rare.id, ids[:2], moderator.id)
    session.commit()
    themes = {t["key"]: t for t in build(session, consultation, quotes=False)["themes"]}
    assert themes["common"]["count"] == 6 and not themes["common"]["suppressed"]
    assert themes["rare"]["count"] is None and themes["rare"]["suppressed"]
    assert themes["common"]["label"]["en"] == "Common"

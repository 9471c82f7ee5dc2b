"""Coming back with a return code: status, change, withdraw (rules 3 and 7)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from consult.consultations.models import Consultation
from consult.participate.models import Answer, Submission
from tests.factories import post_form, return_code, take_part


def _sent(client, consultation, **kw):
    return return_code(take_part(client, consultation.slug, **kw))


def test_return_code_is_20_digits_in_groups_and_only_its_hash_is_stored(client, consultation,
                                                                       session):
    code = _sent(client, consultation, answers={4: "hello"})
    groups = code.split("-")
    assert [len(g) for g in groups] == [4, 4, 4, 4, 4] and code.replace("-", "").isdigit()
    stored = session.scalars(select(Submission)).one()
    assert code.replace("-", "") not in stored.code_hash and len(stored.code_hash) == 64


def test_return_code_is_never_put_in_a_cookie(client, consultation):
    done = take_part(client, consultation.slug)
    code = return_code(done)
    for cookie in client._cookies.values():  # noqa: SLF001 - the test client's jar
        from itsdangerous import URLSafeTimedSerializer  # noqa: F401
        assert code.replace("-", "") not in cookie.value
    from flask.sessions import SecureCookieSessionInterface

    serializer = SecureCookieSessionInterface().get_signing_serializer(client.application)
    for cookie in client._cookies.values():  # noqa: SLF001
        if cookie.key == "session":
            data = serializer.loads(cookie.value)
            assert code.replace("-", "") not in repr(data)


def test_return_codes_differ(client, consultation, app):
    codes = {_sent(app.test_client(), consultation) for _ in range(5)}
    assert len(codes) == 5


def test_return_code_downloads_as_text_file(client, consultation):
    done = take_part(client, consultation.slug)
    code = return_code(done)
    from tests.factories import csrf_token

    r = client.post(f"/c/{consultation.slug}/return-code.txt",
                    data={"code": code, "csrf_token": csrf_token(done.get_data(as_text=True))})
    assert r.status_code == 200 and r.mimetype == "text/plain"
    assert "attachment" in r.headers["Content-Disposition"]
    assert code in r.get_data(as_text=True)


def test_status_page_with_code_typed_in_arabic_digits(client, consultation):
    code = _sent(client, consultation)
    arabic = code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    page = post_form(client, "/return", {"code": arabic}).get_data(as_text=True)
    assert "Sent and being read" in page


def test_unknown_code_gets_a_field_error_not_a_500(client, consultation):
    r = post_form(client, "/return", {"code": "1234-5678-9012-3456-7890"})
    assert r.status_code == 400
    assert "could not find that return code" in r.get_data(as_text=True)


def test_return_page_cookie_holds_only_a_csrf_token(client, consultation):
    """/return needs a CSRF token, so it sets a cookie; the code never goes in it."""
    from flask.sessions import SecureCookieSessionInterface

    code = _sent(client.application.test_client(), consultation)
    page = client.get("/return")
    assert len(page.headers.getlist("Set-Cookie")) == 1
    post_form(client, "/return", {"code": code})
    serializer = SecureCookieSessionInterface().get_signing_serializer(client.application)
    cookie = client.get_cookie("session")
    assert set(serializer.loads(cookie.value)) == {"csrf_token"}


def test_withdrawn_submission_loses_its_answers(client, consultation, session):
    code = _sent(client, consultation, answers={4: "my words", 3: "yes"})
    page = post_form(client, "/return", {"code": code, "action": "withdraw-confirm"})
    assert "This cannot be undone" in page.get_data(as_text=True)
    post_form(client, "/return", {"code": code, "action": "withdraw"})
    submission = session.scalars(select(Submission)).one()
    assert submission.status == "withdrawn"
    assert session.scalars(select(Answer)).all() == []
    page = post_form(client, "/return", {"code": code}).get_data(as_text=True)
    assert "Taken back" in page and "Change my answers" not in page


def test_change_answers_while_open(client, consultation, session):
    code = _sent(client, consultation, answers={4: "first"})
    r = post_form(client, "/return", {"code": code, "action": "edit"})
    assert r.status_code == 302 and r.location.endswith("/q/1")
    page = client.get(f"/c/{consultation.slug}/q/4").get_data(as_text=True)
    assert 'value="first"' in page
    post_form(client, f"/c/{consultation.slug}/q/4", {"answer": "second", "action": "next"})
    done = post_form(client, f"/c/{consultation.slug}/review", {"action": "send"})
    assert "Your changes are saved" in done.get_data(as_text=True)
    answers = session.scalars(select(Answer)).all()
    assert [a.text_original for a in answers] == ["second"]
    assert session.scalars(select(Submission)).one().status == "pending"


def test_no_changes_once_closed_but_withdraw_still_works(client, consultation, session):
    code = _sent(client, consultation, answers={4: "words"})
    row = session.get(Consultation, consultation.id)
    row.closes_at = datetime.now(UTC) - timedelta(minutes=1)
    session.commit()
    page = post_form(client, "/return", {"code": code}).get_data(as_text=True)
    assert "Change my answers" not in page and "Take back my answers" in page
    assert post_form(client, "/return", {"code": code, "action": "edit"}).status_code == 403
    post_form(client, "/return", {"code": code, "action": "withdraw"})
    assert session.scalars(select(Submission)).one().status == "withdrawn"


def test_changing_answers_keeps_the_tags_of_the_ones_left_alone(client, consultation, session):
    from consult.themes.models import Theme, answer_themes

    slug = consultation.slug
    code = _sent(client, consultation, answers={2: ["games"], 4: "stay", 5: "first idea"})
    qid = {n: q.id for n, q in enumerate(consultation.questions, start=1)}
    before = {a.question_id: a.id for a in session.scalars(select(Answer))}
    theme = Theme(consultation_id=consultation.id, key="ideas", labels={"en": "Ideas"},
                  created_at=datetime.now(UTC))
    session.add(theme)
    session.flush()
    for n in (4, 5):
        session.execute(answer_themes.insert().values(answer_id=before[qid[n]],
                                                      theme_id=theme.id))
    session.commit()

    post_form(client, "/return", {"code": code, "action": "edit"})
    post_form(client, f"/c/{slug}/q/2", {"action": "next"})  # every box unticked
    post_form(client, f"/c/{slug}/q/5", {"answer": "second idea", "action": "next"})
    post_form(client, f"/c/{slug}/review", {"action": "send"})

    session.expire_all()
    after = {a.question_id: a for a in session.scalars(select(Answer))}
    assert set(after) == {qid[4], qid[5]}
    assert after[qid[4]].id == before[qid[4]] and after[qid[4]].text_original == "stay"
    assert after[qid[5]].text_original == "second idea"
    tagged = set(session.scalars(select(answer_themes.c.answer_id)))
    assert tagged == {before[qid[4]]}, "the changed answer's tag described the old words"

"""Privacy rules docs/privacy.md#rule-1, docs/privacy.md#rule-2 and
docs/privacy.md#rule-3, each as a test."""

from __future__ import annotations

import logging

from sqlalchemy import inspect, select, text

from consult.models import Base
from consult.participate.models import Submission
from tests.factories import csrf_token, post_form, return_code, take_part

AGENT = "DistinctiveAgent/9.9 (probe-7f3c1)"
FORWARDED = "203.0.113.77"
REMOTE = "198.51.100.23"


def _all_text_in_database(session) -> str:
    dump = []
    for table in Base.metadata.sorted_tables:
        for row in session.execute(select(table)):
            dump.append(repr(tuple(row)))
    return "\n".join(dump)


def test_rule1_no_address_or_user_agent_in_any_table_or_log(app, client, consultation,
                                                            session, caplog):
    caplog.set_level(logging.DEBUG)
    headers = {"User-Agent": AGENT, "X-Forwarded-For": FORWARDED, "X-Real-IP": FORWARDED}
    client.environ_base["REMOTE_ADDR"] = REMOTE
    done = take_part(client, consultation.slug, answers={5: "More help buttons"},
                     headers=headers)
    post_form(client, "/return", {"code": return_code(done)}, headers=headers)
    everything = _all_text_in_database(session)
    for secret in (AGENT, FORWARDED, REMOTE, "probe-7f3c1"):
        assert secret not in everything
        assert secret not in caplog.text


def test_rule1_submission_has_no_column_for_address_agent_cookie_or_time():
    columns = {c.name for c in inspect(Submission).columns}
    assert columns == {"id", "consultation_id", "band", "region", "language", "received_on",
                       "status", "code_hash", "group_id", "quote_consent", "flag_pii",
                       "flag_disclosure", "flag_abuse", "claimed_by_id", "claimed_until",
                       "decided_by_id", "reject_reason", "reject_note", "given_live"}
    # The day it arrived, never a time of day.
    assert str(inspect(Submission).columns["received_on"].type) == "DATE"


def test_rule1_rate_limit_key_is_a_keyed_hash_of_the_address(app):
    from consult.extensions import _address_key

    with app.test_request_context("/", environ_base={"REMOTE_ADDR": REMOTE}):
        key = _address_key()
    assert REMOTE not in key and len(key) == 32
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "198.51.100.24"}):
        assert _address_key() != key


def test_rule1_gunicorn_access_log_has_no_address_agent_or_referrer():
    import runpy
    from pathlib import Path

    conf = runpy.run_path(str(Path(__file__).resolve().parents[1] / "gunicorn.conf.py"))
    fmt = conf["access_log_format"]
    for atom in ("%(h)s", "%(a)s", "%(f)s", "%({x-forwarded-for}i)s", "%(l)s", "%(u)s", "%(t)s"):
        assert atom not in fmt


def test_rule1_session_cookie_holds_no_address(client, consultation):
    client.environ_base["REMOTE_ADDR"] = REMOTE
    take_part(client, consultation.slug, headers={"User-Agent": AGENT})
    for cookie in client._cookies.values():  # noqa: SLF001
        assert REMOTE not in cookie.value and AGENT not in cookie.value


def test_rule2_no_page_asks_for_name_email_phone_birth_date_school_or_address(client,
                                                                           consultation):
    slug = consultation.slug
    from tests.factories import post_form

    pages = [client.get(f"/c/{slug}/start").get_data(as_text=True)]
    post_form(client, f"/c/{slug}/start", {"band": "16-17"})
    pages.append(client.get(f"/c/{slug}/assent").get_data(as_text=True))
    post_form(client, f"/c/{slug}/assent", {"choice": "take-part"})
    for n in range(1, len(consultation.questions) + 1):
        pages.append(client.get(f"/c/{slug}/q/{n}").get_data(as_text=True))
    pages.append(client.get(f"/c/{slug}/quote").get_data(as_text=True))
    import re

    for html in pages:
        inputs = re.findall(r"<(?:input|textarea|select)[^>]*>", html)
        for tag in inputs:
            name = re.search(r'name="([^"]+)"', tag)
            assert name and name.group(1) in {"csrf_token", "band", "country", "answer",
                                              "consent", "to_review"}, tag
            assert not re.search(r'type="(email|tel|date)"', tag)
            assert not re.search(r'autocomplete="(name|email|tel|bday|street-address)', tag)


def test_rule2_region_is_coarse_and_optional(client, consultation, session):
    take_part(client, consultation.slug, region="")
    take_part(client.application.test_client(), consultation.slug, region="EUR")
    regions = sorted(str(s.region) for s in session.scalars(select(Submission)))
    assert regions == ["EUR", "None"]


def test_rule2_country_must_be_one_on_the_list(client, consultation):
    from tests.factories import post_form

    r = post_form(client, f"/c/{consultation.slug}/start", {"band": "16-17", "country": "Paris"})
    assert r.status_code == 200 and "Not a valid choice" in r.get_data(as_text=True)


def test_rule3_code_has_at_least_60_bits_and_no_ambiguous_characters():
    import math

    from consult.privacy import codes

    assert codes.RETURN_CODE_DIGITS * math.log2(10) >= 60
    code = codes.new_code()
    assert set(code) <= set("0123456789")
    assert codes.normalise("１２-٣٤ ۵6") == "123456"


def test_rule3_hash_is_keyed_with_the_secret():
    from consult.privacy import codes

    assert codes.code_hash("a", "1234") != codes.code_hash("b", "1234")
    assert codes.code_hash("a", "1234-") == codes.code_hash("a", "1234")


def test_rule3_database_does_not_hold_the_code(client, consultation, session):
    code = return_code(take_part(client, consultation.slug)).replace("-", "")
    assert code not in _all_text_in_database(session)
    assert session.execute(text("SELECT count(*) FROM drafts")).scalar() == 0


def test_rule1_return_lookups_are_rate_limited_without_storing_the_address(database_url):
    from consult import create_app

    app = create_app({"DATABASE_URL": database_url, "TESTING": True,
                      "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://",
                      "RATELIMIT_FAILED_CODES": "20/minute"})
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = REMOTE
    token = csrf_token(client.get("/return").get_data(as_text=True))
    wrong = {"code": "1", "csrf_token": token}
    statuses = [client.post("/return", data=wrong).status_code for _ in range(21)]
    assert statuses[:20] == [400] * 20 and statuses[20] == 429
    assert "too many wrong codes" in client.post("/return", data=wrong).get_data(
        as_text=True).lower()
    from consult.extensions import limiter

    storage = limiter.storage
    assert REMOTE not in repr(getattr(storage, "storage", {}))


def test_rule4_flags_keep_positions_not_the_personal_data(client, consultation, session):
    from consult.participate.models import Answer

    take_part(client, consultation.slug, answers={5: "Text me on +44 7700 900123 please"})
    answer = session.scalars(select(Answer).where(Answer.text_original.is_not(None))).one()
    assert "7700" not in repr(answer.flags) and "7700" not in answer.text_redacted
    assert answer.flags["pii"] and {"kind", "start", "end"} == set(answer.flags["pii"][0])

"""Limits that fit a classroom: only wrong codes count, a right code always
works, group codes are as hard to guess as return codes, and gunicorn will
not start workers that would each count alone."""

from __future__ import annotations

import logging
import math
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from consult import create_app
from consult.groups.models import Group
from consult.groups.service import create_group
from consult.privacy import codes
from tests.factories import csrf_token, post_form, return_code, take_part

ROOT = Path(__file__).resolve().parents[1]
SECRET = "test-secret-key"
SCHOOL = "192.0.2.20"


@pytest.fixture
def limited_app(app, database_url):
    # Made after the plain app: the limiter is one object, set up by the last app made.
    limited = create_app({"DATABASE_URL": database_url, "TESTING": True, "SECRET_KEY": SECRET,
                          "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://",
                          "RATELIMIT_FAILED_CODES": "10/10 minutes",
                          "RATELIMIT_FAILED_CODES_ALL": "25/hour"})
    yield limited
    limited.extensions["consult.session"].remove()
    limited.extensions["consult.engine"].dispose()


def _from(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _lookup(client, code: str, token: str | None = None):
    token = token or csrf_token(client.get("/return").get_data(as_text=True))
    return client.post("/return", data={"code": code, "csrf_token": token})


WRONG = "1111-2222-3333-4444-5555"


def test_a_class_behind_one_address_looks_up_45_right_codes(limited_app, consultation):
    """The old limit refused the 21st child of a class with a valid code."""
    code_list = [return_code(take_part(limited_app.test_client(), consultation.slug))
                 for _ in range(3)]
    statuses = [_lookup(_from(limited_app, SCHOOL), code_list[n % 3]).status_code
                for n in range(45)]
    assert statuses == [200] * 45


def test_a_right_code_works_after_many_wrong_ones_from_the_same_address(limited_app,
                                                                         consultation):
    code = return_code(take_part(limited_app.test_client(), consultation.slug))
    guesser = _from(limited_app, SCHOOL)
    token = csrf_token(guesser.get("/return").get_data(as_text=True))
    statuses = [_lookup(guesser, WRONG, token).status_code for _ in range(15)]
    assert statuses == [400] * 10 + [429] * 5
    assert "too many wrong codes" in _lookup(guesser, WRONG, token).get_data(as_text=True)
    page = _lookup(guesser, code, token)
    assert page.status_code == 200 and "Your views" in page.get_data(as_text=True)
    # A child elsewhere is not held back by this address's wrong codes.
    assert _lookup(_from(limited_app, "198.51.100.5"), WRONG).status_code == 400


def test_wrong_codes_from_everywhere_together_are_limited_and_logged(limited_app,
                                                                     consultation, caplog):
    caplog.set_level(logging.WARNING)
    statuses = [_lookup(_from(limited_app, f"198.51.100.{n}"), WRONG).status_code
                for n in range(30)]
    assert statuses == [400] * 25 + [429] * 5
    assert "too many wrong return codes from all addresses together" in caplog.text
    assert "198.51.100." not in caplog.text
    code = return_code(take_part(limited_app.test_client(), consultation.slug))
    assert _lookup(_from(limited_app, "198.51.100.99"), code).status_code == 200


def test_new_group_codes_have_at_least_60_bits_in_groups_of_four(session, consultation):
    _group, code = create_group(session, consultation, "School", "Head", SECRET)
    assert codes.GROUP_CODE_DIGITS * math.log2(10) >= 60
    assert [len(part) for part in code.split("-")] == [4, 4, 4, 4, 4]
    assert code.replace("-", "").isdigit()


@pytest.fixture
def short_code(session, consultation) -> str:
    """A 12-digit group code issued before codes were lengthened."""
    code = "2468-1357-9024"
    session.add(Group(consultation_id=consultation.id, label="Old club", attested_by="Head",
                      code_hash=codes.code_hash(SECRET, code, purpose="group"),
                      created_at=datetime.now(UTC)))
    session.commit()
    return code


def _group_try(client, slug: str, code: str):
    return post_form(client, f"/c/{slug}/group", {"code": code})


def _under_13(app, slug: str, address: str = SCHOOL):
    child = _from(app, address)
    post_form(child, f"/c/{slug}/start", {"band": "9-12"})
    return child


def test_a_group_code_issued_before_still_admits(client, consultation, short_code):
    post_form(client, f"/c/{consultation.slug}/start", {"band": "9-12"})
    r = _group_try(client, consultation.slug, short_code)
    assert r.status_code == 302 and r.location.endswith("/assent")


def test_wrong_group_codes_are_limited_per_address(limited_app, consultation, session,
                                                   short_code):
    slug = consultation.slug
    _group, long_code = create_group(session, consultation, "School", "Head", SECRET)
    session.commit()
    guesser = _under_13(limited_app, slug)
    statuses = [_group_try(guesser, slug, f"0000-0000-{n:04d}").status_code for n in range(12)]
    assert statuses == [200] * 10 + [429] * 2
    assert "too many wrong codes" in _group_try(guesser, slug, "0000-0000-9999").get_data(
        as_text=True)
    # The guessable short codes are not even looked up from this address now...
    assert _group_try(guesser, slug, short_code).status_code == 429
    # ...while a full-length code, as hard to guess as a return code, still admits.
    r = _group_try(_under_13(limited_app, slug), slug, long_code)
    assert r.status_code == 302 and r.location.endswith("/assent")
    # And the class next door is not held back.
    r = _group_try(_under_13(limited_app, slug, "198.51.100.7"), slug, short_code)
    assert r.status_code == 302


def test_a_class_typing_one_group_code_all_gets_in(limited_app, consultation, session):
    _group, code = create_group(session, consultation, "School", "Head", SECRET)
    session.commit()
    for _ in range(40):
        r = _group_try(_under_13(limited_app, consultation.slug), consultation.slug, code)
        assert r.status_code == 302


def test_limit_settings_are_checked_when_the_app_is_made(database_url):
    with pytest.raises(RuntimeError, match="CONSULT_RATELIMIT_SEND"):
        create_app({"DATABASE_URL": database_url, "RATELIMIT_SEND": "lots"})


# gunicorn ----------------------------------------------------------------------------------

def _gunicorn(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CONSULT_")}
    environ.update({"CONSULT_INSTANCE_PATH": str(tmp_path), "CONSULT_SECRET_KEY": SECRET,
                    "CONSULT_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
                    "CONSULT_BIND": "127.0.0.1:0", "PYTHONPATH": str(ROOT), **env})
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    return subprocess.run([gunicorn, "-c", str(ROOT / "gunicorn.conf.py"), *args, "wsgi:app"],
                          cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60,
                          check=False)


@pytest.mark.parametrize("env,args", [({"CONSULT_WORKERS": "2"}, ()),
                                      ({}, ("--workers", "3"))], ids=["setting", "command-line"])
def test_gunicorn_refuses_several_workers_counting_alone(tmp_path, env, args):
    done = _gunicorn(tmp_path, env, *args)
    assert done.returncode != 0
    assert "memory:// rate-limit store" in done.stderr + done.stdout
    assert "CONSULT_RATELIMIT_STORAGE_URL=redis://" in done.stderr + done.stdout


def test_gunicorn_defaults_to_one_worker_with_the_memory_store(monkeypatch):
    import runpy

    for name in ("CONSULT_WORKERS", "CONSULT_RATELIMIT_STORAGE_URL", "CONSULT_RATELIMIT_ENABLED"):
        monkeypatch.delenv(name, raising=False)
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"] == 1
    monkeypatch.setenv("CONSULT_RATELIMIT_STORAGE_URL", "redis://127.0.0.1:6379")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"] == 2

"""Several gunicorn workers share one count of wrong codes through Redis, and a
restart does not forget it: real concurrent requests against a served app."""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.factories import return_code, take_part

ROOT = Path(__file__).resolve().parents[1]
WRONG = "1111-2222-3333-4444-5555"
REDIS = shutil.which("redis-server")

pytestmark = pytest.mark.skipif(REDIS is None, reason="needs redis-server")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(url: str, proc: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited: {proc.stdout.read() if proc.stdout else ''}")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")


def _stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@pytest.fixture
def redis_url(tmp_path):
    port = _free_port()
    proc = subprocess.Popen([REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}"
    _stop(proc)


class Served:
    def __init__(self, tmp_path: Path, database_url: str, redis_url: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("CONSULT_")}
        self.env.update({
            "CONSULT_DATABASE_URL": database_url, "CONSULT_SECRET_KEY": "test-secret-key",
            "CONSULT_INSTANCE_PATH": str(tmp_path), "CONSULT_BIND": f"127.0.0.1:{self.port}",
            "CONSULT_WORKERS": "2", "CONSULT_THREADS": "4",
            "CONSULT_RATELIMIT_STORAGE_URL": redis_url,
            "CONSULT_RATELIMIT_FAILED_CODES": "20/10 minutes", "PYTHONPATH": str(ROOT)})
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.proc = subprocess.Popen([gunicorn, "-c", str(ROOT / "gunicorn.conf.py"),
                                      "wsgi:app"], cwd=ROOT, env=self.env, text=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        _wait_for(f"{self.url}/healthz", self.proc)

    def stop(self) -> None:
        if self.proc is not None:
            _stop(self.proc)
            self.proc = None


def _browser(url: str) -> tuple[urllib.request.OpenerDirector, str]:
    """A cookie jar and the CSRF token of one visit to /return."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    html = opener.open(f"{url}/return").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert token
    return opener, token.group(1)


def _lookup(url: str, code: str) -> int:
    opener, token = _browser(url)
    data = urllib.parse.urlencode({"code": code, "csrf_token": token}).encode()
    request = urllib.request.Request(f"{url}/return", data=data,
                                     headers={"Sec-Fetch-Site": "same-origin"})
    try:
        with opener.open(request) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_two_workers_share_the_count_of_wrong_codes_and_a_restart_keeps_it(
        tmp_path, database_url, redis_url, app, consultation):
    code = return_code(take_part(app.test_client(), consultation.slug))
    served = Served(tmp_path, database_url, redis_url)
    served.start()
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = Counter(pool.map(lambda _: _lookup(served.url, WRONG), range(40)))
        # Each worker counting alone would have let up to 40 through.
        assert statuses == {400: 20, 429: 20}
        assert _lookup(served.url, code) == 200, "a right code always works"
        served.stop()
        served.start()
        assert _lookup(served.url, WRONG) == 429, "a restart forgot the count"
        assert _lookup(served.url, code) == 200
    finally:
        served.stop()

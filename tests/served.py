"""The app served over real HTTP in a thread, and browsers that drive it, for
tests whose point is several requests at the same instant."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import requests
from werkzeug.serving import make_server

from tests.factories import CODE_RE, csrf_token

NONCE_RE = re.compile(r'name="send_nonce" value="([^"]+)"')


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """A threaded werkzeug server: each request in a thread of its own, each
    with its own database session, as under gunicorn's threads."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


class Browser:
    """One participant's browser: a cookie jar and the pages it was shown."""

    def __init__(self, base: str, cookies: Any = None) -> None:
        self.base = base
        self.http = requests.Session()
        if cookies is not None:
            self.http.cookies.update(cookies)

    def clone(self) -> Browser:
        """Another tab (or the same tab again) with the cookies as they are now."""
        return Browser(self.base, self.http.cookies.copy())

    def get(self, path: str) -> requests.Response:
        return self.http.get(self.base + path, allow_redirects=False, timeout=60)

    def post(self, path: str, data: dict[str, Any]) -> requests.Response:
        return self.http.post(self.base + path, data=data, allow_redirects=False, timeout=60)

    def form(self, path: str, data: dict[str, Any]) -> requests.Response:
        """GET the page for its token, then POST as the page's form would."""
        return self.post(path, {"csrf_token": csrf_token(self.get(path).text), **data})

    def to_review(self, slug: str, answers: dict[int, str] | None = None,
                  quote: str = "no") -> dict[str, str]:
        """Walk the journey up to the review page; return its send form's fields."""
        answers = answers or {}
        assert self.form(f"/c/{slug}/start?lang=en", {"band": "16-17"}).status_code == 302
        assert self.form(f"/c/{slug}/assent", {"choice": "take-part"}).status_code == 302
        n = 1
        while True:
            r = self.form(f"/c/{slug}/q/{n}", {"answer": answers.get(n, ""), "action": "next"})
            assert r.status_code == 302, r.text
            if r.headers["Location"].endswith("/quote"):
                break
            n += 1
        assert self.form(f"/c/{slug}/quote", {"consent": quote, "action": "next"}
                         ).status_code == 302
        return send_fields(self.get(f"/c/{slug}/review").text)


def send_fields(html: str) -> dict[str, str]:
    nonce = NONCE_RE.search(html)
    assert nonce, "no send nonce on the review page"
    return {"csrf_token": csrf_token(html), "send_nonce": nonce.group(1), "action": "send"}


def code_on(response: requests.Response) -> str | None:
    match = CODE_RE.search(response.text)
    return match.group(1) if match else None


def at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls in threads released together; return what each returned
    (or raised)."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results[i] = call()
        except requests.RequestException as exc:  # the test asserts on it
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results

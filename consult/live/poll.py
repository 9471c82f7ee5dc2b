"""The phones' poll, answered before Flask: GET /live/<slug>/state.json.

Every phone in the room asks for this once a second. It is one number (the
session's step) from a worker's quarter-second memory (StepCache, below), so
the Flask request machinery around it (context, hooks, session, limiter) would
cost several times the answer itself. This WSGI layer answers it directly,
with the same security headers as every response, and passes every other
request on. It reads no cookie and sets none, and logs nothing (rule 1,
docs/privacy.md#rule-1).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Engine

from consult.consultations.models import Consultation
from consult.live.models import LiveSession


@dataclass(frozen=True)
class Polled:
    id: int
    step: int
    state: str

    @property
    def etag(self) -> str:
        return f'"{self.id}-{self.step}"'

    def body(self) -> bytes:
        return json.dumps({"session": self.id, "step": self.step, "state": self.state}).encode()


NOT_LIVE = Polled(0, 0, "ended")
_STEP = (select(LiveSession.id, LiveSession.step, LiveSession.state)
         .join(Consultation, Consultation.id == LiveSession.consultation_id)
         .where(Consultation.slug == bindparam("slug"), LiveSession.state != "ended"))


class StepCache:
    """slug -> (session id, step, state), kept for `ttl` seconds per worker.

    Hundreds of phones poll the same session; within a quarter of a second they
    all get the answer one query gave, so the database sees a few reads a
    second per worker whatever the number of phones. The state stays in the
    database: any worker on any host reads the same step."""

    def __init__(self, engine: Engine, ttl: float = 0.25) -> None:
        self.engine, self.ttl = engine, ttl
        self._seen: dict[str, tuple[float, Polled]] = {}
        self._lock = threading.Lock()

    def get(self, slug: str) -> Polled:
        now = time.monotonic()
        hit = self._seen.get(slug)
        if hit is not None and now - hit[0] < self.ttl:
            return hit[1]
        with self.engine.connect() as conn:
            row = conn.execute(_STEP, {"slug": slug}).first()
        polled = Polled(row.id, row.step, row.state) if row else NOT_LIVE
        with self._lock:
            if len(self._seen) > 1024:
                self._seen.clear()
            self._seen[slug] = (now, polled)
        return polled


PATH = re.compile(r"^/live/([a-z0-9][a-z0-9-]{2,59})/state\.json$")
Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WSGIApp = Callable[[Environ, StartResponse], Iterable[bytes]]


def poll_response(polled: Polled, if_none_match: str | None,
                  headers: list[tuple[str, str]]) -> tuple[str, list[tuple[str, str]], bytes]:
    """(status, headers, body): a 304 when the phone already has this step."""
    common = [*headers, ("ETag", polled.etag), ("Cache-Control", "no-cache")]
    if if_none_match == polled.etag:
        return "304 NOT MODIFIED", common, b""
    body = polled.body()
    return "200 OK", [*common, ("Content-Type", "application/json"),
                      ("Content-Length", str(len(body)))], body


class StatePoll:
    def __init__(self, app: WSGIApp, steps: StepCache, headers: list[tuple[str, str]]) -> None:
        self.app, self.steps, self.headers = app, steps, headers

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        match = PATH.match(environ.get("PATH_INFO", ""))
        if match is None or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return self.app(environ, start_response)
        status, headers, body = poll_response(self.steps.get(match.group(1)),
                                              environ.get("HTTP_IF_NONE_MATCH"), self.headers)
        start_response(status, headers)
        return [body] if environ["REQUEST_METHOD"] == "GET" else []

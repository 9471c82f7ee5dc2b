"""The phones' poll, answered before Flask: GET /live/<slug>/state.json.

Every phone in the room asks for this once a second. It is one number (the
session's step) from a worker's quarter-second memory (service.StepCache), so
the Flask request machinery around it (context, hooks, session, limiter) would
cost several times the answer itself. This WSGI layer answers it directly,
with the same security headers as every response, and passes every other
request on. It reads no cookie and sets none, and logs nothing (rule 1,
docs/privacy.md#rule-1).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from consult.live.service import Polled, StepCache

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

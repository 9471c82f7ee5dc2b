"""gunicorn settings for consult.

docs/privacy.md#rule-1: the access log never carries the client address, user agent or
referrer: only the request line, status, size and duration.
"""

import os
import re

from gunicorn.glogging import Logger

# Each worker process keeps its own memory:// rate-limit counts and a restart
# forgets them, so several workers need a shared store (Redis): one worker,
# with threads, unless one is configured.
_storage = os.environ.get("CONSULT_RATELIMIT_STORAGE_URL", "memory://")
_limits_on = os.environ.get("CONSULT_RATELIMIT_ENABLED", "1") != "0"
_shared = not (_limits_on and _storage.startswith("memory://"))

bind = os.environ.get("CONSULT_BIND", "127.0.0.1:5000")
workers = int(os.environ.get("CONSULT_WORKERS", "2" if _shared else "1"))
threads = int(os.environ.get("CONSULT_THREADS", "4"))
worker_class = "gthread"
accesslog = "-"
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms'
# A live session's phones and screens each poll once a second: a thousand
# lines a second saying "nothing changed" tell an operator nothing, and
# building each costs a worker more than answering the poll. A poll that fails
# is still logged.
_POLL = re.compile(r"^/live/[a-z0-9-]+/(?:state\.json|screen/body)$")


class QuietPolls(Logger):  # type: ignore[misc]
    def access(self, resp, req, environ, request_time):  # type: ignore[no-untyped-def]
        if resp.status_code in (200, 304) and _POLL.match(environ.get("PATH_INFO", "")):
            return
        super().access(resp, req, environ, request_time)


logger_class = QuietPolls
errorlog = "-"
forwarded_allow_ips = os.environ.get("CONSULT_FORWARDED_ALLOW_IPS", "127.0.0.1")
timeout = 60
# gunicorn 27 opens a control socket in ~/.gunicorn by default, shared by every
# gunicorn on the host; consult does not use it.
control_socket_disable = True


def on_starting(server):  # type: ignore[no-untyped-def]
    # Checked here rather than above so that `-w` on the command line counts too.
    if server.cfg.workers > 1 and not _shared:
        raise SystemExit(
            f"consult: {server.cfg.workers} workers with the memory:// rate-limit store "
            "would each count alone. Set CONSULT_RATELIMIT_STORAGE_URL=redis://HOST:6379 "
            "(shared by every worker) or run one worker (CONSULT_WORKERS=1).")

"""A live session under load: how fast the room follows the chair, and what it costs.

    .venv/bin/python bench/live.py                     # PostgreSQL on 127.0.0.1:5432
    .venv/bin/python bench/live.py --devices 1000 --screens 5 --answering 300
    .venv/bin/python bench/live.py --json

What it does
------------
1. Makes the PostgreSQL database `consult_live_bench` (dropped and created, and
   dropped at the end), runs `consult db upgrade` and `consult demo` (which opens
   a live session with a public room screen), creates a chair and a moderator,
   and starts consult under gunicorn (gunicorn.conf.py: gthread workers) on a
   free loopback port. The chair and the moderator sign in over HTTP (password
   + TOTP) like anyone else.
2. Propagation, at two viewer counts (a tenth of --devices, then --devices),
   each with --screens room screens: every participant device polls
   /live/<slug>/state.json once a second with If-None-Match (what static/js/live.js
   does), every screen polls /live/<slug>/screen/body the same way. The chair
   clicks "Show question N" (an HTTP POST) three times; the time from sending
   the click to each device's first response with the new step, and to each
   screen's first body with the new question, is recorded. Then a participant
   writes a short text and the moderator presses "Put on the screen": the time
   from the key to each screen showing the text is recorded too. Texts go on
   the screen k at a time (docs/privacy.md#rule-5): k participants write, and
   the time is from the key that releases the k-th.
3. CPU per update: gunicorn's CPU (its process group, from /proc) over the
   seconds after each update, less the same length of idle polling measured
   just before; and the CPU per poll while idle. Both at each viewer count, so
   their ratio says whether an update costs more with more viewers.
4. Answering: --answering participants join (age screen, assent), the chair
   shows a single-choice question, and each participant sends an answer at a
   random moment within --window seconds (default 50, inside the 60 s asked).
   Every answer must be acknowledged (200 with a return code); then the chair
   shows the results and the bench checks that the database holds exactly the
   acknowledged answers and that the screen's count equals the database's.
5. Prints the figures and the ratios (or JSON). Exits 1 if any check failed,
   2 if the setup failed.

How to read the figures
-----------------------
- "visible p95" is over every device (or screen) and every update. The poll
  interval is 1 s, so about half a second of it is waiting for the next poll;
  the rest is the chair's request, the worker's step cache (0.25 s) and queueing.
- Polling with ETag/304 was chosen over server-sent events: a held SSE stream
  pins a gthread thread per viewer, while a poll holds a thread for about a
  millisecond and a 304 carries no body. A worker keeps each session's step
  for a quarter of a second, so a thousand phones cost a few database reads a
  second per worker, not a thousand. The screen is built once per change and
  kept in the session's row; every screen gets that copy.
- The client runs on the same 2 CPUs as the server and PostgreSQL; its CPU is
  printed too. gunicorn's CPU leaves out PostgreSQL's own. Nearly all of a
  poll's cost is gunicorn's own HTTP handling (the answer itself is a dict
  look-up before Flask); successful polls are not access-logged
  (gunicorn.conf.py), which about halved it at 1,000 phones (0.60 to 0.30 ms
  of server CPU a poll, and 390 to 820 polls answered a second). "load_before" says how busy the
  machine already was: the figures are only comparable at a similar load.
- A text approved by the moderator reaches the screen with k - 1 others
  (docs/privacy.md#rule-5): "approved text visible" is from the key that
  releases the k-th.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
# Run as a script, bench/ is first on sys.path; nothing is imported from it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
PG_DB = "consult_live_bench"
PG_URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_DB}"
SLUG = "ai-and-online-safety"
PASSWORD = "live bench password, long enough"  # noqa: S105  (throwaway bench accounts)
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CODE_RE = re.compile(r'id="return-code">([0-9-]+)<')
QUESTION_RE = re.compile(r'name="question" value="(\d+)"')
POLL_S = 1.0


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, int(round(q / 100 * len(ordered) + 0.4999)) - 1)]


def ms(value: float | None) -> float | None:
    return None if value is None else round(value * 1000, 1)


def group_cpu(pgid: int) -> float:
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# ------------------------------------------------------------------ the server

def venv_bin(name: str) -> str:
    for folder in (ROOT / ".venv" / "bin", Path(sys.executable).parent):
        if (folder / name).exists():
            return str(folder / name)
    raise SystemExit(f"{name} not found")


def pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(sql)


def setup(env: dict[str, str]) -> None:
    pg(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
    pg(f"CREATE DATABASE {PG_DB}")
    # The command line of this checkout (not whichever `consult` script is installed).
    consult = [sys.executable, "-c", "import sys; from consult.app import main; sys.exit(main())"]
    for argv in (["db", "upgrade"], ["demo"]):
        subprocess.run([*consult, *argv], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=300)
    for email, role in (("chair@bench.example", "chair"), ("mod@bench.example", "moderator")):
        subprocess.run([*consult, "users", "create", "--email", email,
                        "--role", role], cwd=ROOT, env=env, check=True, input=PASSWORD + "\n",
                       text=True, capture_output=True, timeout=120)
    # Enrolled already: the bench signs in with codes from the stored secret.
    code = ("from consult import create_app\n"
            "from consult.extensions import db\n"
            "from consult.auth.models import StaffUser\n"
            "from sqlalchemy import select\n"
            "import json\n"
            "app = create_app()\n"
            "with app.app_context():\n"
            "    out = {}\n"
            "    for u in db().scalars(select(StaffUser)):\n"
            "        u.totp_confirmed = True\n"
            "        out[u.email] = u.totp_secret\n"
            "    db().commit()\n"
            "    print(json.dumps(out))\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True, timeout=120)
    env["_SECRETS"] = done.stdout.strip().splitlines()[-1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    argv = [venv_bin("gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"]
    with open(log, "wb") as out:
        return subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


# ------------------------------------------------------------------ the people

async def form(http: aiohttp.ClientSession, base: str, page: str, post: str,
               data: dict[str, Any]) -> tuple[int, str]:
    # A keep-alive connection the server closed just as it was reused: nothing was
    # processed, so the page is asked for again (a browser does the same).
    for attempt in range(3):
        try:
            return await _form(http, base, page, post, data)
        except aiohttp.ClientConnectionError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


async def _form(http: aiohttp.ClientSession, base: str, page: str, post: str,
                data: dict[str, Any]) -> tuple[int, str]:
    async with http.get(base + page) as r:
        html = await r.text()
    token = CSRF_RE.search(html)
    if token is None:
        raise RuntimeError(f"no CSRF token on {page}: {r.status}")
    async with http.post(base + post, data={"csrf_token": token.group(1), **data}) as r:
        return r.status, await r.text()


async def sign_in(base: str, email: str, secret: str) -> aiohttp.ClientSession:
    import pyotp

    http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),
                                 connector=aiohttp.TCPConnector(force_close=True))
    status, _ = await form(http, base, "/staff/login", "/staff/login", {
        "email": email, "password": PASSWORD, "code": pyotp.TOTP(secret).now()})
    if status != 200:
        raise RuntimeError(f"sign-in failed for {email}: {status}")
    return http


class Viewers:
    """Devices polling the state, screens polling the screen body; who saw what when."""

    def __init__(self, base: str, devices: int, screens: int) -> None:
        self.base, self.devices, self.screens = base, devices, screens
        self.device_step: list[int] = [0] * devices
        self.device_seen: list[dict[int, float]] = [{} for _ in range(devices)]
        self.screen_body: list[str] = [""] * screens
        self.screen_seen: list[list[tuple[float, str]]] = [[] for _ in range(screens)]
        self.polls = 0
        self.not_modified = 0
        self.errors = 0
        self.reconnects = 0  # keep-alive connections the server closed; a browser retries
        self.running = True

    async def device(self, http: aiohttp.ClientSession, i: int) -> None:
        etag = None
        await asyncio.sleep(random.random() * POLL_S)
        while self.running:
            try:
                headers = {"If-None-Match": etag} if etag else {}
                async with http.get(f"{self.base}/live/{SLUG}/state.json",
                                    headers=headers) as r:
                    self.polls += 1
                    if r.status == 200:
                        etag = r.headers.get("ETag")
                        step = (await r.json())["step"]
                        if step != self.device_step[i]:
                            self.device_step[i] = step
                            self.device_seen[i][step] = time.perf_counter()
                    elif r.status == 304:
                        self.not_modified += 1
                    else:
                        self.errors += 1
            except aiohttp.ClientConnectionError:
                self.reconnects += 1
                continue
            except (TimeoutError, aiohttp.ClientError):
                self.errors += 1
            await asyncio.sleep(POLL_S)

    async def screen(self, http: aiohttp.ClientSession, i: int) -> None:
        etag = None
        await asyncio.sleep(random.random() * POLL_S)
        while self.running:
            try:
                headers = {"If-None-Match": etag} if etag else {}
                async with http.get(f"{self.base}/live/{SLUG}/screen/body",
                                    headers=headers) as r:
                    self.polls += 1
                    if r.status == 200:
                        etag = r.headers.get("ETag")
                        body = await r.text()
                        if body != self.screen_body[i]:
                            self.screen_body[i] = body
                            self.screen_seen[i].append((time.perf_counter(), body))
                    elif r.status == 304:
                        self.not_modified += 1
                    else:
                        self.errors += 1
            except aiohttp.ClientConnectionError:
                self.reconnects += 1
                continue
            except (TimeoutError, aiohttp.ClientError):
                self.errors += 1
            await asyncio.sleep(POLL_S)

    def device_latencies(self, step: int, t0: float) -> tuple[list[float], int]:
        got = [seen[step] - t0 for seen in self.device_seen if step in seen]
        return got, self.devices - len(got)

    def screen_latencies(self, needle: str, t0: float) -> tuple[list[float], int]:
        got = []
        for seen in self.screen_seen:
            times = [t for t, body in seen if t >= t0 and needle in body]
            if times:
                got.append(min(times) - t0)
        return got, self.screens - len(got)


async def step(chair: aiohttp.ClientSession, base: str, cid: int, do: str) -> float:
    """The chair's click; returns when it was sent (after the page was loaded)."""
    async with chair.get(f"{base}/chair/live/{cid}/") as r:
        token = CSRF_RE.search(await r.text())
    if token is None:
        raise RuntimeError("no CSRF token on the chair's page")
    t0 = time.perf_counter()
    async with chair.post(f"{base}/chair/live/{cid}/step", allow_redirects=False,
                          data={"csrf_token": token.group(1), "do": do}) as r:
        if r.status != 302:
            raise RuntimeError(f"chair step {do}: {r.status}")
    return t0


async def join(base: str) -> tuple[aiohttp.ClientSession, bool]:
    # A phone answers once in a while: a new connection each time, as after a pause.
    http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),
                                 connector=aiohttp.TCPConnector(force_close=True))
    s1, _ = await form(http, base, f"/live/{SLUG}?lang=en", f"/live/{SLUG}/start?lang=en",
                       {"band": "16-17", "country": ""})
    s2, _ = await form(http, base, f"/live/{SLUG}/assent", f"/live/{SLUG}/assent",
                          {"choice": "take-part"})
    return http, s1 == 200 and s2 == 200


async def send_answer(http: aiohttp.ClientSession, base: str, value: str) -> tuple[int, str]:
    async with http.get(f"{base}/live/{SLUG}") as r:
        html = await r.text()
    qid = QUESTION_RE.search(html)
    token = CSRF_RE.search(html)
    if qid is None or token is None:
        return 0, "no question on the page"
    async with http.post(f"{base}/live/{SLUG}/answer", data={
            "csrf_token": token.group(1), "question": qid.group(1), "answer": value}) as r:
        return r.status, await r.text()


async def propagation(base: str, pgid: int, chair: aiohttp.ClientSession,
                      moderator: aiohttp.ClientSession, cid: int, live_id: int, devices: int,
                      screens: int, first_n: int) -> dict[str, Any]:
    viewers = Viewers(base, devices, screens)
    connector = aiohttp.TCPConnector(limit=devices + screens + 10)
    http = aiohttp.ClientSession(connector=connector,
                                 timeout=aiohttp.ClientTimeout(total=30))
    tasks = [asyncio.create_task(viewers.device(http, i)) for i in range(devices)]
    tasks += [asyncio.create_task(viewers.screen(http, i)) for i in range(screens)]
    await asyncio.sleep(4)  # every viewer connected and settled
    idle_s = 4.0
    polls0, cpu0, c0 = viewers.polls, group_cpu(pgid), own_cpu()
    await asyncio.sleep(idle_s)
    idle_polls = viewers.polls - polls0
    idle_cpu = group_cpu(pgid) - cpu0
    client_cpu = own_cpu() - c0
    device_lat: list[float] = []
    screen_lat: list[float] = []
    missed = 0
    update_cpu: list[float] = []
    window = 3.0
    for n in (first_n, first_n + 1, first_n + 2):
        before = group_cpu(pgid)
        t0 = await step(chair, base, cid, f"show-{n}")
        await asyncio.sleep(window)
        update_cpu.append(group_cpu(pgid) - before - idle_cpu / idle_s * window)
        async with chair.get(f"{base}/live/{SLUG}/state.json") as r:
            new_step = (await r.json())["step"]
        got, lost = viewers.device_latencies(new_step, t0)
        device_lat += got
        missed += lost
        got, lost = viewers.screen_latencies(f"Question {n} of", t0)
        screen_lat += got
        missed += lost
    # Approved texts: k participants write, the moderator approves them; the
    # screen shows them together, k at a time (docs/privacy.md#rule-5), so the
    # time is from the key that releases them.
    await step(chair, base, cid, "show-3")
    async with moderator.get(f"{base}/moderate/live/{live_id}") as r:
        k_found = re.search(r"go on the screen (\d+) at a time", await r.text())
    k = int(k_found.group(1)) if k_found else 10
    # The screen lists a release in the texts' own order and only the first few:
    # each text carries the same mark, and the first screen body with it counts.
    mark = f"rules-{random.randrange(10**6)}"
    texts = [f"Ask us before changing the {mark} idea {i}" for i in range(k)]
    written = 0
    for text in texts:
        writer, ok = await join(base)
        status, _ = await send_answer(writer, base, text)
        await writer.close()
        written += int(ok and status == 200)
    text_lat: list[float] = []
    t0 = time.perf_counter()
    if written == k:
        for _ in range(k):
            async with moderator.get(f"{base}/moderate/live/{live_id}") as r:
                html = await r.text()
            match = re.search(r'action="(/moderate/live/\d+/\d+)"', html)
            token = CSRF_RE.search(html)
            if match is None or token is None:
                break
            t0 = time.perf_counter()
            async with moderator.post(base + match.group(1), data={
                    "csrf_token": token.group(1), "decision": "show"}) as r:
                await r.read()
        await asyncio.sleep(window)
        text_lat, lost = viewers.screen_latencies(mark, t0)
        missed += lost
    else:
        missed += viewers.screens
    viewers.running = False
    await asyncio.gather(*tasks, return_exceptions=True)
    await http.close()
    return {
        "devices": devices, "screens": screens,
        "idle_polls_per_s": round(idle_polls / idle_s, 1),
        "idle_server_cpu_ms_per_poll": round(idle_cpu * 1000 / max(1, idle_polls), 3),
        "idle_client_cpu_ms_per_poll": round(client_cpu * 1000 / max(1, idle_polls), 3),
        "not_modified_share": round(viewers.not_modified / max(1, viewers.polls), 3),
        "question_visible_p50_ms": ms(pct(device_lat + screen_lat, 50)),
        "question_visible_p95_ms": ms(pct(device_lat + screen_lat, 95)),
        "question_visible_max_ms": ms(max(device_lat + screen_lat, default=None)),
        "screen_visible_p95_ms": ms(pct(screen_lat, 95)),
        "approved_text_visible_p95_ms": ms(pct(text_lat, 95)),
        "approved_text_screens": len(text_lat),
        "server_cpu_ms_per_update": round(sum(update_cpu) * 1000 / len(update_cpu), 1),
        "missed": missed, "errors": viewers.errors, "reconnects": viewers.reconnects,
    }


async def answering(base: str, chair: aiohttp.ClientSession, cid: int, people: int,
                    window: float, env: dict[str, str]) -> dict[str, Any]:
    joined = await asyncio.gather(*(join(base) for _ in range(people)))
    await step(chair, base, cid, "show-1")
    results: list[tuple[int, str]] = []

    async def one(http: aiohttp.ClientSession) -> None:
        await asyncio.sleep(random.random() * window)
        try:
            status, html = await send_answer(http, base, random.choice(["yes", "sometimes",
                                                                        "no"]))
        except (TimeoutError, aiohttp.ClientError) as exc:
            status, html = 0, str(exc)
        results.append((status, html))

    start = time.perf_counter()
    await asyncio.gather(*(one(http) for http, _ in joined))
    took = time.perf_counter() - start
    for http, _ in joined:
        await http.close()
    acknowledged = sum(1 for status, html in results if status == 200 and CODE_RE.search(html))
    # The screen counts the choices once, when the chair shows the results.
    await step(chair, base, cid, "results")
    async with chair.get(f"{base}/live/{SLUG}/screen/body") as r:
        body = await r.text()
    shown = re.search(r'class="screen-total">(\d+) answers<', body)
    code = ("from consult import create_app\nfrom consult.extensions import db\n"
            "from sqlalchemy import text\napp = create_app()\nwith app.app_context():\n"
            "    print(db().execute(text(\"SELECT count(*) FROM answers a JOIN questions q ON "
            "q.id = a.question_id JOIN submissions s ON s.id = a.submission_id WHERE "
            "q.key = 'live-ai-label' AND s.given_live\")).scalar())\n")
    stored = int(subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,
                                capture_output=True, text=True).stdout.split()[-1])
    return {
        "participants": people, "joined": sum(1 for _, ok in joined if ok),
        "acknowledged": acknowledged, "errors": people - acknowledged,
        "stored": stored, "screen_count": int(shown.group(1)) if shown else None,
        "seconds": round(took, 1),
    }


async def run(args: argparse.Namespace, env: dict[str, str], base: str,
              pgid: int) -> dict[str, Any]:
    secrets_by_email = json.loads(env["_SECRETS"])
    chair = await sign_in(base, "chair@bench.example", secrets_by_email["chair@bench.example"])
    moderator = await sign_in(base, "mod@bench.example", secrets_by_email["mod@bench.example"])
    async with chair.get(f"{base}/chair/") as r:
        found = re.search(r"/chair/(\d+)/", await r.text())
    async with moderator.get(f"{base}/moderate/live/") as r:
        live_found = re.search(r"/moderate/live/(\d+)", await r.text())
    if found is None or live_found is None:
        raise RuntimeError("the demo consultation or its live session is missing")
    cid, live_id = int(found.group(1)), int(live_found.group(1))
    small = max(1, args.devices // 10)
    out: dict[str, Any] = {"propagation": []}
    for devices in (small, args.devices):
        out["propagation"].append(await propagation(base, pgid, chair, moderator, cid, live_id,
                                                    devices, args.screens, 1))
    out["answering"] = await answering(base, chair, cid, args.answering, args.window, env)
    await chair.close()
    await moderator.close()
    return out


def report(result: dict[str, Any]) -> str:
    lines = ["live session under load (gunicorn gthread, PostgreSQL, polling with ETag/304); "
             f"load average before the run {result.get('load_before')}, after "
             f"{result.get('load_after')}"]
    for p in result["propagation"]:
        lines.append(
            f"  {p['devices']:>5} devices + {p['screens']} screens: question visible p50 "
            f"{p['question_visible_p50_ms']} ms, p95 {p['question_visible_p95_ms']} ms, max "
            f"{p['question_visible_max_ms']} ms; approved text on screens p95 "
            f"{p['approved_text_visible_p95_ms']} ms ({p['approved_text_screens']} screens); "
            f"missed {p['missed']}, errors {p['errors']}, reconnects {p['reconnects']}")
        lines.append(
            f"        polls/s {p['idle_polls_per_s']}, 304 share {p['not_modified_share']}, "
            f"server CPU/poll {p['idle_server_cpu_ms_per_poll']} ms, client CPU/poll "
            f"{p['idle_client_cpu_ms_per_poll']} ms, server CPU per update "
            f"{p['server_cpu_ms_per_update']} ms")
    small, big = result["propagation"]

    def ratio(key: str) -> float | None:
        return round(big[key] / small[key], 2) if big[key] and small[key] else None

    lines.append(
        f"  ratios {big['devices']}/{small['devices']} viewers: visible p95 "
        f"{ratio('question_visible_p95_ms')}, server CPU per update "
        f"{ratio('server_cpu_ms_per_update')} (each viewer fetches the new state once), "
        f"server CPU per poll {ratio('idle_server_cpu_ms_per_poll')}")
    a = result["answering"]
    lines.append(
        f"  answering: {a['participants']} participants, {a['acknowledged']} acknowledged in "
        f"{a['seconds']} s, errors {a['errors']}; stored {a['stored']}, screen shows "
        f"{a['screen_count']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devices", type=int, default=1000)
    parser.add_argument("--screens", type=int, default=5)
    parser.add_argument("--answering", type=int, default=300)
    parser.add_argument("--window", type=float, default=50.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 8192)), hard))
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="consult-live-bench-"))
    env = {**os.environ, "CONSULT_DATABASE_URL": PG_URL, "CONSULT_BIND": f"127.0.0.1:{port}",
           "CONSULT_SECRET_KEY": "live-bench-secret", "CONSULT_INSTANCE_PATH": str(workdir),
           "PYTHONPATH": str(ROOT),
           # Two gunicorn workers share one rate-limit store, as in production.
           "CONSULT_RATELIMIT_STORAGE_URL": os.environ.get("CONSULT_RATELIMIT_STORAGE_URL",
                                                           "redis://127.0.0.1:6379/0")}
    try:
        setup(env)
    except (subprocess.CalledProcessError, OSError) as exc:
        print(f"setup failed: {exc}", file=sys.stderr)
        return 2
    proc = start_server(env, workdir / "gunicorn.log")
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        load_before = round(os.getloadavg()[0], 1)
        result = asyncio.run(run(args, env, base, proc.pid))
        result["load_before"], result["load_after"] = load_before, round(os.getloadavg()[0], 1)
    finally:
        stop_server(proc)
        try:
            pg(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        except Exception as exc:  # noqa: BLE001  (the figures matter more than the cleanup)
            print(f"could not drop {PG_DB}: {exc}", file=sys.stderr)
    print(json.dumps(result, indent=2) if args.json else report(result))
    a = result["answering"]
    ok = (a["errors"] == 0 and a["stored"] == a["acknowledged"] == a["screen_count"]
          and all(p["missed"] == 0 for p in result["propagation"]))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

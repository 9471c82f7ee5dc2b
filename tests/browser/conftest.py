"""Browser tests: the real app behind a real HTTP server, driven by Playwright in
Debian's Chromium, with axe-core from npm (tests/browser/node_modules).

The whole folder is skipped, with the reason, only when /usr/bin/chromium is
missing and CONSULT_REQUIRE_BROWSER is not set (CI sets it, so there a missing
browser fails). With Chromium present, a missing Playwright or axe-core fails too:
`make test` (.ci/test-setup.sh) installs all three.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyotp
import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from consult import create_app
from consult.db import make_engine
from consult.models import Base
from tests.conftest import SERVER_URL
from tests.demo_site import seed
from tests.factories import PASSWORD

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CONSULT_CHROMIUM", "/usr/bin/chromium")
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
REQUIRED = os.environ.get("CONSULT_REQUIRE_BROWSER", "") not in ("", "0")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]
ROLES = ("moderator", "chair", "safeguarding", "admin")
SECRET = "browser-test-secret-key"
# The narrowest phone screen WCAG's reflow criterion (1.4.10) names.
PHONE = {"width": 320, "height": 640}


def chromium_missing() -> bool:
    return not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM))


def missing_parts() -> list[str]:
    problems = []
    if chromium_missing():
        problems.append(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("Playwright for Python is not installed (pip install playwright)")
    if not AXE_JS.exists():
        problems.append(f"axe-core is missing ({AXE_JS}; run npm ci in tests/browser)")
    return problems


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if REQUIRED or not chromium_missing():
        return
    skip = pytest.mark.skip(reason=f"browser tests skipped: no Chromium at {CHROMIUM} "
                            "(make test installs it; with "
                            "CONSULT_REQUIRE_BROWSER=1 this is a failure)")
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(skip)


# --- the app under a real server -------------------------------------------------------

@dataclass
class StaffLogin:
    role: str
    email: str
    totp_secret: str
    user_id: int

    def code(self, engine: Any) -> str:
        """A TOTP code the app will accept now: the app refuses a code whose time step
        was already used (replay protection), so wait for a fresh step if needed."""
        totp = pyotp.TOTP(self.totp_secret)
        with engine.connect() as conn:
            last = conn.execute(text("SELECT totp_last_step FROM staff_users WHERE id = :i"),
                                {"i": self.user_id}).scalar() or 0
        while True:
            step = int(time.time()) // totp.interval
            for candidate in (step, step + 1):
                if candidate > last:
                    return totp.at(candidate * totp.interval)
            time.sleep(1)


@dataclass
class LiveServer:
    url: str
    app: Any
    engine: Any
    staff: dict[str, StaffLogin] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)

    def session(self) -> Session:
        return Session(bind=self.engine, expire_on_commit=False)


def _reset(engine: Any) -> None:
    with engine.begin() as conn:
        names = ", ".join(t.name for t in Base.metadata.sorted_tables)
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(scope="module")
def live_server(request: pytest.FixtureRequest,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app on a free loopback port, in a thread, on a database of its own (a fresh
    SQLite file, or the suite's PostgreSQL emptied first and last), per test module."""
    from werkzeug.serving import WSGIRequestHandler, make_server

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args: Any, **kwargs: Any) -> None:
            pass  # one line per request would bury the failures

    from consult.auth.service import create_user

    if SERVER_URL:
        request.getfixturevalue("server_engine")  # the suite's schema, made once
        url = SERVER_URL
        engine = make_engine(url)
        _reset(engine)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'browser.db'}"
        engine = make_engine(url)
        Base.metadata.create_all(engine)
    now = datetime.now(UTC)
    staff: dict[str, StaffLogin] = {}
    with Session(bind=engine, expire_on_commit=False) as s:
        for role in ROLES:
            user = create_user(s, f"{role}@example.org", PASSWORD, [role])
            user.totp_confirmed = True
            s.flush()
            staff[role] = StaffLogin(role, user.email, user.totp_secret, user.id)
        ids = seed(s, now, SECRET, chair_id=staff["chair"].user_id,
                   moderator_id=staff["moderator"].user_id)
        s.commit()

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET, "RATELIMIT_ENABLED": False,
                      "TESTING": False})
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="consult-live", daemon=True)
    thread.start()
    live = LiveServer(f"http://127.0.0.1:{server.server_port}", app, engine, staff, ids)
    try:
        yield live
    finally:
        server.shutdown()
        thread.join(timeout=10)
        app.extensions["consult.session"].remove()
        app.extensions["consult.engine"].dispose()
        if SERVER_URL:
            _reset(engine)  # the suite's next test expects empty tables
        engine.dispose()


# --- the browser ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    problems = missing_parts()
    if problems:
        pytest.fail("browser tests cannot run: " + "; ".join(problems)
                    + " (make test installs what they need)", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """A page in a fresh context, 320 px wide, JavaScript on."""
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page: Any, live: LiveServer, role: str) -> None:
    login = live.staff[role]
    page.goto(f"{live.url}/staff/login")
    page.fill("#email", login.email)
    page.fill("#password", PASSWORD)
    page.fill("#code", login.code(live.engine))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/staff/$"))


# --- axe-core ---------------------------------------------------------------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations for the page as it stands. The context must be made with
    bypass_csp=True: the app's CSP rightly refuses the injected script."""
    # Contexts may preload it with context.add_init_script(path=AXE_JS) instead.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})).violations", AXE_TAGS)
    return list(result)


def describe_violations(where: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{where}: {len(violations)} axe violation(s)"]
    for v in violations:
        lines.append(f"  - {v['id']} [{v.get('impact')}] {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            target = " ".join(json.dumps(t) if not isinstance(t, str) else t
                              for t in node["target"])
            lines.append(f"      at {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"         {summary[:300]}")
        if len(v["nodes"]) > 8:
            lines.append(f"      ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)

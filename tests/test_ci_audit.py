"""The audit step of CI (.ci/audit): a known vulnerability fails, one listed in
.ci/audit-ignore with a reason passes, an unreachable advisory database is said
plainly and does not fail. pip-audit itself is replaced by a stand-in that
writes the report pip-audit writes, and PyPI by a local server."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VULN = {"id": "GHSA-test-0000-0000", "aliases": ["CVE-2099-0001"], "fix_versions": ["9.9"]}


class _PyPI(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        body = json.dumps({"info": {}, "vulnerabilities": []}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def pypi():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PyPI)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def _run(tmp_path: Path, pypi_url: str, dependencies: list[dict],
         ignore: str = "") -> tuple[int, str]:
    tree = tmp_path / "tree"
    (tree / ".ci").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / ".ci" / "audit", tree / ".ci" / "audit")
    (tree / ".ci" / "audit-ignore").write_text(ignore)
    (tree / "requirements.lock").write_text("flask==3.1.3 \\\n    --hash=sha256:00\n")
    fake = tmp_path / "pip-audit"
    fake.write_text(f"#!{sys.executable}\n"
                    "import json, sys\n"
                    "args = sys.argv[1:]\n"
                    "ignored = [args[i + 1] for i, a in enumerate(args) if a == '--ignore-vuln']\n"
                    f"deps = {dependencies!r}\n"
                    "for d in deps:\n"
                    "    d['vulns'] = [v for v in d.get('vulns', []) if v['id'] not in ignored]\n"
                    "json.dump({'dependencies': deps, 'fixes': []},"
                    " open(args[args.index('--output') + 1], 'w'))\n"
                    "sys.exit(1 if any(d.get('vulns') for d in deps) else 0)\n")
    fake.chmod(0o755)
    env = {**os.environ, "PYTHON": sys.executable, "PIP_AUDIT": str(fake),
           "CONSULT_AUDIT_PYPI": pypi_url}
    done = subprocess.run(["bash", str(tree / ".ci" / "audit")], env=env, capture_output=True,
                          text=True, timeout=60)
    return done.returncode, done.stdout + done.stderr


def test_a_known_vulnerability_fails(tmp_path, pypi):
    status, out = _run(tmp_path, pypi, [{"name": "flask", "version": "3.1.3", "vulns": [VULN]}])
    assert status != 0 and "GHSA-test-0000-0000" in out and "FAILED" in out


def test_an_ignored_vulnerability_passes_only_with_a_reason(tmp_path, pypi):
    deps = [{"name": "flask", "version": "3.1.3", "vulns": [VULN]}]
    status, out = _run(tmp_path, pypi, deps, "GHSA-test-0000-0000  only the CLI is affected\n")
    assert status == 0 and "ignoring GHSA-test-0000-0000: only the CLI" in out
    assert "1 locked packages checked, no known vulnerability" in out
    status, out = _run(tmp_path, pypi, deps, "GHSA-test-0000-0000\n")
    assert status != 0 and "without a reason" in out


def test_unreachable_advisory_data_is_said_plainly_and_does_not_fail(tmp_path):
    status, out = _run(tmp_path, "http://127.0.0.1:9", [{"name": "flask", "version": "3.1.3"}])
    assert status == 0 and "NOT RUN" in out and "was NOT checked" in out


def test_packages_the_audit_could_not_read_are_named(tmp_path, pypi):
    deps = [{"name": "flask", "version": "3.1.3", "vulns": []},
            {"name": "numpy", "version": "2.4.6", "skip_reason": "Dependency not found on PyPI"}]
    status, out = _run(tmp_path, pypi, deps)
    assert status == 0 and "NOT CHECKED (1 of 2" in out and "numpy 2.4.6" in out

"""The production stack as `./dev stack` starts it on this machine: nginx (TLS,
static files, media) in front of two gunicorn app servers, PostgreSQL and Redis.
Run with `./dev stack-test` (CI runs it); every wait is bounded.

One app server killed with SIGKILL: the other carries every request. Both gone: the
calm page with the quick exit and help lines. nginx's log holds no query string."""

import contextlib
import os
import signal
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STACK = Path(os.environ.get("STACK_DIR", ROOT / "var" / "stack"))

pytestmark = pytest.mark.stack


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    port, apps = free_port(), [free_port(), free_port()]
    env = {
        **os.environ,
        "STACK_PORT": str(port),
        "STACK_APP_PORTS": " ".join(map(str, apps)),
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/alongside_stack_test",
        "REDIS_URL": "redis://127.0.0.1:6379/2",
        "ADMIN_USERNAME": "stack-owner",
    }
    log = tmp_path_factory.mktemp("stack") / "stack.log"
    with log.open("w") as out:
        process = subprocess.Popen(  # noqa: S603 (our own script)
            [str(ROOT / "dev"), "stack"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"https://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline:
                if process.poll() is not None:
                    pytest.fail(f"./dev stack stopped:\n{log.read_text()[-3000:]}")
                try:
                    if fetch(base, "/get-help/")[0] == 200:
                        break
                except OSError:
                    pass
                time.sleep(1)
            else:
                pytest.fail(f"./dev stack did not answer:\n{log.read_text()[-3000:]}")
            yield {"base": base, "apps": apps, "log": log}
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def fetch(base, path):
    context = ssl.create_default_context(cafile=STACK / "tls.crt")
    try:
        with urllib.request.urlopen(base + path, context=context, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_pages_static_files_and_a_private_access_log(stack):
    status, _headers, page = fetch(stack["base"], "/")
    assert status == 200
    assert "Exit this page" in page
    status, headers, _css = fetch(stack["base"], "/static/css/site.css")
    assert status == 200
    assert "immutable" in headers["Cache-Control"]
    assert fetch(stack["base"], "/search/?q=hidden+marigold")[0] == 200
    for _ in range(50):  # nginx writes the line once the answer has gone
        access = (STACK / "access.log").read_text()
        if "GET /search/ 200" in access:
            break
        time.sleep(0.1)
    assert "GET /search/ 200" in access
    assert "marigold" not in access


def kill_app_server(port):
    """SIGKILL to the app server and its workers, as when its machine is lost."""
    pid_file = STACK / f"gunicorn-{port}.pid"
    if not pid_file.exists():
        return
    pid = int(pid_file.read_text())
    subprocess.run(["pkill", "-KILL", "-P", str(pid)], check=False)  # noqa: S603, S607
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def test_one_app_server_killed_the_other_carries_every_request(stack):
    kill_app_server(stack["apps"][0])
    statuses = [fetch(stack["base"], "/get-help/")[0] for _ in range(20)]
    assert statuses == [200] * 20


def test_no_app_server_left_the_calm_page_with_help(stack):
    for app in stack["apps"]:
        kill_app_server(app)
    time.sleep(1)
    status, headers, page = fetch(stack["base"], "/")
    assert status == 503
    assert "The course is resting for a moment" in page
    assert "Exit this page" in page
    assert "Emergency" in page or "emergency" in page

"""The browser tests against the production stack: BROWSER_AGAINST=stack (see the
README's test commands) runs the same tests through `./dev stack` instead of
pytest-django's live server.

The stack is started once for the run, on free ports, in var/stack-browser, with its
app servers on the very PostgreSQL database pytest-django made for the run: a test's
set-up (load_course, a user) is what the app servers serve, and what they write (a
learner's progress) is what the test reads through the ORM. For that, the test
process takes the few settings it shares with them from the stack's own settings
(`SHARED`), so each is written in one place: alongside/settings/production.py and
./dev's stack environment.

Between tests pytest-django empties the database and the next test loads the course
again. The stack must then forget the old one: the app servers' Redis is cleared by
the test process (it is the test process's cache too), and nginx's kept pages are
purged by the course's own publishing (the test process purges through Wagtail's
frontend cache, as the app servers do).
"""

import base64
import contextlib
import hashlib
import json
import os
import signal
import socket
import ssl
import subprocess
import time
import urllib.request
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

import pytest

AGAINST_STACK = os.environ.get("BROWSER_AGAINST") == "stack"

ROOT = Path(__file__).resolve().parents[2]
STACK_DIR = ROOT / "var" / "stack-browser"
# A Redis database of its own, so that other stacks and test runs keep theirs.
REDIS_URL = "redis://127.0.0.1:6379/11"

# What the test process must see as the app servers do:
SHARED = [
    # sessions signed in by the test (Client.force_login), learners' signed addresses
    "SECRET_KEY",
    # users made by the test sign in through the stack
    "PASSWORD_HASHERS",
    # tests read and set cookies by name: production's carry the __Host- prefix
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_NAME",
    "LEARNER_COOKIE_NAME",
    "MESSAGES_COOKIE_NAME",
    # the test's changes drop what the app servers cached, and it clears that cache
    "CACHES",
    # the test's publishing (load_course) purges nginx's kept pages
    "WAGTAILFRONTENDCACHE",
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stack:
    """`./dev stack` on free ports, on the test database; stopped by `stop()`."""

    def __init__(self, database_url):
        self.port = free_port()
        # https://localhost, as WAGTAILADMIN_BASE_URL says: the passkeys' origin.
        self.url = f"https://localhost:{self.port}"
        self.log = STACK_DIR / "stack.log"
        self.env = {
            **os.environ,
            "STACK_DIR": str(STACK_DIR),
            "STACK_PORT": str(self.port),
            "STACK_APP_PORTS": f"{free_port()} {free_port()}",
            "STACK_PURGE_PORT": str(free_port()),
            "DATABASE_URL": database_url,
            "REDIS_URL": REDIS_URL,
            "ADMIN_USERNAME": "browser-stack-owner",
        }
        STACK_DIR.mkdir(parents=True, exist_ok=True)
        with self.log.open("w") as out:
            self.process = subprocess.Popen(  # noqa: S603 (our own script)
                [str(ROOT / "dev"), "stack"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_until_up(self, seconds=300):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"./dev stack stopped:\n{self.log.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                if self.get("/get-help/")[0] == 200:
                    return
            time.sleep(1)
        pytest.fail(f"./dev stack did not answer:\n{self.log.read_text()[-3000:]}")

    def get(self, path, header="X-Cache"):
        """A visitor with no cookies asks for a page: (its status, a header)."""
        tls = ssl.create_default_context(cafile=STACK_DIR / "tls.crt")
        with urllib.request.urlopen(self.url + path, context=tls, timeout=10) as answer:
            return answer.status, answer.headers.get(header)

    def settings(self, names):
        """The stack's own values of these settings, from its manage.py."""
        code = (
            "import json; from django.conf import settings; "
            f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
        )
        out = subprocess.run(  # noqa: S603 (our own script)
            [str(ROOT / "dev"), "stack-manage", "shell", "-c", code],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
        return json.loads(out.strip().splitlines()[-1])

    def trust_flag(self):
        """Chromium trusts the stack's own certificate, as browsers trust a real
        site's (passkeys refuse a site whose certificate errors are merely ignored)."""
        key = subprocess.run(  # noqa: S603
            ["openssl", "x509", "-in", str(STACK_DIR / "tls.crt"), "-noout", "-pubkey"],  # noqa: S607
            capture_output=True,
            check=True,
        ).stdout
        spki = subprocess.run(
            ["openssl", "pkey", "-pubin", "-outform", "DER"],  # noqa: S607
            input=key,
            capture_output=True,
            check=True,
        ).stdout
        digest = base64.b64encode(hashlib.sha256(spki).digest()).decode()
        return f"--ignore-certificate-errors-spki-list={digest}"

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)


def database_url():
    """Where the app servers find pytest-django's test database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.exit(
            "BROWSER_AGAINST=stack needs DATABASE_URL=postgres://... (the stack's "
            "app servers share the test database, as only a server database allows)",
            returncode=2,
        )
    return url.rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]


@contextlib.contextmanager
def running_stack():
    """The stack, up, on the test database, with the test process sharing its
    settings; stopped afterwards. Needs the database unblocked."""
    stack = Stack(database_url())
    try:
        stack.wait_until_up()
        with override_settings(**stack.settings(SHARED)):
            # ./dev stack loaded the course and an admin for itself: start the
            # tests from the database pytest-django made, as after any test. As
            # after any test, this process knows the content types' ids: refilling
            # the database indexes pages for search before their content types are
            # back, and an unknown one would be made anew, with another id.
            ContentType.objects.get_for_models(*apps.get_models())
            call_command(
                "flush",
                interactive=False,
                reset_sequences=False,
                inhibit_post_migrate=True,
            )
            cache.clear()
            yield stack
    finally:
        stack.stop()


def forget_the_last_test():
    """The database was emptied and refilled since the last test: what the app
    servers cached from it goes too. (nginx's kept pages go when the course is
    published again: `nothing_kept` checks.)"""
    cache.clear()


def nothing_kept(stack):
    """The home page, kept by nginx in earlier tests, was purged by this test's
    publishing: the next visitor's copy comes from an app server."""
    assert stack.get("/") == (200, "MISS")

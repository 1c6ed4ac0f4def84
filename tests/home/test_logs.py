"""Nothing that identifies a learner, or what they searched for, reaches a log: read
from the log a real development server writes while a learner uses an embed and
searches."""

import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings

import pytest

from tests.helpers import PASSWORD, csrf_token_in

ROOT = Path(settings.BASE_DIR)
NAME = "ember-wren-4821"


def manage(env, *args):
    done = subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_embed_keys_and_searches_never_reach_the_servers_log(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alongside.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_course", "--without-translations")
    course_id = manage(
        env,
        "shell",
        "-c",
        "from organisations.models import Organisation; Organisation.objects.create("
        "name='Harbour', slug='harbour', allowed_origins='https://harbour.example'); "
        "from course.models import CoursePage; print(CoursePage.objects.get().pk)",
    ).split()[-1]
    port = free_port()
    log = tmp_path / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S603 (our own manage.py)
            [
                sys.executable,
                "manage.py",
                "runserver",
                "--noreload",
                f"127.0.0.1:{port}",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/get-help/")
                    break
                except OSError:
                    time.sleep(0.1)
            course = urllib.request.urlopen(base + "/").read().decode()
            assert "standing-alongside" in course
            started = urllib.request.urlopen(
                f"{base}/embed/harbour/course/{course_id}/"
            )
            key = started.geturl().split("/")[5]
            assert len(key) > 40
            urllib.request.urlopen(base + "/search/?q=hidden+marigold+fear")
            with pytest.raises(urllib.error.HTTPError, match="404"):
                urllib.request.urlopen(f"{base}/embed/harbour/{key}/no-such-page/")
            # Someone signs up, then someone guesses at their password until locked out.
            browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())

            def post(path, fields):
                form = browser.open(base + path).read().decode()
                fields["csrfmiddlewaretoken"] = csrf_token_in(form)
                request = urllib.request.Request(
                    base + path,
                    data=urllib.parse.urlencode(fields).encode(),
                    headers={"Origin": base},
                )
                try:
                    return browser.open(request).status
                except urllib.error.HTTPError as error:
                    return error.code

            assert (
                post(
                    "/account/signup/",
                    {"username": NAME, "password1": PASSWORD, "password2": PASSWORD},
                )
                == 200
            )
            browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
            statuses = [
                post("/account/login/", {"username": NAME, "password": "wrong"})
                for _ in range(5)
            ]
            assert statuses == [400] * 4 + [429]
        finally:
            server.terminate()
            server.wait(timeout=10)
    written = log.read_text()
    assert "GET /search/?…" in written  # the server did log the requests
    assert "/embed/harbour/…/" in written
    assert key not in written
    assert "marigold" not in written
    lockouts = [line for line in written.splitlines() if "AXES: Locking out" in line]
    assert lockouts  # axes did log the lockout, naming the client by a fingerprint
    assert not any("127.0.0.1" in line for line in lockouts)
    assert NAME not in written

"""What production settings promise, checked with the production settings module in
a process of its own (the suite itself runs on the test settings)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

import pytest

from learners.models import Learner

ROOT = Path(settings.BASE_DIR)

# Runs in the production process: a learner resumes with a code, then someone signs
# up and chooses a text size; every cookie the site set is reported.
VISIT = """
import json, sys
import django
django.setup()
from django.test import Client, override_settings
# Only so that pages render without collectstatic; nothing here is about cookies.
with override_settings(STORAGES={
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}):
    client, seen = Client(), {}
    for response in [
        client.get("/account/signup/", secure=True),
        client.post("/my-progress/resume/", {"code": sys.argv[1]}, secure=True),
        client.post("/account/signup/", {"username": "quiet-heron",
            "password1": "a long enough passphrase", "password2": "a long enough passphrase"},
            secure=True),
        client.post("/reading/", {"size": "large", "scheme": "dark"}, secure=True),
    ]:
        assert response.status_code in (200, 302, 303), response.status_code
        for name, morsel in response.cookies.items():
            if morsel.value:  # set, not deleted
                seen[name] = {"secure": bool(morsel["secure"]), "path": morsel["path"],
                          "domain": morsel["domain"], "httponly": bool(morsel["httponly"])}
print(json.dumps(seen))
"""


def production(*args, **extra_env):
    db = connection.settings_dict
    url = (
        f"sqlite:///{db['NAME']}"
        if connection.vendor == "sqlite"
        else f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alongside.settings.production",
        "SECRET_KEY": "production-test-secret",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": url,
        **extra_env,
    }
    if "TRUSTED_PROXY_COUNT" not in extra_env:
        env.pop("TRUSTED_PROXY_COUNT", None)
    done = subprocess.run(  # noqa: S603 (our own code)
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_in_production_every_cookie_is_a_host_cookie():
    learner, _key = Learner.objects.create_with_key()
    code = learner.issue_resume_code()
    cookies = json.loads(production("-c", VISIT, code))
    assert set(cookies) == {
        "__Host-csrftoken",
        "__Host-lk",
        "__Host-messages",
        "__Host-sessionid",
        "__Host-reading",
    }
    for name, cookie in cookies.items():
        # What browsers demand of a __Host- cookie, else they drop it.
        assert cookie["secure"], name
        assert cookie["path"] == "/", name
        assert not cookie["domain"], name
    assert cookies["__Host-lk"]["httponly"]
    assert cookies["__Host-sessionid"]["httponly"]
    assert cookies["__Host-reading"]["httponly"]


SHOW = "import django; django.setup(); from django.conf import settings; print(repr(getattr(settings, 'SECURE_PROXY_SSL_HEADER', None)))"


def test_a_forwarded_proto_header_is_believed_only_behind_a_proxy_of_ours():
    assert production("-c", SHOW) == "None"
    assert (
        production("-c", SHOW, TRUSTED_PROXY_COUNT="1")
        == "('HTTP_X_FORWARDED_PROTO', 'https')"
    )

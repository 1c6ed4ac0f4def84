"""The production stack as `./dev stack` starts it on this machine: nginx (TLS,
static files, media) in front of two gunicorn app servers, PostgreSQL and Redis.
Run with `./dev stack-test` (CI runs it); every wait is bounded.

Pages the same for every visitor with nothing of their own are kept by nginx, each
visitor's page carrying their own CSRF token, and purged at once when an editor
publishes; nothing personal is ever kept. One app server killed with SIGKILL: the
other carries every request. Both gone: kept pages still reach learners, anything
else gets the calm page with the quick exit and help lines. nginx's log holds no
query string."""

import contextlib
import http.cookiejar
import os
import re
import signal
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
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
        "STACK_PURGE_PORT": str(free_port()),
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
            yield {"base": base, "apps": apps, "log": log, "env": env}
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def visitor():
    """A browser of its own: its own cookies, over the stack's TLS."""
    context = ssl.create_default_context(cafile=STACK / "tls.crt")
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=context),
        urllib.request.HTTPCookieProcessor(jar),
    )
    opener.jar = jar
    return opener


def fetch(base, path, browser=None, data=None):
    """(status, headers, page) of a GET, or of a POST of `data` sent from the site."""
    browser = browser or visitor()
    request = urllib.request.Request(base + path)
    if data is not None:
        request.data = urllib.parse.urlencode(data, doseq=True).encode()
        request.add_header("Origin", base)
    try:
        with browser.open(request, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def cookie(browser, name):
    return next((c.value for c in browser.jar if c.name == name), None)


class QuizForm(HTMLParser):
    """The quiz's fields as a learner sends them: the hidden ones, and the first
    option of each question."""

    def __init__(self, page):
        super().__init__()
        self.action, self.fields, self.inside = None, {}, False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "quiz__form" in attrs.get("class", ""):
            self.action, self.inside = attrs["action"], True
        elif tag == "input" and self.inside:
            # As a browser sends it: a field with no value sends an empty one.
            self.fields.setdefault(attrs["name"], attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


@pytest.fixture(scope="module")
def lesson(stack):
    """The address of the course's first lesson, open to everyone."""
    code = "from lessons.models import LessonPage\n"
    code += "print(LessonPage.objects.live().order_by('path').first().url)"
    return manage(stack, code).strip().splitlines()[-1]


def kept_copy(base, path):
    """The page as nginx keeps it: asked for until it comes from the cache."""
    for _ in range(3):
        status, headers, page = fetch(base, path)
        if headers.get("X-Cache") == "HIT":
            return page
    pytest.fail(f"{path} was not kept: {status} {headers}")


def manage(stack, code):
    """Python run by the stack's own manage.py, on its database (an editor's work);
    returns what it printed."""
    return subprocess.run(  # noqa: S603 (our own script)
        [str(ROOT / "dev"), "stack-manage", "shell", "-c", code],
        cwd=ROOT,
        env=stack["env"],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout


def test_kept_pages_carry_each_visitors_own_token(stack, lesson):
    kept_copy(stack["base"], lesson)
    tokens = set()
    for browser in (visitor(), visitor()):
        status, headers, page = fetch(stack["base"], lesson, browser)
        assert (status, headers["X-Cache"]) == (200, "HIT")
        token = QuizForm(page).fields["csrfmiddlewaretoken"]
        assert token == cookie(browser, "__Host-csrftoken")
        tokens.add(token)
    assert len(tokens) == 2


def test_a_quiz_from_a_kept_page_is_recorded_and_the_learner_never_kept(stack, lesson):
    base = stack["base"]
    kept_copy(base, lesson)
    learner = visitor()
    form = QuizForm(fetch(base, lesson, learner)[2])
    status, headers, result = fetch(base, form.action, learner, data=form.fields)
    assert status == 200
    assert "You got" in result
    assert cookie(learner, "__Host-lk")
    # Their own page from now on, never from the cache nor into it.
    status, headers, page = fetch(base, lesson, learner)
    assert headers["X-Cache"] == "BYPASS"
    assert "You have tried it 1 time" in page
    status, headers, page = fetch(base, lesson)
    assert headers["X-Cache"] == "HIT"
    assert "You have tried it" not in page


def test_publishing_purges_kept_pages_at_once(stack, lesson):
    base = stack["base"]
    course = re.match(r"(/[^/]+/)", lesson).group(1)
    kept_copy(base, lesson)
    kept_copy(base, course)
    manage(
        stack,
        "from lessons.models import LessonPage\n"
        f"page = LessonPage.objects.get(url_path__endswith={lesson!r})\n"
        "page.title = 'A title an editor just published'\n"
        "page.save_revision().publish()",
    )
    for path in (lesson, course):
        status, headers, page = fetch(base, path)
        assert headers["X-Cache"] != "HIT"
        assert "A title an editor just published" in page
    kept_copy(base, lesson)
    unpublished = "from lessons.models import LessonPage\n"
    unpublished += f"page = LessonPage.objects.get(url_path__endswith={lesson!r})\n"
    manage(stack, unpublished + "page.unpublish()")
    assert fetch(base, lesson)[0] == 404
    manage(stack, unpublished + "page.save_revision().publish()")


@pytest.mark.parametrize(
    "path", ["/admin/login/", "/search/?q=bond", "/account/sign-in/", "/your-progress/"]
)
def test_what_is_not_a_page_of_the_course_is_never_kept(stack, path):
    for _ in range(3):
        assert fetch(stack["base"], path)[1].get("X-Cache") != "HIT"


def test_brotli_and_gzip(stack):
    for encoding in ("br", "gzip"):
        browser = visitor()
        browser.addheaders = [("Accept-Encoding", encoding)]
        status, headers, _body = fetch_raw(
            stack["base"], "/static/css/site.css", browser
        )
        assert headers.get("Content-Encoding") == encoding


def fetch_raw(base, path, browser):
    with browser.open(base + path, timeout=10) as answer:
        return answer.status, dict(answer.headers), answer.read()


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


def test_no_app_server_left_kept_pages_and_the_calm_page_with_help(stack, lesson):
    kept_copy(stack["base"], lesson)
    for app in stack["apps"]:
        kill_app_server(app)
    time.sleep(1)
    status, headers, page = fetch(stack["base"], lesson)
    assert (status, headers["X-Cache"]) == (200, "HIT")
    status, headers, page = fetch(stack["base"], "/search/?q=bond")
    assert status == 503
    assert "The course is resting for a moment" in page
    assert "Exit this page" in page
    assert "Emergency" in page or "emergency" in page
    # A Spanish page's calm page is in Spanish.
    status, headers, page = fetch(stack["base"], "/es/search/?q=vinculo")
    assert status == 503
    assert '<html lang="es"' in page
    assert "Salir de esta página" in page

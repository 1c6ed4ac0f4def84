"""The 500 and 503 pages carry the quick exit and the published help lines, and
showing them needs no database."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from django.conf import settings

import pytest

from home.error_pages import path_of, write_error_pages
from tests.factories import SupportServiceFactory
from tests.helpers import client_for, make_user

# home_page: the migrations' data (the default site) even after a transactional module.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_page")]


@pytest.fixture
def error_pages(tmp_path, settings):
    settings.ERROR_PAGES_DIR = tmp_path / "error-pages"
    return settings.ERROR_PAGES_DIR


def published_line(name):
    line = SupportServiceFactory(name=name, in_main_list=True, live=False)
    line.save_revision().publish()
    return line


def test_publishing_a_help_line_writes_it_into_the_error_pages(error_pages):
    published_line("Harbour night line")
    for status in (500, 503):
        page = path_of(status).read_text()
        assert "Harbour night line" in page
        assert "Exit this page" in page
        assert "js/quick-exit.js" in page


def test_a_fault_of_ours_shows_the_500_page_with_help(error_pages):
    published_line("Harbour night line")
    # Wagtail's own page for trying out error reports raises on purpose.
    client = client_for(make_user("owner", superuser=True))
    client.raise_request_exception = False
    response = client.get("/admin/failwhale/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert "Harbour night line" in page
    assert "Exit this page" in page


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SERVE = """
import sys
from wsgiref.simple_server import make_server
from alongside.wsgi import application
make_server("127.0.0.1", int(sys.argv[1]), application).serve_forever()
"""


def test_with_the_database_out_of_reach_a_calm_503_with_help(error_pages, tmp_path):
    published_line("Harbour night line")
    write_error_pages()
    port = free_port()
    env = {
        **os.environ,
        # The site as a charity runs it: no debug pages.
        "DJANGO_SETTINGS_MODULE": "alongside.settings.standalone",
        "SECRET_KEY": "error-pages-test-secret",
        # Nothing listens there: the database is down.
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{free_port()}/gone",
        "ERROR_PAGES_DIR": str(error_pages),
    }
    log = tmp_path / "server.log"
    with log.open("w") as out:
        # A plain WSGI server: runserver would refuse to start without a database.
        server = subprocess.Popen(  # noqa: S603 (our own application)
            [sys.executable, "-c", SERVE, str(port)],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(
                        f"http://127.0.0.1:{port}/static/css/site.css"
                    )
                    break
                except (OSError, urllib.error.HTTPError):
                    time.sleep(0.1)
            with pytest.raises(urllib.error.HTTPError) as answer:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/")
            page = answer.value.read().decode()  # before the server stops
        finally:
            server.terminate()
            server.wait(timeout=10)
    assert answer.value.code == 503
    assert answer.value.headers["Retry-After"] == "60"
    assert "The course is resting for a moment" in page
    assert "Harbour night line" in page
    assert "Exit this page" in page
    # The operator sees why, with the traceback.
    assert "Traceback" in log.read_text()


def test_each_languages_error_page_lists_its_readers_lines(error_pages):
    line = published_line("Línea en español")
    line.language, line.for_its_readers_only = "es", True
    line.save_revision().publish()
    assert "Línea en español" in path_of(503, "es").read_text()
    assert "Línea en español" not in path_of(503).read_text()

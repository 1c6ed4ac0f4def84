"""The pages our proxy may keep (home/edge_cache.py): only what is the same for every
visitor with nothing of their own, with the CSRF token left for the proxy to fill in,
and purged whenever an editor publishes. tests/stack/test_stack.py runs the same
through nginx itself."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.test import Client, override_settings

from wagtail.models import PageViewRestriction

import pytest

from home.edge_cache import ASKED, CSRF_FILL, PurgeBackend, PurgeOnCommit
from home.models import SiteSettings
from learners.models import Learner
from lessons.models import QuizAttempt

from ..factories import SupportServiceFactory
from ..helpers import (
    SITE_ORIGIN,
    answers_for,
    csrf_token_in,
    first_write_in,
    form_token,
    lessons_of,
    make_org,
    make_user,
    signed_in,
    start_embed,
    submit,
)

PROXY = {"HTTP_X_EDGE_CACHE": ASKED}
A_CSRF_SECRET = "0123456789abcdef0123456789abcdef"


def kept(response):
    return response.has_header("X-Accel-Expires")


@pytest.fixture
def lesson(course):
    return lessons_of(course)[0]


def test_a_page_the_proxy_keeps_leaves_the_token_to_it_and_sets_no_cookie(lesson):
    response = Client().get(lesson.url, **PROXY)
    assert response.status_code == 200
    assert response["X-Accel-Expires"] == "300"
    assert csrf_token_in(response.content.decode()) == CSRF_FILL
    assert not response.cookies


def test_a_quiz_on_a_kept_page_is_sent_with_the_token_the_proxy_fills_in(lesson):
    page = Client().get(lesson.url, **PROXY).content.decode()
    # What nginx does: the visitor's CSRF cookie (one it sets) in place of CSRF_FILL.
    page = page.replace(CSRF_FILL, A_CSRF_SECRET)
    browser = Client(enforce_csrf_checks=True)
    browser.cookies["csrftoken"] = A_CSRF_SECRET
    data = answers_for(lesson, token=form_token(page)) | first_write_in(page)
    data["csrfmiddlewaretoken"] = csrf_token_in(page)
    response = browser.post(lesson.url + "quiz/", data, HTTP_ORIGIN=SITE_ORIGIN)
    assert response.status_code == 200
    assert QuizAttempt.objects.filter(lesson=lesson, passed=True).count() == 1
    # And without the proxy's token, Django's CSRF check refuses it as ever.
    data["csrfmiddlewaretoken"] = CSRF_FILL
    refused = browser.post(lesson.url + "quiz/", data, HTTP_ORIGIN=SITE_ORIGIN)
    assert refused.status_code == 403


def test_without_the_proxy_asking_pages_are_as_they_were(lesson):
    response = Client().get(lesson.url)
    assert not kept(response)
    assert csrf_token_in(response.content.decode()) != CSRF_FILL


def returning_learner(lesson):
    client = Client()
    submit(client, lesson)
    assert Learner.objects.count() == 1
    return client


def signed_in_editor(lesson):
    return signed_in(Client(), make_user("edna", "Editors"))


def with_messages(lesson):
    client = Client()
    client.cookies["messages"] = "anything"
    return client


@pytest.mark.parametrize(
    "visitor", [returning_learner, signed_in_editor, with_messages]
)
def test_a_visitor_with_anything_of_their_own_gets_a_page_never_kept(lesson, visitor):
    client = visitor(lesson)
    response = client.get(lesson.url, **PROXY)
    assert response.status_code == 200
    assert not kept(response)
    assert CSRF_FILL not in response.content.decode()


@pytest.mark.parametrize(
    "address",
    [
        "{lesson}?practice-1=0.2",  # what a visitor sends back never sits in a kept page
        "/search/?query=abuse",
        "/get-help/",  # a view of its own, not a page of the tree: not kept (yet)
        "/account/sign-in/",
        "/admin/",
        "/no-such-page/",
        "/your-progress/",
    ],
)
def test_only_pages_of_the_tree_without_a_query_are_kept(lesson, address):
    response = Client().get(address.format(lesson=lesson.url), **PROXY)
    assert not kept(response)
    assert CSRF_FILL not in response.content.decode()


def test_an_organisations_embed_is_never_kept(lesson, course):
    prefix = start_embed(make_org(), course)
    response = Client().get(prefix + lesson.url, **PROXY)
    assert response.status_code == 200
    assert not kept(response)
    assert CSRF_FILL not in response.content.decode()


def test_a_quiz_result_is_never_kept(lesson):
    client = Client()
    page = client.get(lesson.url, **PROXY).content.decode()
    data = answers_for(lesson, token=form_token(page)) | first_write_in(page)
    response = client.post(lesson.url + "quiz/", data, HTTP_ORIGIN=SITE_ORIGIN, **PROXY)
    assert response.status_code == 200
    assert not kept(response)


class PurgeRecorder(BaseHTTPRequestHandler):
    """Stands where nginx's purge server does, and notes what it is asked to drop."""

    def do_PURGE(self):
        self.server.purged.append(self.headers["Host"] + self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy():
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    server.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    location = f"http://127.0.0.1:{server.server_port}"
    backend = "home.edge_cache.PurgeBackend"
    with override_settings(
        WAGTAILFRONTENDCACHE={"proxy": {"BACKEND": backend, "LOCATION": location}}
    ):
        yield server
    server.shutdown()
    server.server_close()


def purges(callbacks):
    return sum(isinstance(callback, PurgeOnCommit) for callback in callbacks)


def every_page(course):
    lessons = lessons_of(course)
    return {
        "localhost/",
        "localhost" + course.url,
        "localhost" + lessons[0].get_parent().url,
        *("localhost" + lesson.url for lesson in lessons),
    }


def test_publishing_a_lesson_purges_every_page_once_it_is_committed(
    proxy, course, django_capture_on_commit_callbacks
):
    lesson = lessons_of(course)[0]
    lesson.title = "A new title"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        lesson.save_revision().publish()
    assert proxy.purged == []  # not before the commit, when the old page is read
    assert purges(callbacks) == 1  # however many signals
    for callback in callbacks:
        callback()
    assert every_page(course) <= set(proxy.purged)
    assert len(proxy.purged) == len(set(proxy.purged))


def test_deleting_a_stage_purges_its_pages_and_every_other_once(
    proxy, course, django_capture_on_commit_callbacks
):
    pages = every_page(course)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        lessons_of(course)[0].get_parent().delete()
    assert purges(callbacks) == 1
    assert pages <= set(proxy.purged)
    assert len(proxy.purged) == len(set(proxy.purged))


def test_unpublishing_or_moving_a_lesson_purges_its_old_address(
    proxy, course, django_capture_on_commit_callbacks
):
    first, second, third = lessons_of(course)[:3]
    with django_capture_on_commit_callbacks(execute=True):
        first.unpublish()
    assert "localhost" + first.url in proxy.purged
    old_address = "localhost" + second.url
    with django_capture_on_commit_callbacks(execute=True):
        second.move(third.get_parent(), pos="last-child")
    assert old_address in proxy.purged


def test_publishing_a_help_line_purges_every_page(
    proxy, course, django_capture_on_commit_callbacks
):
    line = SupportServiceFactory()
    with django_capture_on_commit_callbacks(execute=True):
        line.save_revision().publish()
    assert every_page(course) <= set(proxy.purged)


def test_a_proxy_that_never_answers_costs_one_timeout_not_one_per_page(caplog):
    addresses = [f"http://localhost/page-{n}/" for n in range(10)]
    with socket.create_server(("127.0.0.1", 0)) as hung:  # listens, never answers
        location = f"http://127.0.0.1:{hung.getsockname()[1]}"
        backend = PurgeBackend({"LOCATION": location})
        finished = threading.Event()

        def purge():
            backend.purge_batch(addresses)
            finished.set()

        threading.Thread(target=purge, daemon=True).start()
        # Without a timeout this never finishes; with one per page, 20 s.
        assert finished.wait(timeout=15)
    (failure,) = [r for r in caplog.records if "did not purge" in r.getMessage()]
    assert "page-0/" in failure.getMessage()
    assert "; 9 more not tried" in failure.getMessage()


def test_settings_made_with_their_defaults_on_a_first_request_purge_nothing(
    proxy, course, django_capture_on_commit_callbacks
):
    SiteSettings.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().get(lessons_of(course)[0].url)
    assert response.status_code == 200
    assert SiteSettings.objects.exists()
    assert proxy.purged == []


def test_restricting_a_page_purges_it(
    proxy, course, django_capture_on_commit_callbacks
):
    lesson = lessons_of(course)[0]
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=lesson, restriction_type="password", password="family"
        )
    assert "localhost" + lesson.url in proxy.purged


def test_saving_a_draft_purges_nothing(
    proxy, course, django_capture_on_commit_callbacks
):
    lesson = lessons_of(course)[0]
    with django_capture_on_commit_callbacks(execute=True):
        lesson.save_revision()
    assert proxy.purged == []

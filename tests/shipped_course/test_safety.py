"""Safety over every page of the shipped course: a quick exit on each, nothing kept
by the browser, and nothing loaded from another host."""

from wagtail.models import Page

import pytest
from pytest_django.asserts import assertInHTML

from home.models import DEFAULT_QUICK_EXIT_URL
from lessons.models import LessonPage
from tests.helpers import other_hosts, quick_exit_link

pytestmark = pytest.mark.django_db

LEARNER_PATHS = [
    "/get-help/",
    "/browsing-safely/",
    "/privacy/",
    "/my-progress/",
    "/account/login/",
    "/account/signup/",
]


@pytest.fixture
def learner_paths(shipped):
    pages = Page.objects.live().filter(depth__gte=2).specific()
    return [page.url for page in pages] + LEARNER_PATHS


def test_every_learner_page_has_a_quick_exit_and_is_never_stored(client, learner_paths):
    for path in learner_paths:
        response = client.get(path, follow=True)
        html = response.content.decode()
        assertInHTML(quick_exit_link(DEFAULT_QUICK_EXIT_URL), html)
        assert "no-store" in response["Cache-Control"], path


def test_no_page_loads_anything_from_another_host(client, admin_client, learner_paths):
    for path in learner_paths:
        assert other_hosts(client.get(path, follow=True).content.decode()) == set(), (
            path
        )
    lesson = LessonPage.objects.first()
    for path in [
        "/admin/",
        f"/admin/pages/{lesson.pk}/edit/",
        "/admin/snippets/home/supportservice/",
        "/admin/account/",
    ]:
        html = admin_client.get(path).content.decode()
        assert other_hosts(html) == set(), path
        assert "gravatar" not in html.lower()
    css = b"".join(client.get("/static/css/site.css").streaming_content).decode()
    assert other_hosts(css) == set()

"""Quick exit, no-store, discreet titles, CSP and nothing loaded from other hosts."""

import io
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.test import Client

from wagtail.models import Page, Site

import pytest

from home.models import SiteSettings
from lessons.models import LessonPage
from tests.conftest import submit

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
def shipped(home_page):
    call_command("load_course", stdout=io.StringIO())
    return [
        p.url for p in Page.objects.live().filter(depth__gte=2).specific()
    ] + LEARNER_PATHS


def test_every_learner_page_has_a_quick_exit_and_is_never_stored(client, shipped):
    for path in shipped:
        response = client.get(path, follow=True)
        html = response.content.decode()
        assert "data-quick-exit>Exit this page</a>" in html, path
        assert 'href="https://www.bbc.co.uk/weather"' in html, path
        assert "no-store" in response["Cache-Control"], path


def test_quick_exit_destination_is_an_editor_setting(client, course):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.quick_exit_url = "https://example.org/recipes"
    site_settings.save()
    assert (
        'href="https://example.org/recipes" rel="noreferrer nofollow" data-quick-exit'
        in client.get(course.url).content.decode()
    )


def test_discreet_titles_hide_the_subject_from_the_browser_tab(client, course):
    title = re.compile(r"<title>(.*?)</title>", re.S)
    assert course.title in title.search(client.get(course.url).content.decode()).group(
        1
    )
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.discreet_titles = True
    site_settings.save()
    assert (
        title.search(client.get(course.url).content.decode()).group(1).strip()
        == "Notes"
    )


def test_quick_exit_script_is_served_by_the_site(client):
    response = client.get("/static/js/quick-exit.js")
    assert response.status_code == 200
    assert b"location.replace" in b"".join(response.streaming_content)


def test_content_security_policy_allows_only_this_host(client, course, admin_client):
    policy = client.get(course.url)["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'self'" in policy
    admin_policy = admin_client.get("/admin/")["Content-Security-Policy"]
    assert "default-src 'self'" in admin_policy
    assert "http" not in admin_policy


RESOURCE = re.compile(
    r"""(?:src|srcset|action|data)=["']([^"']+)["']|<link[^>]+href=["']([^"']+)["']|url\(\s*["']?([^"')]+)"""
)


def other_hosts(html):
    found = set()
    for match in RESOURCE.finditer(html):
        url = next(group for group in match.groups() if group)
        host = urlsplit(url.strip()).hostname
        if url.strip().startswith("//") or (
            host and host not in ("testserver", "localhost")
        ):
            found.add(url)
    return found


def test_no_page_loads_anything_from_another_host(client, admin_client, shipped):
    for path in shipped:
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


def test_the_host_check_catches_an_outside_resource():
    assert other_hosts('<script src="https://cdn.example.com/x.js"></script>') == {
        "https://cdn.example.com/x.js"
    }
    assert other_hosts("body { background: url(//fonts.example.com/a.woff) }") == {
        "//fonts.example.com/a.woff"
    }


def test_privacy_page_lists_every_cookie_the_site_sets(client, course):
    from tests.conftest import lessons_of

    seen = set()
    lessons = lessons_of(course)
    seen |= set(client.get(lessons[0].url).cookies)
    seen |= set(submit(client, lessons[0]).cookies)
    seen |= set(client.get(lessons[2].url).cookies)  # locked: sets a message
    client.post(
        "/account/signup/",
        {
            "username": "calm-otter",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
    )
    seen |= set(client.cookies)
    assert {
        settings.LEARNER_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        settings.SESSION_COOKIE_NAME,
        "messages",
    } <= seen
    html = Client().get("/privacy/").content.decode()
    for name in seen:
        assert f"<code>{name}</code>" in html, name

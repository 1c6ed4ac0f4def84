"""Quick exit, no-store, discreet titles, CSP and nothing loaded from other hosts."""

import re

from django.conf import settings
from django.test import Client

from wagtail.models import Site

import pytest
from pytest_django.asserts import assertInHTML

from home.models import SafetySettings
from tests.helpers import (
    PASSWORD,
    lessons_of,
    make_org,
    other_hosts,
    quick_exit_link,
    submit,
)

pytestmark = pytest.mark.django_db


def publish_safety_settings(**changes):
    settings = SafetySettings.objects.get(site=Site.objects.get(is_default_site=True))
    for name, value in changes.items():
        setattr(settings, name, value)
    settings.save_revision().publish()


def test_quick_exit_destination_is_an_editor_setting(client, course):
    publish_safety_settings(quick_exit_url="https://example.org/recipes")
    html = client.get(course.url).content.decode()
    assertInHTML(quick_exit_link("https://example.org/recipes"), html)


def test_discreet_titles_hide_the_subject_from_the_browser_tab(client, course):
    """On by default; an editor may turn them off."""
    title = re.compile(r"<title>(.*?)</title>", re.S)
    assert (
        title.search(client.get(course.url).content.decode()).group(1).strip()
        == "Notes"
    )
    publish_safety_settings(discreet_titles=False)
    assert course.title in title.search(client.get(course.url).content.decode()).group(
        1
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


def test_the_host_check_catches_an_outside_resource():
    assert other_hosts('<script src="https://cdn.example.com/x.js"></script>') == {
        "https://cdn.example.com/x.js"
    }
    assert other_hosts("body { background: url(//fonts.example.com/a.woff) }") == {
        "//fonts.example.com/a.woff"
    }


def test_privacy_page_lists_every_cookie_the_site_sets(client, course):
    seen = set()
    lessons = lessons_of(course)
    seen |= set(client.get(lessons[0].url).cookies)
    seen |= set(submit(client, lessons[0]).cookies)
    seen |= set(client.get(lessons[2].url).cookies)  # locked: sets a message
    client.post(
        "/account/signup/",
        {
            "username": "calm-otter",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    seen |= set(client.cookies)
    # Set by hand, as Partitioned (organisations/embed.py), so not in .cookies.
    embed = Client().get(f"/embed/{make_org().slug}/page/{course.pk}/")
    seen.add(embed["Set-Cookie"].split("=")[0])
    seen.add(settings.EMBED_LEFT_COOKIE_NAME)  # set by embed-frame.js, at the exit
    assert {
        settings.EMBED_LEARNER_COOKIE_NAME,
        settings.LEARNER_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        settings.SESSION_COOKIE_NAME,
        "messages",
    } <= seen
    html = Client().get("/privacy/").content.decode()
    for name in seen:
        assert f"<code>{name}</code>" in html, name

"""Discreet by default: a favicon and a page description that give nothing away.
(Browser-tab titles: tests/browser/test_quick_exit.py.)"""

import re
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.contrib.staticfiles import finders

from wagtail.models import Site

import pytest

from home.models import SafetySettings
from lessons.models import LessonPage
from tests.helpers import make_user

turned_on = import_module("home.migrations.0013_discreet_titles_on_where_never_chosen")

pytestmark = pytest.mark.django_db

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')


def test_every_page_has_a_description_that_names_no_subject(client, course):
    for path in ["/", course.url, "/get-help/", "/browsing-safely/"]:
        html = client.get(path).content.decode()
        assert DESCRIPTION.findall(html) == [
            "Short lessons and support, at your own pace."
        ], path


def test_a_page_with_its_own_description_shows_that(client, course):
    lesson = LessonPage.objects.live().first()
    lesson.search_description = "Notes on listening."
    lesson.save_revision().publish()
    html = client.get(lesson.url).content.decode()
    assert DESCRIPTION.findall(html) == ["Notes on listening."]


def test_the_favicon_is_a_plain_square_and_browsers_asking_for_it_find_it(
    client, home_page
):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    svg = Path(finders.find("favicon.svg")).read_text()
    assert "<text" not in svg  # a shape, no letters
    assert "<path" not in svg
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.ico"
    assert finders.find("favicon.ico")


def test_discreet_titles_turn_on_where_no_person_chose_them(home_page):
    """Migration 0013: a site's settings made by an earlier migration get the new
    default; settings a person saved keep their choice."""
    settings = SafetySettings.objects.get(site=Site.objects.get(is_default_site=True))
    assert settings.tab_title == "Notes"  # as migrated
    SafetySettings.objects.filter(pk=settings.pk).update(discreet_titles=False)
    turned_on.turn_on_where_never_chosen(apps, None)
    settings.refresh_from_db()
    assert settings.discreet_titles
    assert settings.latest_revision.content["discreet_titles"] is True

    settings.discreet_titles = False
    settings.save_revision(user=make_user("reviewer")).publish()
    turned_on.turn_on_where_never_chosen(apps, None)
    settings.refresh_from_db()
    assert not settings.discreet_titles

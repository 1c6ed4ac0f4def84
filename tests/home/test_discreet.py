"""Discreet by default: a favicon and a page description that give nothing away.
(Browser-tab titles: tests/browser/test_quick_exit.py.)"""

import re
from pathlib import Path

from django.contrib.staticfiles import finders

import pytest

from lessons.models import LessonPage

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

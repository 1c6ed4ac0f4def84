"""Finding content: site search and a page per topic."""

import pytest

from lessons.models import LessonPage

pytestmark = pytest.mark.django_db


def test_search_finds_lessons_by_their_words(client, shipped):
    html = client.get("/search/", {"q": "grounding"}).content.decode()
    assert "Staying calm together" in html
    assert "What the bond is" not in html


def test_search_without_results_says_so_kindly(client, shipped):
    html = client.get("/search/", {"q": "zzzzqqq"}).content.decode()
    assert "No lessons found" in html


def test_empty_or_overlong_search_is_not_an_error(client, shipped):
    assert client.get("/search/").status_code == 200
    assert client.get("/search/", {"q": "x" * 5000}).status_code == 200
    assert client.post("/search/").status_code == 405


def test_each_topic_has_a_page_listing_its_lessons(client, shipped):
    lesson = LessonPage.objects.get(slug="what-the-bond-is")  # the first lesson is open
    tag = lesson.tags.get(name="trauma bonding")
    assert f'href="/topics/{tag.slug}/"' in client.get(lesson.url).content.decode()
    html = client.get(f"/topics/{tag.slug}/").content.decode()
    assert "Lessons about trauma bonding" in html
    assert "Why the bond forms" in html
    assert lesson.title in html
    assert client.get("/topics/no-such-topic/").status_code == 404

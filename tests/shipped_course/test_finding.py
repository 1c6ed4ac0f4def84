"""Finding content: site search and a page per topic."""

import pytest
from pytest_django.asserts import assertContains, assertInHTML

from course.models import StagePage
from lessons.models import GuidePage, LessonPage

pytestmark = pytest.mark.django_db


def test_search_finds_lessons_by_their_words(client, shipped):
    html = client.get("/search/", {"q": "grounding"}).content.decode()
    assert "Staying calm together" in html
    assert "What the bond is" not in html


def test_search_without_results_says_so_kindly(client, shipped):
    html = client.get("/search/", {"q": "zzzzqqq"}).content.decode()
    assert "Nothing found" in html


def test_empty_or_overlong_search_is_not_an_error(client, shipped):
    assert client.get("/search/").status_code == 200
    assert client.get("/search/", {"q": "x" * 5000}).status_code == 200
    assert client.post("/search/").status_code == 405


def test_each_topic_has_a_page_listing_its_lessons_and_guides(client, shipped):
    lesson = LessonPage.objects.get(slug="what-the-bond-is")  # the first lesson is open
    tag = lesson.tags.get(name="understanding")
    assert f'href="/topics/{tag.slug}/"' in client.get(lesson.url).content.decode()
    html = client.get(f"/topics/{tag.slug}/").content.decode()
    assert "About understanding" in html
    assert f'href="{lesson.url}"' in html
    for guide in GuidePage.objects.live():
        topic = guide.tags.first()
        assertContains(client.get(f"/topics/{topic.slug}/"), guide.url)
    assert client.get("/topics/no-such-topic/").status_code == 404


def test_search_and_topics_say_which_lessons_are_locked_and_why(client, shipped):
    """A new visitor sees the lock and the stage to finish, not a link that sends
    them back to lesson 1; safety lessons an editor keeps open are marked open."""
    first_stage = StagePage.objects.child_of(shipped).first()
    locked = LessonPage.objects.filter(always_open=False).last()
    html = client.get("/search/", {"q": locked.title}).content.decode()
    assertInHTML(f'<span class="results__title">{locked.title}</span>', html)
    assert "Locked:" in html
    assert first_stage.title in html
    urgent = LessonPage.objects.get(slug="when-to-get-urgent-help")
    assert urgent.always_open
    html = client.get("/topics/urgent-help/").content.decode()
    assertInHTML(
        f'<a class="results__title" href="{urgent.url}">{urgent.title}</a>', html
    )
    assertInHTML(
        f'<a class="results__title" href="{shipped.urgent_help.url}">'
        f"{shipped.urgent_help.title}</a>",
        html,
    )

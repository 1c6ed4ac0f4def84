"""The course outline is cached between requests (course/progress.py), and every
change to the page tree an editor can make is seen by the next request, in every
process (home/content_cache.py)."""

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from course.progress import CourseProgress
from home.content_cache import content_version
from tests.factories import GuidePageFactory, LessonPageFactory, StagePageFactory
from tests.helpers import lessons_of

pytestmark = pytest.mark.django_db


def outline(course):
    progress = CourseProgress.build(course, None)
    return [
        (stage.page.title, [lesson.page.title for lesson in stage.lessons])
        for stage in progress.stages
    ]


def cached(course):
    """The outline, after checking a second read comes from the cache: it costs
    one query, the content version's."""
    first = outline(course)
    with CaptureQueriesContext(connection) as queries:
        assert outline(course) == first
    assert len(queries) == 1
    return first


def test_a_publication_is_seen_at_once(course):
    lesson = lessons_of(course)[0]
    before = cached(course)
    lesson.title = "Renamed"
    lesson.save_revision().publish()
    after = outline(course)
    assert after[0][1][0] == "Renamed"
    assert after != before


def test_a_draft_changes_nothing_learners_see(course):
    lesson = lessons_of(course)[0]
    before = cached(course)
    lesson.title = "Only a draft"
    lesson.save_revision()
    assert outline(course) == before


def test_unpublishing_and_deleting_are_seen_at_once(course):
    first, second, *_rest = lessons_of(course)
    cached(course)
    first.unpublish()
    assert first.title not in outline(course)[0][1]
    cached(course)
    second.get_parent().delete()
    assert len(outline(course)) == 1


def test_new_and_moved_pages_are_seen_at_once(course):
    lessons = lessons_of(course)
    cached(course)
    stage = StagePageFactory(parent=course, title="A new stage")
    assert outline(course)[-1] == ("A new stage", [])
    cached(course)
    lessons[0].move(stage, pos="last-child")
    assert outline(course)[-1] == ("A new stage", [lessons[0].title])
    cached(course)
    added = LessonPageFactory(parent=stage, title="A new lesson")
    assert outline(course)[-1][1][-1] == added.title


def test_always_open_is_seen_at_once(course):
    *_rest, last = lessons_of(course)
    cached(course)
    last.always_open = True
    last.save_revision().publish()
    assert CourseProgress.build(course, None).is_open(last.pk)


def test_a_process_whose_cache_still_holds_the_old_outline_sees_a_publish(course):
    # Without Redis each process has its own cache, which the editor's process
    # cannot reach: put this cache's entries back as they were before the publish.
    if not isinstance(caches["default"], LocMemCache):
        pytest.skip("the per-process cache is the local-memory one")
    backend = caches["default"]
    lesson = lessons_of(course)[0]
    cached(course)
    entries, expiry = dict(backend._cache), dict(backend._expire_info)
    lesson.title = "Renamed"
    lesson.save_revision().publish()
    backend._cache.update(entries)
    backend._expire_info.update(expiry)
    assert outline(course)[0][1][0] == "Renamed"


def test_the_version_changes_only_when_the_change_commits(course):
    lesson = lessons_of(course)[0]
    version = content_version()
    inside = []

    def publish_then_fail():
        with transaction.atomic():
            lesson.title = "Never committed"
            lesson.save_revision().publish()
            inside.append(content_version())
            raise RuntimeError

    with pytest.raises(RuntimeError):
        publish_then_fail()
    assert inside != [version]
    assert content_version() == version


def test_a_home_page_whose_address_changes_moves_every_outline(course):
    cached(course)
    home = course.get_parent().specific
    home.slug = "elsewhere"
    home.save()
    course.refresh_from_db()
    routes = CourseProgress.build(course, None).outline.by_url_path
    assert routes
    assert all(path.startswith(home.url_path) for path in routes)


def test_the_urgent_page_link_follows_its_guide(client, course):
    guide = GuidePageFactory(parent=course, title="Right now")
    course.urgent_help = guide
    course.save_revision().publish()
    lesson = lessons_of(course)[0]
    assert "Right now" in client.get(lesson.url).content.decode()
    guide.title = "If you are worried"
    guide.save_revision().publish()
    assert "If you are worried" in client.get(lesson.url).content.decode()
    guide.unpublish()
    assert "If you are worried" not in client.get(lesson.url).content.decode()


def test_a_lessons_new_text_is_seen_at_once_and_a_draft_never(client, course):
    lesson = lessons_of(course)[0]
    assert "Words to read." in client.get(lesson.url).content.decode()  # now cached
    lesson.body = [("text", "<p>A draft nobody reads yet.</p>")]
    lesson.save_revision()
    assert "A draft" not in client.get(lesson.url).content.decode()
    lesson.body = [("text", "<p>Words published today.</p>")]
    lesson.save_revision().publish()
    page = client.get(lesson.url).content.decode()
    assert "Words published today." in page
    assert "Words to read." not in page


def test_a_new_view_restriction_holds_at_once(client, course):
    lesson = lessons_of(course)[0]
    assert client.get(lesson.url).status_code == 200  # the outline is cached
    assert client.get(course.url).status_code == 200
    PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.LOGIN
    )
    for url in (lesson.url, course.url):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]

"""The course outline is cached between requests (course/progress.py), and every
change to the page tree an editor can make is seen by the next request."""

from django.core.cache import cache

import pytest

from course.progress import CourseProgress, outline_key
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
    """The outline, after checking a second read comes from the cache."""
    first = outline(course)
    assert cache.get(outline_key(course.path)) is not None
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


def test_the_outline_is_dropped_again_when_the_change_commits(
    course, django_capture_on_commit_callbacks
):
    # A learner's request may read the tree before the editor's transaction commits.
    lesson = lessons_of(course)[0]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        lesson.title = "Renamed"
        lesson.save_revision().publish()
        cache.set(outline_key(course.path), (course.pk, []))
    for callback in callbacks:
        callback()
    assert outline(course)[0][1][0] == "Renamed"


def test_a_home_page_whose_address_changes_drops_every_outline(course):
    cached(course)
    home = course.get_parent().specific
    home.slug = "elsewhere"
    home.save()
    assert cache.get(outline_key(course.path)) is None


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

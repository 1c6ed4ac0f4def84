"""Safety is never locked: the urgent page and the lessons editors keep open are
reachable by a brand-new visitor, in one click from every page of the course."""

from django.test import Client
from django.utils.html import escape

import pytest
from pytest_django.asserts import assertContains

from course.models import StagePage
from home.models import SupportService
from lessons.models import GuidePage, LessonPage
from reports.health import content_health

pytestmark = pytest.mark.django_db


def test_the_loader_sets_the_urgent_page_and_the_always_open_lessons(shipped):
    urgent = shipped.urgent_help.specific
    assert isinstance(urgent, GuidePage)
    assert urgent.live
    assert urgent.get_parent().pk == shipped.pk  # outside every stage
    assert set(
        LessonPage.objects.filter(always_open=True).values_list("slug", flat=True)
    ) >= {
        "when-to-get-urgent-help",
        "safety-planning-what-families-can-do",
        "children-and-teenagers",
    }


def test_a_new_visitor_reaches_the_urgent_page_in_one_click_from_everywhere(shipped):
    """From the course page, every stage and every lesson's header, without passing
    anything: a visitor sent away from a locked lesson lands on a page with it too."""
    visitor = Client()
    link = f'href="{shipped.urgent_help.url}"'
    pages = [
        shipped,
        *StagePage.objects.child_of(shipped),
        *LessonPage.objects.live().order_by("path"),
    ]
    for page in pages:
        response = visitor.get(page.url, follow=True)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        main = html[html.index("<main") :]
        if 'class="lesson__header"' in main:  # a lesson: in its own header
            main = main[main.index("lesson__header") : main.index("</header>")]
        assert link in main, page.url
    assert not visitor.cookies.get("lk"), "reading created a learner"


def test_the_urgent_page_covers_each_emergency_then_the_help_lines(shipped):
    response = Client().get(shipped.urgent_help.url)
    assert response.status_code == 200
    html = response.content.decode()
    body = html[html.index('<div class="lesson__body">') : html.index("</article>")]
    for words in ("danger", "suicide", "child", "held or controlled", "turns up"):
        assert words in body.lower(), words
    help_lines = body.index("help help--inline")
    assert body.lower().index("suicide") < help_lines
    # Every line for an English reader (a line for Spanish readers only is theirs).
    for service in SupportService.objects.filter(for_its_readers_only=False):
        assert escape(service.name) in body[help_lines:], service.name


def test_lessons_kept_open_open_for_a_new_visitor_and_are_listed(shipped):
    visitor = Client()
    course_page = visitor.get(shipped.url).content.decode()
    for lesson in LessonPage.objects.filter(always_open=True):
        assert visitor.get(lesson.url).status_code == 200, lesson.slug
        assert f'href="{lesson.url}"' in course_page, lesson.slug
        stage = visitor.get(lesson.get_parent().url)
        assertContains(stage, "This stage is locked.")
        assertContains(stage, f'href="{lesson.url}"')
    locked = LessonPage.objects.filter(always_open=False).last()
    assert visitor.get(locked.url).status_code == 302


def test_the_shipped_course_has_no_content_health_problems(shipped):
    """Lessons, stages and guides; help lines are left unverified on purpose, for
    editors to check for their region."""
    rows = content_health(
        LessonPage.objects.live().order_by("path"),
        GuidePage.objects.live().order_by("path"),
        services=[],
    )
    assert [(row.title, row.problem) for row in rows] == []

"""The course that ships with Alongside: loaded by one command, complete, and passable."""

import io
import tomllib

from django.core.management import call_command
from django.test import Client

from wagtail.models import Page

import pytest

from content.loader import SHIPPED
from course.models import CoursePage, StagePage
from home.models import SupportService
from lessons.models import LessonPage
from tests.helpers import submit

pytestmark = pytest.mark.django_db


def test_load_course_reports_and_leaves_a_loaded_course_alone(loaded, shipped):
    services = tomllib.loads((SHIPPED / "support_services.toml").read_text())
    assert f"Help lines: added {len(services['service'])}." in loaded.output
    course = SHIPPED / "alongside"
    guides = len(list((course / "guides").glob("[0-9]*.toml")))
    lessons = len(list(course.glob("*/[0-9]*.toml"))) - guides
    assert (
        f"added 5 stages, {lessons} lessons and {guides} guides, published."
        in loaded.output
    )
    again = io.StringIO()
    call_command("load_course", "--without-translations", stdout=again)
    assert "already there, left as it is" in again.getvalue()
    assert "Help lines: already there" in again.getvalue()
    assert CoursePage.objects.count() == 1


def test_every_page_of_the_site_renders(shipped):
    client = Client()
    pages = Page.objects.live().filter(depth__gte=2).specific()
    assert len(pages) > 20
    for page in pages:
        response = client.get(page.url, follow=True)
        assert response.status_code == 200, page.url
    for path in ("/get-help/", "/account/login/", "/account/signup/"):
        assert client.get(path).status_code == 200


def test_course_has_five_stages_of_three_to_five_lessons(shipped):
    stages = StagePage.objects.child_of(shipped)
    assert stages.count() == 5
    for stage in stages:
        assert 3 <= LessonPage.objects.child_of(stage).count() <= 5, stage.title
    assert LessonPage.objects.count() >= 16


def test_every_lesson_is_the_right_length_with_a_complete_quiz(shipped):
    for lesson in LessonPage.objects.all():
        assert 300 <= lesson.word_count <= 700, (lesson.title, lesson.word_count)
        assert 3 <= len(lesson.questions) <= 5, lesson.title
        for question in lesson.questions:
            assert question.right_ids, question.prompt
            assert all(option.feedback.strip() for option in question.options), (
                question.prompt
            )
        # The stored quiz passes the same validation an editor's save does.
        LessonPage._meta.get_field("quiz").stream_block.clean(lesson.quiz)


def test_lessons_use_more_than_paragraphs(shipped):
    kinds = {
        block.block_type for lesson in LessonPage.objects.all() for block in lesson.body
    }
    assert {
        "text",
        "key_points",
        "instead_of",
        "scenario",
        "reflection",
        "callout",
    } <= kinds
    assert LessonPage.objects.exclude(content_note="").exists()


def test_help_lines_are_loaded_and_marked_for_checking(shipped):
    services = SupportService.objects.all()
    assert services.filter(is_emergency=True).exists()
    assert all(service.needs_verification for service in services)


def test_every_page_shows_the_emergency_numbers_and_the_way_to_the_help_lines(shipped):
    client = Client()
    numbers = SupportService.objects.filter(is_emergency=True).values_list(
        "phone", flat=True
    )
    assert sorted(numbers) == ["112", "911", "999"]
    for page in Page.objects.live().filter(depth__gte=2)[:6]:
        html = client.get(page.url, follow=True).content.decode()
        for number in numbers:
            assert f'href="tel:{number}">{number}</a>' in html, page.url
        assert 'href="/get-help/">Find a help line near you</a>' in html


def test_the_whole_course_can_be_passed_to_the_completion_page(shipped):
    client = Client()
    for lesson in LessonPage.objects.live().order_by("path"):
        assert client.get(lesson.url).status_code == 200, lesson.title
        assert "You passed" in submit(client, lesson).content.decode()
    response = client.get(shipped.url + "completion/")
    assert response.status_code == 200
    assert "Course finished" in response.content.decode()

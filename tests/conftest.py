import importlib.util
import re

from wagtail.models import Page

import pytest

from home.models import HomePage
from lessons.forms import field_name

from .factories import CoursePageFactory, LessonPageFactory, StagePageFactory

# The browser tests need requirements-browser.txt, which `./dev browser` installs.
collect_ignore = [] if importlib.util.find_spec("playwright") else ["browser"]


@pytest.fixture
def home_page(db):
    # Created by home's data migration, as on a real installation.
    return HomePage.objects.get()


def publish(page):
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk).specific


@pytest.fixture
def make_course(home_page):
    """Build a published course: make_course(stages=2, lessons=2, quiz=[...])."""

    def make(stages=2, lessons=2, quiz=None, **course_fields):
        course = CoursePageFactory(parent=home_page, **course_fields)
        for _ in range(stages):
            stage = StagePageFactory(parent=course)
            for _ in range(lessons):
                kwargs = {} if quiz is None else {"quiz": quiz}
                LessonPageFactory(parent=stage, **kwargs)
        return course

    return make


@pytest.fixture
def course(make_course):
    return make_course()


def lessons_of(course):
    from lessons.models import LessonPage

    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def form_token(html):
    return re.search(r'name="submission" value="([^"]+)"', html).group(1)


def answers_for(lesson, right=True, token=None):
    """POST data answering every question rightly (or wrongly) from the stored quiz."""
    data = {"submission": token or "6f1c1d5e-0000-4000-8000-000000000001"}
    for question in lesson.questions:
        options = [o for o in question.options if o.correct == right] or list(
            question.options
        )
        ids = [o.id for o in options]
        data[field_name(question)] = ids if question.many else ids[0]
    return data


def submit(client, lesson, right=True, token=None):
    token = token or form_token(client.get(lesson.url).content.decode())
    return client.post(lesson.url + "quiz/", answers_for(lesson, right, token))

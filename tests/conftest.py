import importlib.util

import pytest

from home.models import HomePage

from .factories import CoursePageFactory, LessonPageFactory, StagePageFactory

# The browser tests need requirements-browser.txt, which `./dev browser` installs.
collect_ignore = [] if importlib.util.find_spec("playwright") else ["browser"]


@pytest.fixture
def home_page(db):
    # Created by home's data migration, as on a real installation.
    return HomePage.objects.get()


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

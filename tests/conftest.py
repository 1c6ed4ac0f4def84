"""Fixtures shared by the whole suite. Helpers are in helpers.py, among them
`built_once`, which the module- and folder-wide data here is built with."""

import importlib.util
from pathlib import Path

import pytest

from course.models import CoursePage
from home.models import HomePage

from .helpers import build_course, built_once

# The browser tests need requirements-browser.txt, which `./dev browser` installs.
collect_ignore = [] if importlib.util.find_spec("playwright") else ["browser"]

SHIPPED_COURSE_TESTS = Path(__file__).parent / "shipped_course"


def pytest_collection_modifyitems(items):
    # pytest-xdist (--dist loadgroup) keeps each group on one worker, in a row, so
    # data built once for a module, or for the shipped-course folder, is built once.
    for item in items:
        if SHIPPED_COURSE_TESTS in item.path.parents:
            group = "shipped_course"
        else:
            group = item.module.__name__
        item.add_marker(pytest.mark.xdist_group(group))


def transactional(request):
    marker = request.node.get_closest_marker("django_db")
    return (marker is not None and marker.kwargs.get("transaction")) or bool(
        {"live_server", "transactional_db"} & set(request.fixturenames)
    )


@pytest.fixture
def home_page(db):
    # Created by home's data migration, as on a real installation.
    return HomePage.objects.get()


@pytest.fixture
def make_course(home_page):
    """Build a published course: make_course(stages=2, lessons=2, quiz=[...])."""
    return lambda **options: build_course(home_page, **options)


@pytest.fixture(scope="module")
def module_course(django_db_setup, django_db_blocker):
    with built_once(django_db_blocker):
        yield build_course(HomePage.objects.get()).pk


@pytest.fixture
def course(request, module_course, db):
    """A published course of two stages of two lessons, built once per module."""
    if transactional(request):
        raise pytest.UsageError(
            "A live server cannot see a course built in a transaction that is still "
            "open: use make_course() in tests with transaction=True."
        )
    return CoursePage.objects.get(pk=module_course)

"""Fixtures shared by the whole suite. Helpers are in helpers.py, among them
`built_once`, which the module- and folder-wide data here is built with."""

import importlib.util

from django.core.cache import cache
from django.db import connections

import pytest
from xdist.scheduler import LoadScopeScheduling

from course.models import CoursePage
from home.models import HomePage

from .helpers import build_course, built_once, client_for, make_user
from .lti.platform import TestPlatform

# The browser tests need requirements-browser.txt, which `./dev browser` installs.
collect_ignore = [] if importlib.util.find_spec("playwright") else ["browser"]


class ModuleScheduling(LoadScopeScheduling):
    """pytest-xdist: each test module runs on one worker, in a row, and so does the
    shipped-course folder, so the data they build once is built once. (Not
    --dist loadgroup: under pytest 9 it silently groups nothing, pytest-xdist #1386.)"""

    def _split_scope(self, nodeid):
        path = nodeid.split("::", 1)[0]
        return (
            "tests/shipped_course" if path.startswith("tests/shipped_course/") else path
        )


def pytest_xdist_make_scheduler(config, log):
    return ModuleScheduling(config, log)


def transactional(request):
    marker = request.node.get_closest_marker("django_db")
    return (marker is not None and marker.kwargs.get("transaction")) or bool(
        {"live_server", "transactional_db"} & set(request.fixturenames)
    )


def migrated_home_page():
    """The home page home's data migration made, as on a real installation.

    A transactional test empties the database when it ends (serialized_rollback
    refills it only when the next such test starts). pytest-django runs those last,
    but a module mixing both kinds runs on one worker in a row here, so a module
    scheduled after it may find the database empty: put the migrations' data back."""
    if not HomePage.objects.exists():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
    return HomePage.objects.get()


@pytest.fixture
def home_page(db):
    return migrated_home_page()


@pytest.fixture
def make_course(home_page):
    """Build a published course: make_course(stages=2, lessons=2, quiz=[...])."""
    return lambda **options: build_course(home_page, **options)


@pytest.fixture(scope="module")
def module_course(django_db_setup, django_db_blocker):
    with built_once(django_db_blocker):
        yield build_course(migrated_home_page()).pk


@pytest.fixture
def course(module_course, db):
    """A published course of two stages of two lessons, built once per module."""
    return CoursePage.objects.get(pk=module_course)


# People of the editorial roles, each with a client signed in through the admin's
# second step: (user, client).
@pytest.fixture
def platform():
    """A learning platform of our own for LTI (tests/lti/platform.py), serving on
    loopback for the test."""
    platform = TestPlatform()
    yield platform
    platform.stop()


@pytest.fixture
def editor():
    user = make_user("edna", "Editors")
    return user, client_for(user)


@pytest.fixture
def other_editor():
    user = make_user("eddie", "Editors")
    return user, client_for(user)


@pytest.fixture
def reviewer():
    user = make_user("rita", "Reviewers")
    return user, client_for(user)


@pytest.fixture
def admin_client(admin_user):
    """pytest-django's, signed in through the admin's second step as well."""
    return client_for(admin_user)


@pytest.fixture(autouse=True)
def _cache_starts_empty():
    # Rolling a test back restores pages without the signals that drop cached
    # course outlines (course/signals.py): each test starts from an empty cache.
    cache.clear()


@pytest.fixture(autouse=True)
def _live_tests_stand_apart(request):
    if built_once.open and transactional(request):
        raise pytest.UsageError(
            "A test with a live server or transaction=True runs inside data built once "
            "for its module or folder, which it cannot see: move it to a module of "
            "its own and build its data with make_course()."
        )

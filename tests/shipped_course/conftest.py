"""Every test in this folder reads the course that ships with Alongside.

Loading it takes a second or more, so it is loaded once for the whole folder, inside
a transaction that is rolled back when the folder is done. Each test still runs in a
savepoint of its own within it (pytest-django's `db`), so nothing one test writes
reaches another. Tests that need a live server cannot see uncommitted data and do
not belong here.
"""

import io
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.db import transaction

import pytest

from course.models import CoursePage

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items):
    # This hook sees the whole session's items. Run this folder's tests on one
    # worker (pytest-xdist --dist loadgroup), so the course is loaded only once.
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.xdist_group("shipped_course"))


@dataclass(frozen=True)
class Loaded:
    course_id: int
    output: str  # what load_course said


@pytest.fixture(scope="package")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        output = io.StringIO()
        call_command("load_course", stdout=output)
        yield Loaded(CoursePage.objects.get().pk, output.getvalue())
        transaction.set_rollback(True)


@pytest.fixture
def shipped(loaded, db):
    """The shipped course, fresh from the database for each test."""
    return CoursePage.objects.get(pk=loaded.course_id)

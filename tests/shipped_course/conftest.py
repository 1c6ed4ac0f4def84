"""Every test in this folder reads the course that ships with Alongside.

Loading it takes a second or more, so it is loaded once for the whole folder
(`built_once`, see tests/conftest.py), and the folder runs on one worker. Tests that
need a live server cannot see uncommitted data and do not belong here.
"""

import io
from dataclasses import dataclass

from django.core.management import call_command

import pytest

from course.models import CoursePage
from tests.helpers import built_once


@dataclass(frozen=True)
class Loaded:
    course_id: int
    output: str  # what load_course said


@pytest.fixture(scope="package")
def loaded(django_db_setup, django_db_blocker):
    with built_once(django_db_blocker):
        output = io.StringIO()
        # English only: tests/content/test_translations.py loads the Spanish.
        call_command("load_course", "--without-translations", stdout=output)
        yield Loaded(CoursePage.objects.get().pk, output.getvalue())


@pytest.fixture
def shipped(loaded, db):
    """The shipped course, fresh from the database for each test."""
    return CoursePage.objects.get(pk=loaded.course_id)

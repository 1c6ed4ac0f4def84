"""The quiz question report over the shipped course, after scripted learners."""

import io

from django.core.management import call_command
from django.urls import reverse

import pytest

from lessons.models import LessonPage
from reports.analytics import FEWER
from tests.helpers import built_once, report_rows


@pytest.fixture(scope="module")
def simulated(loaded, django_db_blocker):
    """Twelve scripted learners, once for this module, rolled back after it."""
    with built_once(django_db_blocker):
        call_command("simulate_learners", "--learners", "12", stdout=io.StringIO())
        yield


@pytest.fixture
def taken_course(simulated, shipped):
    return shipped


@pytest.mark.django_db
def test_report_shows_real_figures_for_the_shipped_course(admin_client, taken_course):
    page = admin_client.get(reverse("quiz_question_report"))
    assert page.status_code == 200
    assert "Right first time" in page.content.decode()
    rows = report_rows(admin_client, "quiz_question_report")
    assert len(rows) == sum(
        len(lesson.questions) for lesson in LessonPage.objects.all()
    )
    first = rows[0]
    assert first["Learners"] == "12"
    assert first["Right first time"].endswith("%")
    # Nothing in the report names or identifies a learner.
    assert set(first) == {
        "Course",
        "Stage",
        "Lesson",
        "Question",
        "Status",
        "Learners",
        "Answers",
        "Right first time",
        "Right overall",
        "Most chosen wrong answer",
        "Times each answer was chosen",
    }


@pytest.mark.django_db
def test_report_filters_by_stage_and_date(admin_client, taken_course):
    stage = taken_course.get_children().first()
    rows = report_rows(admin_client, "quiz_question_report", stage=stage.pk)
    assert {row["Stage"] for row in rows} == {stage.title}
    future = report_rows(
        admin_client, "quiz_question_report", **{"answered_from": "2999-01-01"}
    )
    assert {row["Learners"] for row in future} == {FEWER}


@pytest.mark.django_db
def test_report_exports_to_excel(admin_client, taken_course):
    response = admin_client.get(reverse("quiz_question_report"), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")

"""What learners get wrong: the quiz question report's figures and its privacy rule."""

from types import SimpleNamespace

from django.urls import reverse

import pytest

from lessons.grading import Option, Question
from reports.analytics import FEWER, question_figures
from tests.helpers import lessons_of, report_rows, submit

QUESTION = Question(
    "q1",
    "Which reply helps?",
    False,
    "",
    (
        Option("a", "Kind", True, ""),
        Option("b", "Harsh", False, ""),
        Option("c", "Silent", False, ""),
    ),
)


def answers(*rows):
    """rows of (learner, chosen option, version); oldest first."""
    return [
        {
            "question_id": "q1",
            "chosen": [chosen],
            "correct": chosen == "a",
            "version": version or QUESTION.version,
            "learner_id": learner,
            "lesson_id": 1,
            "lesson_key": "k1",
        }
        for learner, chosen, version in rows
    ]


def figures(rows, question=QUESTION):
    lesson = SimpleNamespace(
        pk=1, translation_key="k1", title="Lesson", questions=[question]
    )
    return question_figures([lesson], answers(*rows))


def test_first_try_and_overall_right_are_counted_per_learner():
    rows = [(n, "b", None) for n in range(5)] + [(n, "a", None) for n in range(5)]
    (row,) = figures(rows)
    assert row.learner_count == 5
    assert row.answer_count == 10
    assert row.first_try_right == "0%"
    assert row.right_overall == "50%"
    assert row.most_chosen_wrong == "Harsh (5)"
    assert row.option_counts == "Kind (5); Harsh (5); Silent (0)"


def test_fewer_than_five_learners_show_no_figures():
    (row,) = figures([(n, "b", None) for n in range(4)] * 3)
    for value in (
        row.learner_count,
        row.answer_count,
        row.first_try_right,
        row.right_overall,
        row.most_chosen_wrong,
        row.option_counts,
    ):
        assert value == FEWER


def test_answers_to_an_earlier_wording_mark_the_question_changed():
    (row,) = figures([(n, "a", "0ld-version") for n in range(5)])
    assert row.status == "changed"
    (row,) = figures([(n, "a", None) for n in range(5)])
    assert row.status == "current"


def test_removed_questions_keep_their_history_as_retired():
    other = Question("q2", "A newer question", False, "", QUESTION.options)
    rows = figures([(n, "a", None) for n in range(6)], question=other)
    assert [(r.question_id, r.status) for r in rows] == [
        ("q2", "current"),
        ("q1", "retired"),
    ]
    assert rows[1].learner_count == 6


@pytest.mark.django_db
def test_learners_cannot_see_reports(client):
    assert client.get(reverse("quiz_question_report")).status_code == 302


@pytest.mark.django_db
def test_funnel_counts_learners_through_the_course(admin_client, make_course):
    from django.test import Client

    course = make_course(stages=2, lessons=1)
    first, second = lessons_of(course)
    for n in range(7):
        learner = Client()
        submit(learner, first, right=n >= 1)  # one learner fails and stops
        if n >= 3:
            submit(learner, second)
    rows = {
        row["Step"]: row
        for row in report_rows(
            admin_client, "completion_funnel_report", course=course.pk
        )
    }
    assert rows["Whole course"] == {
        "Step": "Whole course",
        "Started": "7",
        "Finished": FEWER,
    }
    assert rows[f"Lesson: {first.title}"]["Started"] == "7"
    assert rows[f"Lesson: {first.title}"]["Finished"] == "6"
    assert rows[f"Lesson: {second.title}"]["Finished"] == FEWER  # 4 learners
    assert admin_client.get(reverse("completion_funnel_report")).status_code == 200


@pytest.mark.django_db
def test_the_reports_menu_lists_the_editors_reports(admin_client):
    html = admin_client.get("/admin/").content.decode()
    for label in ("Quiz questions", "Completion funnel", "Content health"):
        assert label in html

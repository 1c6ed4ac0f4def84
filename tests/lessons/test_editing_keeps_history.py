"""Editors change lessons after learners have used them. Nothing learners did is lost."""

import copy

from wagtail.models import Page

import pytest

from course.models import LessonCompletion
from lessons.models import QuestionAnswer, QuizAttempt
from tests.factories import multiple_choice, single_choice, true_false
from tests.helpers import lessons_of, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(make_course):
    course = make_course(
        stages=2,
        lessons=1,
        quiz=[
            single_choice("First?"),
            multiple_choice("Second?"),
            true_false("Third."),
        ],
    )
    return lessons_of(course)[0]


def edit_quiz(lesson, change):
    """Change the stored quiz the way the editor does: a new revision, published."""
    page = Page.objects.get(pk=lesson.pk).specific
    raw = copy.deepcopy(list(page.quiz.raw_data))
    page.quiz = change(raw)
    page.save_revision().publish()
    return Page.objects.get(pk=lesson.pk).specific


def history():
    return (
        list(LessonCompletion.objects.values_list("learner_id", "lesson_id")),
        list(QuizAttempt.objects.values_list("id", "score", "total", "passed")),
        sorted(QuestionAnswer.objects.values_list("question_id", "chosen", "correct")),
    )


def reword_and_reorder(raw):
    raw[0]["value"]["question"] = "First, reworded?"
    raw[0]["value"]["options"].reverse()
    return [raw[2], raw[0], raw[1]]


def add_question(raw):
    return [*raw, {"type": "single_choice", "value": single_choice("New?")[1]}]


def remove_question(raw):
    return raw[1:]


@pytest.mark.parametrize("change", [reword_and_reorder, add_question, remove_question])
def test_quiz_edits_keep_completions_attempts_and_answers(client, lesson, change):
    submit(client, lesson, right=False)
    submit(client, lesson, right=True)
    before = history()
    kept_ids = {q.id for q in lesson.questions}

    edited = edit_quiz(lesson, change)

    assert history() == before
    assert {
        q.id for q in edited.questions
    } & kept_ids  # untouched questions keep their ids
    assert "Finished" in client.get(edited.url).content.decode()


def test_reworded_question_keeps_its_id_and_option_ids(lesson):
    before = lesson.questions
    edited = edit_quiz(lesson, reword_and_reorder)
    by_id = {q.id: q for q in edited.questions}
    assert by_id[before[0].id].prompt == "First, reworded?"
    assert {o.id for o in by_id[before[0].id].options} == {
        o.id for o in before[0].options
    }


def test_new_attempts_after_an_edit_use_the_same_question_ids(client, lesson):
    submit(client, lesson)
    edited = edit_quiz(lesson, reword_and_reorder)
    submit(client, edited)
    first, second = QuizAttempt.objects.order_by("submitted_at")
    assert set(first.answers.values_list("question_id", flat=True)) == set(
        second.answers.values_list("question_id", flat=True)
    )


def test_moving_a_lesson_keeps_its_completion(client, lesson):
    submit(client, lesson)
    other_stage = lesson.get_parent().get_next_sibling()
    lesson.move(other_stage, pos="last-child")
    assert LessonCompletion.objects.filter(lesson_id=lesson.pk).count() == 1
    moved = Page.objects.get(pk=lesson.pk)
    assert "Finished" in client.get(moved.url).content.decode()

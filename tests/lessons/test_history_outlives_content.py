"""Deleting content never deletes a learner's history, and the admin says whose
history is there before anything is deleted."""

import pytest

from course.models import LessonCompletion
from lessons.models import QuestionAnswer, QuizAttempt
from tests.helpers import client_for, lessons_of, make_user, submit

pytestmark = pytest.mark.django_db


def test_deleting_a_stage_keeps_every_learners_history(client, make_course):
    course = make_course(stages=1, lessons=2)
    first = lessons_of(course)[0]
    submit(client, first, right=False)
    submit(client, first)
    title = first.title
    first.get_parent().delete()  # the stage, and both its lessons
    assert QuizAttempt.objects.count() == 2
    assert QuestionAnswer.objects.exists()
    completion = LessonCompletion.objects.get()
    assert completion.lesson is None
    assert completion.lesson_name == title
    assert completion.as_export()["lesson"] == title
    assert completion.as_export()["lesson_deleted"] is True


def test_the_admin_says_how_many_learners_have_progress_before_deleting(
    client, make_course
):
    course = make_course(stages=1, lessons=1)
    lesson = lessons_of(course)[0]
    submit(client, lesson)
    editor = client_for(make_user("rowan", superuser=True))
    page = editor.get(f"/admin/pages/{course.pk}/delete/").content.decode()
    assert "1 learner has progress here." in page
    assert "Deleting keeps their history" in page

"""The page always shows what was recorded: a form sent again shows its first
result, and a quiz published while a learner had it open is not graded against the
new key."""

import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from course.models import LessonCompletion
from lessons.models import QuizAttempt
from tests.factories import single_choice
from tests.helpers import answers_for, form_token, lessons_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(make_course):
    return lessons_of(make_course(stages=1, lessons=1))[0]


def rendered_form(client, lesson):
    html = client.get(lesson.url).content.decode()
    version = re.search(r'name="quiz_version" value="([^"]+)"', html).group(1)
    return form_token(html), version


def send(client, lesson, token, version, right):
    data = {**answers_for(lesson, right=right, token=token), "quiz_version": version}
    return client.post(lesson.url + "quiz/", data)


@pytest.mark.parametrize(("first", "again"), [(False, True), (True, False)])
def test_a_form_sent_again_shows_what_was_recorded_the_first_time(
    client, lesson, first, again
):
    token, version = rendered_form(client, lesson)
    send(client, lesson, token, version, right=first)
    # Back to the same form, other answers, send again.
    response = send(client, lesson, token, version, right=again)
    assert response.status_code == 200
    assertContains(response, "You had already sent this form.")
    recorded = QuizAttempt.objects.get()
    assert recorded.passed is first
    if first:
        assertContains(response, "You passed")
    else:
        assertContains(response, "Not quite yet")
        assertNotContains(response, "You passed")
    assert LessonCompletion.objects.exists() is first


def test_a_quiz_changed_while_open_is_not_marked_and_the_new_one_is_shown(
    client, lesson
):
    token, version = rendered_form(client, lesson)
    lesson.quiz = [single_choice("A new question?", right="New right")]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    response = send(client, lesson, token, version, right=True)
    assert response.status_code == 409
    assertContains(response, "This quiz changed while you had it open", status_code=409)
    assertContains(response, "A new question?", status_code=409)
    assert not QuizAttempt.objects.exists()
    assert not LessonCompletion.objects.exists()
    # The new form, answered, is marked.
    token, version = rendered_form(client, lesson)
    assertContains(send(client, lesson, token, version, right=True), "You passed")

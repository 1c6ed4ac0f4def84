"""Learners answering quizzes: server-side grading, feedback, and bad input."""

import re

from django.test import Client

import pytest

from course.models import LessonCompletion
from lessons.forms import field_name
from lessons.models import QuestionAnswer, QuizAttempt
from tests.factories import (
    LessonPageFactory,
    multiple_choice,
    single_choice,
    true_false,
)
from tests.helpers import answers_for, form_token, lessons_of, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(make_course):
    course = make_course(
        stages=1, lessons=1, quiz=[single_choice(), multiple_choice(), true_false()]
    )
    return lessons_of(course)[0]


def test_lesson_html_does_not_reveal_the_answer_key(client, lesson):
    html = client.get(lesson.url).content.decode()
    assert "Which reply helps most?" in html
    assert f'name="{field_name(lesson.questions[0])}"' in html
    for question in lesson.questions:
        assert question.explanation == "" or question.explanation not in html
        for option in question.options:
            assert option.feedback not in html
    assert "correct" not in html.lower()


def test_passing_records_the_attempt_and_finishes_the_lesson(client, lesson):
    response = submit(client, lesson, right=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "You got 3 of 3 right." in html
    assert "You passed" in html
    assert "Feedback for Right answer" in html
    attempt = QuizAttempt.objects.get()
    assert (attempt.score, attempt.total, attempt.passed) == (3, 3, True)
    assert attempt.answers.count() == 3
    assert LessonCompletion.objects.filter(lesson_id=lesson.pk).count() == 1


def test_failing_shows_feedback_for_chosen_options_only(client, lesson):
    html = submit(client, lesson, right=False).content.decode()
    assert "You got 0 of 3 right." in html
    assert "you need 2 of 3 to pass" in html
    assert "Feedback for Wrong answer" in html
    # The right option's feedback stays hidden, so a retake still means something.
    assert "Feedback for Right answer" not in html
    assert not LessonCompletion.objects.exists()


def test_learner_can_retake_and_every_attempt_is_kept(client, lesson):
    submit(client, lesson, right=False)
    submit(client, lesson, right=False)
    submit(client, lesson, right=True)
    assert list(
        QuizAttempt.objects.order_by("submitted_at").values_list("passed", flat=True)
    ) == [False, False, True]
    assert "You have tried it 3 times" in client.get(lesson.url).content.decode()


def test_the_same_form_sent_twice_counts_once(client, lesson):
    token = form_token(client.get(lesson.url).content.decode())
    first = submit(client, lesson, token=token)
    second = submit(client, lesson, token=token)
    assert first.status_code == second.status_code == 200
    assert QuizAttempt.objects.count() == 1
    assert QuestionAnswer.objects.count() == 3


def test_missing_answers_are_a_400_that_keeps_what_was_chosen(client, lesson):
    data = answers_for(
        lesson, token=form_token(client.get(lesson.url).content.decode())
    )
    kept = data[field_name(lesson.questions[0])]
    del data[field_name(lesson.questions[1])]
    response = client.post(lesson.url + "quiz/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose at least one answer to this question." in html
    assert re.search(rf'value="{kept}"[^>]*checked', html)
    assert not QuizAttempt.objects.exists()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda data, q: data.update({field_name(q[0]): "not-an-option"}),
        lambda data, q: data.update({field_name(q[0]): q[1].options[0].id}),
        lambda data, q: data.update({field_name(q[2]): "maybe"}),
        lambda data, q: data.pop("submission"),
        lambda data, q: data.update({"submission": "not-a-uuid"}),
        lambda data, q: data.clear(),
    ],
    ids=[
        "unknown option",
        "another question's option",
        "bad true/false",
        "no token",
        "bad token",
        "empty",
    ],
)
def test_tampered_answers_are_a_clear_400_and_record_nothing(client, lesson, tamper):
    data = answers_for(
        lesson, token=form_token(client.get(lesson.url).content.decode())
    )
    tamper(data, lesson.questions)
    response = client.post(lesson.url + "quiz/", data)
    assert response.status_code == 400
    assert "Please check your answers" in response.content.decode()
    assert not QuizAttempt.objects.exists()
    assert not LessonCompletion.objects.exists()


def test_post_to_a_lesson_without_a_quiz_is_a_400(client, course):
    lesson = LessonPageFactory(parent=course.get_children().first(), quiz=[])
    response = client.post(lesson.url + "quiz/", {"submission": "x"})
    assert response.status_code == 400
    assert "This lesson has no quiz" in response.content.decode()


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_quiz_url_only_takes_post(client, lesson, method):
    response = getattr(client, method)(lesson.url + "quiz/")
    assert response.status_code == 405
    assert "Nothing was saved" in response.content.decode()


def test_lesson_page_only_takes_get(client, lesson):
    assert client.post(lesson.url).status_code == 405


def test_missing_csrf_token_is_a_friendly_403(lesson):
    client = Client(enforce_csrf_checks=True)
    response = client.post(lesson.url + "quiz/", answers_for(lesson))
    assert response.status_code == 403
    assert "Please try again" in response.content.decode()
    assert not QuizAttempt.objects.exists()


def test_lesson_without_quiz_is_finished_by_marking_it_done(client, course):
    lesson = LessonPageFactory(parent=course.get_children().first(), quiz=[])
    assert "Mark this lesson as done" in client.get(lesson.url).content.decode()
    response = client.post(lesson.url + "done/")
    assert response.status_code == 302
    assert LessonCompletion.objects.filter(lesson_id=lesson.pk).exists()


def test_a_lesson_with_a_quiz_cannot_be_marked_done(client, lesson):
    assert client.post(lesson.url + "done/").status_code == 400
    assert not LessonCompletion.objects.exists()


def test_a_learner_told_they_need_all_three_does_not_pass_with_two(client, course):
    lesson = LessonPageFactory(
        parent=course.get_children().first(),
        quiz=[single_choice("One?"), single_choice("Two?"), single_choice("Three?")],
        pass_mark=67,
    )
    data = answers_for(
        lesson, token=form_token(client.get(lesson.url).content.decode())
    )
    wrong = next(o.id for o in lesson.questions[2].options if not o.correct)
    data[field_name(lesson.questions[2])] = wrong
    html = client.post(lesson.url + "quiz/", data).content.decode()
    assert "You got 2 of 3 right." in html
    assert "you need 3 of 3 to pass" in html
    assert "You passed" not in html
    assert not LessonCompletion.objects.filter(lesson_id=lesson.pk).exists()

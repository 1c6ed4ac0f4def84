"""The quiz loop: after a try that did not pass, the learner's answers stay chosen
(by option id, in the order they saw) with a note on each; after a pass, the result
and the next step instead of a blank quiz."""

import re
import uuid

from django.test import Client

import pytest

from lessons.forms import field_name
from tests.factories import multiple_choice, single_choice, true_false
from tests.helpers import answers_for, first_write_in, form_token, lessons_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def lessons(make_course):
    quiz = [
        single_choice(wrong=("Wrong one", "Wrong two", "Wrong three")),
        multiple_choice(prompt="Which of these help?"),
        true_false(),
    ]
    return lessons_of(make_course(stages=1, lessons=2, quiz=quiz))


def option_values(html, question):
    """The option ids of a question, in the order the page shows them."""
    name = re.escape(field_name(question))
    return re.findall(rf'<input type="\w+" name="{name}" value="([^"]+)"', html)


def checked_values(html, question):
    name = re.escape(field_name(question))
    return re.findall(
        rf'<input type="\w+" name="{name}" value="([^"]+)"[^>]*checked', html
    )


def answer_wrongly(client, lesson):
    page = client.get(lesson.url).content.decode()
    data = answers_for(lesson, right=False, token=form_token(page))
    response = client.post(lesson.url + "quiz/", data | first_write_in(page))
    return page, data, response.content.decode()


def test_after_a_try_that_did_not_pass_the_answers_stay_chosen(client, lessons):
    lesson = lessons[0]
    first, data, html = answer_wrongly(client, lesson)
    assert "Not quite yet" in html
    for question in lesson.questions:
        sent = data[field_name(question)]
        assert checked_values(html, question) == sorted(
            sent if question.many else [sent], key=option_values(html, question).index
        )
    assert "Check my answers again" in html


def test_kept_answers_follow_the_options_by_id_in_the_order_first_seen(client, lessons):
    lesson = lessons[0]
    first, data, html = answer_wrongly(client, lesson)
    for question in lesson.questions:
        assert option_values(html, question) == option_values(first, question)
    # A new form (its own id), seeded with the first one's order.
    assert form_token(html) != data["submission"]
    assert f'name="order" value="{data["submission"]}"' in html


def test_the_kept_form_passes_once_the_wrong_answers_are_changed(client, lessons):
    lesson = lessons[0]
    _first, _data, html = answer_wrongly(client, lesson)
    again = answers_for(lesson, right=True, token=form_token(html))
    again["order"] = re.search(r'name="order" value="([^"]+)"', html).group(1)
    response = client.post(lesson.url + "quiz/", again)
    assert "You got 3 of 3 right." in response.content.decode()


def test_each_kept_answer_has_its_note_and_the_key_stays_hidden(client, lessons):
    lesson = lessons[0]
    _first, _data, html = answer_wrongly(client, lesson)
    single, many, _true_false = lesson.questions
    assert "This one was not quite right last time. Have another look." in html
    assert "Feedback for Wrong one" in html  # the option they chose
    # The other options of a single-choice question say nothing about themselves.
    assert "Feedback for Right answer" not in html
    assert "Feedback for Wrong two" not in html
    assert "You chose this, but it is not right." in html  # choose-all: per option
    assert "(a right answer)" not in html
    assert "not a right answer" not in html


def test_a_changed_order_seed_must_be_a_form_id(client, lessons):
    lesson = lessons[0]
    page = client.get(lesson.url).content.decode()
    data = answers_for(lesson, token=form_token(page)) | {"order": "position-1"}
    response = client.post(lesson.url + "quiz/", data | first_write_in(page))
    assert response.status_code == 400


def test_a_pass_shows_the_result_and_the_next_step_not_a_blank_quiz(client, lessons):
    lesson, following = lessons
    page = client.get(lesson.url).content.decode()
    data = answers_for(lesson, token=form_token(page)) | first_write_in(page)
    html = client.post(lesson.url + "quiz/", data).content.decode()
    result = re.search(
        r'<div class="result result--passed" id="quiz-result".*?</div>', html, re.S
    ).group(0)
    assert "You passed, and this lesson is finished." in result
    assert f'<a class="button" href="{following.url}">Go to the next lesson' in result
    assert 'class="quiz__form"' not in html
    assert f'<a href="{lesson.url}#quiz-heading">Take the quiz again</a>' in html
    assert "Feedback for Right answer" in html  # the review of their answers


def test_a_pass_of_the_last_lesson_leads_to_the_completion_page(client, lessons):
    for lesson in lessons:
        page = client.get(lesson.url).content.decode()
        data = answers_for(lesson, token=form_token(page)) | first_write_in(page)
        html = client.post(lesson.url + "quiz/", data).content.decode()
    course = lessons[0].get_parent().get_parent()
    assert f'<a class="button" href="{course.url}completion/">' in html


def test_the_choose_all_hint_is_shown_once(make_course):
    quiz = [
        multiple_choice(prompt="Which of these help? Choose all that apply."),
        multiple_choice(prompt="Which of these help?"),
    ]
    lesson = lessons_of(make_course(stages=1, lessons=1, quiz=quiz))[0]
    html = Client().get(lesson.url).content.decode()
    assert html.lower().count("all that apply") == 2
    assert "Which of these help? Choose all that apply. <span" not in html
    assert (
        'Which of these help? <span class="question__hint">(Choose all that apply.)</span>'
        in html
    )


def test_a_done_lesson_says_so_above_a_fresh_quiz(client, lessons):
    lesson = lessons[0]
    page = client.get(lesson.url).content.decode()
    data = answers_for(lesson, token=str(uuid.uuid4())) | first_write_in(page)
    client.post(lesson.url + "quiz/", data)
    html = client.get(lesson.url).content.decode()
    assert "You have passed this quiz. You have tried it 1 time." in html


def test_a_right_option_left_out_is_noted_under_that_option(client, lessons):
    lesson = lessons[0]
    page = client.get(lesson.url).content.decode()
    data = answers_for(lesson, right=False, token=form_token(page))
    many = lesson.questions[1]
    right_a, right_b, _wrong = many.options
    data[field_name(many)] = [right_a.id]
    html = client.post(lesson.url + "quiz/", data | first_write_in(page))
    html = html.content.decode()
    assert "Not quite yet" in html
    assert re.search(
        rf">{right_b.text}</label>\s*</div>\s*<p class=\"choice__note\"><strong>"
        rf"You left this out, but it is right too.</strong> {right_b.feedback}</p>",
        html,
    )
    assert re.search(
        rf">{right_a.text}</label>\s*</div>\s*<p class=\"choice__note\"><strong>"
        r"You chose this, and it is right.</strong>",
        html,
    )


def test_the_explanation_waits_until_a_question_is_right(client, lessons):
    lesson = lessons[0]
    single = lesson.questions[0]
    _first, _data, html = answer_wrongly(client, lesson)
    assert single.explanation not in html  # it would point to the right answer
    page = client.get(lesson.url).content.decode()
    data = answers_for(lesson, right=False, token=form_token(page))
    data[field_name(single)] = next(o.id for o in single.options if o.correct)
    html = client.post(lesson.url + "quiz/", data).content.decode()
    assert "Not quite yet" in html
    assert f'<p class="question__explanation">{single.explanation}</p>' in html

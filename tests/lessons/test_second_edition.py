"""What the second edition's content needs from the platform: options shuffled per
form, feedback for right answers missed, model answers, practice conversations,
'did you know', a private plan that never reaches the server, and guides."""

import re
import uuid

import pytest
from pytest_django.asserts import assertContains, assertInHTML

from learners.models import Learner
from lessons.forms import QuizForm, field_name
from lessons.grading import grade
from tests.factories import (
    GuidePageFactory,
    LessonPageFactory,
    multiple_choice,
    single_choice,
    true_false,
)
from tests.helpers import answers_for, form_token, lessons_of, make_org, start_embed

pytestmark = pytest.mark.django_db

MANY_OPTIONS = single_choice(
    right="Right answer", wrong=tuple(f"Wrong answer {n}" for n in range(1, 6))
)


def shown_order(html, question):
    name = re.escape(field_name(question))
    return re.findall(rf'name="{name}" value="([^"]+)"', html)


@pytest.fixture
def lesson(make_course):
    course = make_course(
        stages=1, lessons=1, quiz=[MANY_OPTIONS, multiple_choice(), true_false()]
    )
    return lessons_of(course)[0]


def test_each_rendered_form_has_its_own_order_of_options(client, lesson):
    question = lesson.questions[0]
    orders = set()
    for _ in range(8):
        html = client.get(lesson.url).content.decode()
        order = shown_order(html, question)
        assert sorted(order) == sorted(option.id for option in question.options)
        orders.add(tuple(order))
    # Six options: eight forms in one order would happen once in 10^22 tries.
    assert len(orders) > 1


def test_true_or_false_keeps_its_order(lesson):
    statement = lesson.questions[2]
    for n in range(5):
        form = QuizForm(lesson.questions, initial={"submission": uuid.UUID(int=n)})
        choices = [
            value for value, _label in form.fields[field_name(statement)].choices
        ]
        assert choices == ["true", "false"]


def test_a_form_shown_again_after_a_mistake_keeps_its_order(client, lesson):
    html = client.get(lesson.url).content.decode()
    token = form_token(html)
    first = shown_order(html, lesson.questions[0])
    data = answers_for(lesson, token=token)
    del data[field_name(lesson.questions[1])]  # one question left unanswered
    response = client.post(lesson.url + "quiz/", data)
    assert response.status_code == 400
    again = response.content.decode()
    assert form_token(again) == token
    assert shown_order(again, lesson.questions[0]) == first


def test_grading_goes_by_option_id_whatever_the_order(client, lesson):
    html = client.get(lesson.url).content.decode()
    response = client.post(
        lesson.url + "quiz/", answers_for(lesson, token=form_token(html))
    )
    assertContains(response, "You got 3 of 3 right.")


def test_right_answers_missed_on_a_choose_all_question_get_their_feedback(
    client, lesson
):
    questions = lesson.questions
    data = answers_for(lesson, token=str(uuid.uuid4()))
    many = questions[1]
    right_a, right_b, _wrong = many.options
    data[field_name(many)] = [right_a.id]  # Right B missed
    html = client.post(lesson.url + "quiz/", data).content.decode()
    assert right_b.feedback in html
    assert (
        f'You left out:</span> <span class="review__text">{right_b.text}</span>' in html
    )
    # A single-choice question answered wrongly does not give its key away.
    result = grade(questions, {questions[0].id: {questions[0].options[1].id}}, 60)
    assert result.results[0].missed == ()


@pytest.fixture
def reading(make_course):
    course = make_course(stages=1, lessons=1)
    stage = course.get_children().first()
    body = [
        (
            "scenario",
            {
                "title": "A late call",
                "story": "Your brother rings late.",
                "question": "What could you say?",
                "model_answer": "Tell him you are glad he called.",
            },
        ),
        ("did_you_know", {"heading": "Did you know?", "text": "A fact to keep."}),
        (
            "practice",
            {
                "title": "When he defends her",
                "setting": "Your brother, at the kitchen table.",
                "closing": "Listening first keeps him talking.",
                "steps": [
                    {
                        "says": f"Line {n}",
                        "replies": [
                            {"text": f"Reply {n}{x}", "lands": f"Lands {n}{x}"}
                            for x in "abc"
                        ],
                    }
                    for n in (1, 2, 3)
                ],
            },
        ),
        (
            "plan",
            {
                "heading": "My plan",
                "sections": [{"label": "Things I can say", "hint": "Phrases"}],
            },
        ),
    ]
    return LessonPageFactory(parent=stage, body=body, quiz=[single_choice()])


def test_a_model_answer_waits_behind_a_disclosure(client, reading):
    html = client.get(reading.url).content.decode()
    assertInHTML(
        "<details class='scenario__answer'><summary>Show one way to respond</summary>"
        "<p>Tell him you are glad he called.</p></details>",
        html,
    )


def test_did_you_know_is_shown_and_not_graded(client, reading):
    html = client.get(reading.url).content.decode()
    assert "A fact to keep." in html
    assert len(reading.questions) == 1


def practice_param(lesson):
    (block,) = (b for b in lesson.body if b.block_type == "practice")
    return f"practice-{block.id}"


def test_practice_moves_on_with_plain_links_and_shows_how_each_reply_lands(
    client, reading
):
    param = practice_param(reading)
    start = client.get(reading.url).content.decode()
    assert "Line 1" in start
    assert "Line 2" not in start
    assert f'href="{reading.url}?{param}=1#{param}-step-1"' in start
    step_two = client.get(reading.url, {param: "1"}).content.decode()
    assert "Lands 1b" in step_two
    assert "Lands 1a" not in step_two
    assert "Line 2" in step_two
    assert f'href="{reading.url}?{param}=1.2#{param}-step-2"' in step_two
    finished = client.get(reading.url, {param: "1.2.0"}).content.decode()
    assert "Lands 3a" in finished
    assert "Listening first keeps him talking." in finished
    assert "Try this conversation again" in finished
    # "Nothing here is marked or saved": practising stores nothing about anyone.
    assert not Learner.objects.exists()
    assert "lk" not in client.cookies


@pytest.mark.parametrize(
    "tampered",
    ["9", "0.0.0.0.0", "x", "-1", "1..2", "0." * 500, "²", "٣", "9" * 5000],
)
def test_a_tampered_practice_address_starts_the_conversation_again(
    client, reading, tampered
):
    response = client.get(reading.url, {practice_param(reading): tampered})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Line 1" in html
    assert "Lands" not in html


def test_practice_is_never_graded_and_never_blocks_progress(client, reading):
    assert [q.kind for q in reading.questions] == ["single_choice"]
    response = client.post(reading.url + "quiz/", answers_for(reading))
    assertContains(response, "You passed")
    # The result page's address is .../quiz/ (POST only): practice links leave it.
    param = practice_param(reading)
    assertContains(response, f'href="{reading.url}?{param}=0#{param}-step-1"')
    assert client.get(reading.url, {param: "0"}).status_code == 200


def test_the_plan_cannot_be_sent_to_the_server(client, reading):
    html = client.get(reading.url).content.decode()
    plan = html[
        html.index("data-plan ") : html.index("</section>", html.index("data-plan "))
    ]
    assert "<textarea" in plan
    assert "<form" not in plan
    assert " name=" not in plan
    assert "never sent to us" in plan


def test_a_guide_is_open_to_a_new_visitor_and_only_shows(client, make_course):
    course = make_course(stages=2, lessons=1)
    guide = GuidePageFactory(parent=course, title="Cults and high-control groups")
    response = client.get(guide.url)
    assertContains(response, "Cults and high-control groups")
    assertContains(response, "open to everyone")
    assert client.post(guide.url).status_code == 405
    # Guides stand outside the sequence: the course still has two stages, and
    # lists its guides apart from them.
    assert len(course.progress_for(response.wsgi_request).stages) == 2
    assertContains(client.get(course.url), f'href="{guide.url}"')


def test_search_leaves_out_lessons_no_one_can_reach(client, make_course):
    course = make_course(stages=2, lessons=1)
    hidden, shown = lessons_of(course)[1], lessons_of(course)[0]
    hidden.get_parent().unpublish()  # its stage is withdrawn; the lesson stays live
    html = client.get("/search/", {"q": "Lesson"}).content.decode()
    assert f'href="{shown.url}"' in html
    assert hidden.title not in html


def test_practice_links_stay_inside_an_embed(client, reading):
    course = reading.get_parent().get_parent()
    prefix = start_embed(make_org(slug="harbour"), course)
    param = practice_param(reading)
    html = client.get(prefix + reading.url).content.decode()
    assert f'href="{prefix}{reading.url}?{param}=0#{param}-step-1"' in html

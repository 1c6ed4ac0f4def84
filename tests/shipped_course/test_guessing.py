"""A learner who reads nothing cannot pass the shipped course's quizzes on cues.

Every strategy in tests/guessing.py answers the forms the site renders (options in
the order each form shows them) and is graded by the site's own grading. None may
pass more than one lesson in ten. tests/benchmarks/guess_over_http.py does the same
against a running server.
"""

import uuid

import pytest

from lessons.forms import QuizForm, field_name
from lessons.grading import grade
from lessons.models import LessonPage
from tests.guessing import Shown, every_strategy, rng_for

pytestmark = pytest.mark.django_db

ROUNDS = 20  # rendered forms per lesson
MAX_PASS_RATE = 0.10


def shown_forms(lesson, rounds):
    """What `rounds` learners opening the lesson would see: each form's questions."""
    forms = []
    for round_ in range(rounds):
        form = QuizForm(
            lesson.questions, initial={"submission": uuid.UUID(int=round_ + 1)}
        )
        forms.append(
            [
                (question, list(form.fields[field_name(question)].choices))
                for question in lesson.questions
            ]
        )
    return forms


def pass_rate(strategy, lessons):
    passed = tried = 0
    rng = rng_for(str(strategy))
    for lesson, forms in lessons:
        for form in forms:
            answers = {}
            for question, choices in form:
                shown = Shown(
                    question.prompt, question.many, tuple(text for _id, text in choices)
                )
                answers[question.id] = {
                    choices[i][0] for i in strategy.answer(shown, rng)
                }
            passed += grade(lesson.questions, answers, lesson.pass_mark).passed
            tried += 1
    return passed / tried


def test_no_surface_cue_passes_more_than_one_lesson_in_ten(shipped):
    lessons = [
        (lesson, shown_forms(lesson, ROUNDS))
        for lesson in LessonPage.objects.live().order_by("path")
    ]
    assert len(lessons) >= 20
    rates = sorted(
        (
            (pass_rate(strategy, lessons), str(strategy))
            for strategy in every_strategy()
        ),
        reverse=True,
    )
    figures = "\n".join(f"  {rate:6.1%}  {name}" for rate, name in rates[:5])
    print(f"\nBest cue strategies (share of lessons passed):\n{figures}")  # noqa: T201
    worst_rate, worst = rates[0]
    assert worst_rate <= MAX_PASS_RATE, worst


def test_the_strategies_would_catch_a_guessable_quiz(shipped):
    """The test above can fail: on a quiz whose right answers are the longest (as in
    the first edition), the longest-answer strategy passes every time."""
    lesson = LessonPage.objects.live().first()
    for block in lesson.quiz:
        if block.block_type == "single_choice":
            for option in block.value["options"]:
                if option["correct"]:
                    option["text"] += " " + "and more words to make it long" * 5
    lesson.__dict__.pop("questions", None)
    rates = {
        str(strategy): pass_rate(strategy, [(lesson, shown_forms(lesson, 5))])
        for strategy in every_strategy()
    }
    assert max(rates.values()) > MAX_PASS_RATE

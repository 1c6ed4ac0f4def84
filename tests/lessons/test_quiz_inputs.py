"""The quiz's options are written in Python (lessons.forms.DirectOptions), not
through Django's widget templates: the HTML must be the same, byte for byte."""

import uuid

from django import forms

import pytest

from lessons.forms import QuizForm, field_name
from tests.factories import (
    LessonPageFactory,
    multiple_choice,
    single_choice,
    true_false,
)

pytestmark = pytest.mark.django_db


def as_django_writes_it(choice):
    context = {"widget": {**choice.data, "wrap_label": False}}
    return forms.Widget._render(
        choice.parent_widget, choice.template_name, context, choice.renderer
    )


@pytest.mark.parametrize("bound", [False, True])
def test_options_are_written_as_django_writes_them(bound, home_page):
    lesson = LessonPageFactory(
        parent=home_page,
        quiz=[single_choice(), multiple_choice(), true_false()],
    )
    questions = lesson.questions
    submission = str(uuid.uuid4())
    if bound:
        one, many, _ = questions
        data = {
            "submission": submission,
            field_name(one): one.options[0].id,
            field_name(many): [option.id for option in many.options[:2]],
        }
        form = QuizForm(questions, data)
        assert not form.is_valid()  # one question left out: errors on the page
    else:
        form = QuizForm(questions, initial={"submission": submission})
    written = 0
    for _question, field in form.bound_questions():
        for choice in field:
            assert choice.tag() == as_django_writes_it(choice)
            written += 1
            if bound and choice.data["selected"]:
                assert " checked" in choice.tag()
    assert written == sum(len(question.options) for question in questions)

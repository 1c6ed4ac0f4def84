from django.core.exceptions import ValidationError

from wagtail.models import Page

import pytest

from lessons.blocks import (
    ChoiceQuestionBlock,
    MultipleChoiceQuestionBlock,
    QuizStreamBlock,
)
from tests.factories import (
    LessonPageFactory,
    multiple_choice,
    option,
    single_choice,
    true_false,
)


def value_of(block, options):
    return block.to_python({"question": "Q?", "explanation": "", "options": options})


@pytest.mark.parametrize("flags", [(False, False), (True, True)])
def test_single_choice_needs_exactly_one_right_answer(flags):
    block = ChoiceQuestionBlock()
    options = [option("A", flags[0]), option("B", flags[1])]
    with pytest.raises(ValidationError) as error:
        block.clean(value_of(block, options))
    assert "exactly one" in str(error.value.block_errors["options"].non_block_errors)


def test_choose_all_that_apply_needs_a_right_answer():
    block = MultipleChoiceQuestionBlock()
    with pytest.raises(ValidationError):
        block.clean(value_of(block, [option("A"), option("B")]))
    assert block.clean(value_of(block, [option("A", True), option("B", True)]))


def test_every_option_needs_feedback():
    block = ChoiceQuestionBlock()
    options = [option("A", True), {"text": "B", "correct": False, "feedback": ""}]
    with pytest.raises(ValidationError):
        block.clean(value_of(block, options))


def test_questions_share_one_shape_whatever_their_kind():
    quiz = QuizStreamBlock().to_python(
        [
            {"type": t, "value": v, "id": f"id-{t}"}
            for t, v in [single_choice(), multiple_choice(), true_false(answer="false")]
        ]
    )
    single, many, true_or_false = [
        child.block.to_question(child.id, child.value) for child in quiz
    ]
    assert (single.many, len(single.right_ids)) == (False, 1)
    assert (many.many, len(many.right_ids)) == (True, 2)
    assert true_or_false.right_ids == {"false"}
    assert [o.feedback for o in true_or_false.options] == [
        "Feedback for true",
        "Feedback for false",
    ]


@pytest.mark.django_db
def test_question_and_option_ids_are_stable_once_saved(course):
    lesson = LessonPageFactory(
        parent=course.get_children().first(), quiz=[single_choice(), true_false()]
    )
    first = Page.objects.get(pk=lesson.pk).specific.questions
    second = Page.objects.get(pk=lesson.pk).specific.questions
    assert [q.id for q in first] == [q.id for q in second]
    assert [o.id for o in first[0].options] == [o.id for o in second[0].options]

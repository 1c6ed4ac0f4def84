"""The content health report: what needs an editor's attention."""

from django.urls import reverse
from django.utils import timezone

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest

from lessons.health import lesson_problems, stage_problems
from tests.factories import (
    GuidePageFactory,
    LessonPageFactory,
    SupportServiceFactory,
    multiple_choice,
    single_choice,
    true_false,
)
from tests.helpers import report_rows

pytestmark = pytest.mark.django_db

PLAIN = "<p>" + "You can help by staying close. " * 60 + "</p>"  # 360 words, grade 1
DENSE = (
    "<p>"
    + "Multidimensional psychotraumatological considerations necessitate comprehensive interdisciplinary intervention methodologies. "
    * 40
    + "</p>"
)


@pytest.fixture
def stage(course):
    return course.get_children().first()


def lesson_with(stage, body=PLAIN, quiz=None):
    quiz = [single_choice(), single_choice(), single_choice()] if quiz is None else quiz
    return LessonPageFactory(parent=stage, body=[("text", body)], quiz=quiz)


def test_a_healthy_lesson_has_no_problems(stage):
    assert lesson_problems(lesson_with(stage)) == []


def test_lessons_without_enough_questions_are_flagged(stage):
    assert lesson_problems(lesson_with(stage, quiz=[])) == ["No quiz"]
    assert lesson_problems(lesson_with(stage, quiz=[single_choice()])) == [
        "Only 1 quiz question(s): aim for 3 to 5"
    ]


def test_length_and_reading_level_are_flagged(stage):
    (short,) = lesson_problems(lesson_with(stage, body="<p>Too short.</p>"))
    assert short == "2 words: aim for 300 to 700"
    dense = lesson_problems(lesson_with(stage, body=DENSE))
    assert any(problem.startswith("Reading level is school grade") for problem in dense)


def test_options_without_feedback_are_flagged(stage):
    kind, question = single_choice()
    question["options"][1]["feedback"] = " "
    lesson = lesson_with(
        stage, quiz=[(kind, question), single_choice(), single_choice()]
    )
    assert lesson_problems(lesson) == [
        "1 answer(s) without feedback in “Which reply helps most?”"
    ]


@pytest.fixture
def image():
    return Image.objects.create(title="A calm room", file=get_test_image_file())


def test_an_image_without_alt_text_is_flagged(stage, image):
    lesson = lesson_with(stage)
    lesson.body = [
        *[(b.block_type, b.value) for b in lesson.body],
        ("image", {"image": image, "alt_text": "", "decorative": False}),
    ]
    # Saved around validation, as imported or old content might be.
    lesson.save(clean=False)
    assert lesson_problems(lesson) == [
        "An image has no alt text and is not marked decorative"
    ]


def test_report_lists_problems_with_links_to_fix_them(admin_client, stage):
    lesson = lesson_with(stage, quiz=[])
    SupportServiceFactory(name="Unchecked line")
    SupportServiceFactory(name="Checked line", last_verified=timezone.localdate())
    html = admin_client.get(reverse("content_health_report")).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=(lesson.pk,)) in html
    rows = report_rows(admin_client, "content_health_report")
    assert {
        "Item": lesson.title,
        "Type": "Lesson",
        "Language": "English",
        "Why": "No quiz",
    } in rows, rows
    assert any(
        row["Item"].startswith("Unchecked line")
        and row["Why"].startswith("Never checked")
        for row in rows
    )
    assert not any(row["Item"].startswith("Checked line") for row in rows)


# The rules that stop a learner passing without reading (issue 9)

LONG_RIGHT = single_choice(
    right="The right answer, written out at great length", wrong=("Short", "Brief")
)


def test_the_right_answer_longest_in_more_than_a_third_of_questions_is_flagged(stage):
    guessable = lesson_with(stage, quiz=[LONG_RIGHT, LONG_RIGHT, single_choice()])
    assert lesson_problems(guessable) == [
        "The right answer is the longest in 2 of 3 single-choice questions: "
        "make a wrong answer as long and as specific"
    ]
    fair = lesson_with(stage, quiz=[LONG_RIGHT, single_choice(), single_choice()])
    assert lesson_problems(fair) == []


def test_more_than_one_true_or_false_is_flagged(stage):
    quiz = [single_choice(), true_false("One is true."), true_false("Two is true.")]
    assert lesson_problems(lesson_with(stage, quiz=quiz)) == [
        "2 true-or-false questions: use at most 1, and ask about situations instead"
    ]


def test_an_absolute_word_in_a_false_statement_is_flagged(stage):
    false = true_false("Survivors always go back.", answer="false")
    (problem,) = lesson_problems(
        lesson_with(stage, quiz=[single_choice(), single_choice(), false])
    )
    assert "says “always”, which gives the answer away" in problem
    true = true_false("Survivors always deserve kindness.", answer="true")
    assert (
        lesson_problems(
            lesson_with(stage, quiz=[single_choice(), single_choice(), true])
        )
        == []
    )


def test_a_scenario_without_a_model_answer_is_flagged(stage):
    scenario = {
        "title": "A call",
        "story": "Your sister rings.",
        "question": "",
        "model_answer": "",
    }
    lesson = LessonPageFactory(
        parent=stage,
        body=[("text", PLAIN), ("scenario", scenario)],
        quiz=[single_choice()] * 3,
    )
    assert lesson_problems(lesson) == [
        "The scenario “A call” has no model answer: learners need one way to respond"
    ]


def test_choose_all_questions_with_the_same_number_of_right_answers_are_flagged(stage):
    two = multiple_choice(right=("A", "B"), wrong=("C", "D"))
    one = multiple_choice(right=("A",), wrong=("B", "C", "D"))
    same = [
        lesson_with(stage, quiz=[two, single_choice()]),
        lesson_with(stage, quiz=[two]),
    ]
    assert stage_problems(same) == [
        "Every choose-all question has 2 right answer(s): vary the number"
    ]
    varied = [lesson_with(stage, quiz=[two]), lesson_with(stage, quiz=[one])]
    assert stage_problems(varied) == []


def test_the_report_names_stages_and_guides_too(admin_client, course, stage):
    two = multiple_choice(right=("A", "B"), wrong=("C", "D"))
    lesson_with(stage, quiz=[two, single_choice(), single_choice()])
    lesson_with(stage, quiz=[two, single_choice(), single_choice()])
    GuidePageFactory(parent=course, title="A short guide")
    rows = report_rows(admin_client, "content_health_report")
    problems = {(row["Item"], row["Type"]) for row in rows}
    assert (stage.title, "Stage") in problems
    assert ("A short guide", "Guide") in problems

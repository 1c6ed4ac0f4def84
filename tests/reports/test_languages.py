"""The reports in a course read in two languages (issue 14): a question's answers in
Spanish and English are one question's figures, a lesson finished in either counts
once, a Language filter narrows them to one, and each page's reading level is
measured by a formula made for its language."""

from django.test import Client
from django.urls import reverse

from wagtail.models import Locale
from wagtail.users.models import UserProfile

import pytest
import textstat

from lessons.health import (
    READING_FORMULAS,
    lesson_problems,
    reading_grade,
    reading_level,
    spanish_syllables,
)
from lessons.models import LessonPage, QuestionAnswer
from reports.analytics import FEWER
from reports.views import figures_for
from tests.factories import single_choice
from tests.helpers import client_for, lessons_of, make_user, report_rows, submit

pytestmark = pytest.mark.django_db

SPANISH_PROMPT = "¿Qué respuesta ayuda más?"
# 360 words: Fernández Huerta about 91, "very easy".
PLAIN_ES = "<p>" + "Puedes ayudar si te quedas cerca. " * 60 + "</p>"
# 480 words of long, learned words: far below 70.
DENSE_SENTENCE_ES = (
    "Las consideraciones psicotraumatológicas multidimensionales requieren "
    "metodologías de intervención interdisciplinarias exhaustivas y coordinadas. "
)
DENSE_ES = "<p>" + DENSE_SENTENCE_ES * 40 + "</p>"
DENSE_SENTENCE_EN = (
    "Multidimensional psychotraumatological considerations necessitate "
    "comprehensive interdisciplinary intervention methodologies. "
)


def translate(course, code="es"):
    """The course and every page in it, translated (copied, as wagtail-localize
    does: the same block ids) and published; each Spanish lesson's question worded
    in Spanish."""
    locale, _ = Locale.objects.get_or_create(language_code=code)
    pages = [course, *course.get_descendants().specific().order_by("path")]
    for page in pages:
        copy = page.copy_for_translation(locale, copy_parents=True)
        copy.title = f"{page.title} (es)"
        if isinstance(copy, LessonPage):
            for block in copy.quiz:
                block.value["question"] = SPANISH_PROMPT
        copy.save_revision().publish()
    return LessonPage.objects.filter(locale=locale).order_by("path")


@pytest.fixture
def bilingual(make_course):
    """An English course of one stage of two lessons, and its Spanish translation:
    ([English lessons], [Spanish lessons])."""
    course = make_course(stages=1, lessons=2)
    english = lessons_of(course)
    spanish = list(translate(course))
    return english, spanish


def learners_answer(lesson, count, right=True):
    for _ in range(count):
        submit(Client(), lesson, right=right)


def spanish_editor():
    user = make_user("ana", superuser=True)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "es"
    profile.save()
    return client_for(user)


# The quiz questions report


def test_answers_in_spanish_and_english_are_one_questions_figures(bilingual):
    (first_en, second_en), (first_es, _second_es) = bilingual
    submit(Client(), first_es)
    submit(Client(), first_en, right=False)
    rows = figures_for(
        LessonPage.objects.live().order_by("path"), QuestionAnswer.objects.all()
    )
    # A row for each question of each lesson, not for each language.
    assert [row.lesson for row in rows] == [first_en, second_en]
    first = rows[0]
    assert first.answers == 2
    assert len(first.learners) == 2
    assert first.right == 1
    # Each answer is compared with the wording of its own language: not "changed".
    assert first.status == "current"
    assert first.prompt == "Which reply helps most?"
    # Narrowed to Spanish: only the Spanish answer, in the Spanish wording.
    (spanish_first, _) = figures_for(
        LessonPage.objects.live().filter(locale__language_code="es").order_by("path"),
        QuestionAnswer.objects.filter(attempt__lesson__locale__language_code="es"),
    )
    assert spanish_first.answers == 1
    assert spanish_first.prompt == SPANISH_PROMPT
    assert spanish_first.lesson == first_es


def test_the_report_counts_all_languages_and_narrows_to_one(admin_client, bilingual):
    (first_en, _), (first_es, _) = bilingual
    learners_answer(first_es, 5)
    learners_answer(first_en, 2)
    rows = report_rows(admin_client, "quiz_question_report")
    assert len(rows) == 2  # two lessons of one question each, in both languages
    first = rows[0]
    assert first["Question"] == "Which reply helps most?"
    assert first["Lesson"] == first_en.title
    assert (first["Learners"], first["Answers"]) == ("7", "7")
    (spanish, _) = report_rows(admin_client, "quiz_question_report", language="es")
    assert (spanish["Learners"], spanish["Question"]) == ("5", SPANISH_PROMPT)
    (english, _) = report_rows(admin_client, "quiz_question_report", language="en-gb")
    assert english["Learners"] == FEWER
    # A course chosen counts its lessons in every language.
    course = first_es.get_parent().get_parent()
    (chosen, _) = report_rows(admin_client, "quiz_question_report", course=course.pk)
    assert chosen["Learners"] == "7"


def test_an_editor_reading_spanish_sees_the_spanish_wording(bilingual):
    (first_en, _), (first_es, _) = bilingual
    learners_answer(first_en, 1)
    html = spanish_editor().get(reverse("quiz_question_report")).content.decode()
    assert SPANISH_PROMPT in html
    assert "Which reply helps most?" not in html


def test_the_language_filter_is_offered_only_with_two_languages(
    admin_client, make_course
):
    course = make_course(stages=1, lessons=1)
    for report in ("quiz_question_report", "completion_funnel_report"):
        html = admin_client.get(reverse(report)).content.decode()
        assert 'name="language"' not in html, report
        assert f">{course.title}</option>" in html
    translate(course)
    for report in (
        "quiz_question_report",
        "completion_funnel_report",
        "content_health_report",
    ):
        html = admin_client.get(reverse(report)).content.decode()
        assert 'name="language"' in html, report
        assert "All languages" in html
        assert ">Español</option>" in html
    # The courses to choose from, each with its language.
    for report in ("quiz_question_report", "completion_funnel_report"):
        html = admin_client.get(reverse(report)).content.decode()
        assert f">{course.title} (English)</option>" in html
        assert f">{course.title} (es) (Español)</option>" in html


# The completion funnel


def test_the_funnel_counts_a_lesson_finished_in_either_language_once(
    admin_client, bilingual
):
    (first_en, _), (first_es, _) = bilingual
    for n in range(6):
        learner = Client()
        submit(learner, first_es)
        if n < 2:  # and again in English: still one learner, one lesson
            submit(learner, first_en)
    learners_answer(first_en, 1)
    course = first_en.get_parent().get_parent()

    def funnel(**filters):
        rows = report_rows(
            admin_client, "completion_funnel_report", course=course.pk, **filters
        )
        return {row["Step"]: (row["Started"], row["Finished"]) for row in rows}

    step = f"Lesson: {first_en.title}"
    assert funnel()[step] == ("7", "7")
    assert funnel(language="es")[step] == ("6", "6")
    assert funnel(language="en-gb")[step] == (FEWER, FEWER)
    # The Spanish course gives the same figures, under its own titles.
    spanish_course = first_es.get_parent().get_parent()
    rows = report_rows(
        admin_client, "completion_funnel_report", course=spanish_course.pk
    )
    assert {"Step": f"Lesson: {first_es.title}", "Started": "7", "Finished": "7"} in (
        rows
    )


# Content health: reading level in each page's language


def test_spanish_syllables_follow_spanish_rules():
    words = {
        "amor": 2,  # a-mor: a hyphenation dictionary counts 1
        "abuso": 3,
        "país": 2,  # pa-ís
        "oído": 3,
        "leer": 2,
        "tiene": 2,  # tie-ne
        "agua": 2,
        "cuidar": 2,
        "muy": 1,
        "y": 1,
        "Uruguay": 3,
        "pingüino": 3,
        "que": 1,
    }
    assert {word: spanish_syllables(word) for word in words} == words


def test_a_spanish_page_is_measured_by_fernandez_huerta(bilingual):
    (english, _), (spanish, _) = bilingual
    spanish.body = [("text", PLAIN_ES)]
    spanish.save_revision().publish()
    spanish.refresh_from_db()
    level = reading_level(spanish)
    assert level.formula is READING_FORMULAS["es"]
    assert level.formula.name == "Fernández Huerta"
    assert 85 < level.score < 95
    assert not level.too_hard
    # English pages as before: the Flesch-Kincaid grade.
    assert reading_level(english).formula.name == "Flesch-Kincaid"
    assert reading_level(english).score == reading_grade(english)
    # Measuring Spanish leaves textstat's shared language alone.
    assert textstat.textstat._textstatistics__lang == "en_US"


def test_a_hard_spanish_text_is_flagged_with_its_formula_and_limit(
    admin_client, bilingual
):
    _, (spanish, _) = bilingual
    spanish.body = [("text", DENSE_ES)]
    spanish.quiz = [single_choice(), single_choice(), single_choice()]
    spanish.save_revision().publish()
    spanish.refresh_from_db()
    (problem,) = lesson_problems(spanish)
    assert problem.startswith("Reading ease is ")
    assert problem.endswith(
        "(Fernández Huerta, 0 to 100, higher is easier): aim for 70 or above"
    )
    assert reading_level(spanish).score < 70
    rows = report_rows(admin_client, "content_health_report", language="es")
    assert {"Item": spanish.title, "Type": "Lesson", "Language": "Español"} == {
        key: rows[0][key] for key in ("Item", "Type", "Language")
    }
    assert {row["Language"] for row in rows} <= {"Español", "Every language"}
    html = admin_client.get(reverse("content_health_report")).content.decode()
    assert "How reading level is measured" in html
    assert "English: Flesch-Kincaid school grade, 8 or below" in html
    assert (
        "Español: Fernández Huerta reading ease (0 to 100, higher is easier), "
        "70 or above" in html
    )


def test_the_english_rule_names_its_formula(make_course):
    course = make_course(stages=1, lessons=1)
    (lesson,) = lessons_of(course)
    lesson.body = [("text", "<p>" + DENSE_SENTENCE_EN * 40 + "</p>")]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    assert any(
        problem.startswith("Reading level is school grade")
        and "(Flesch-Kincaid): aim for 8 or below" in problem
        for problem in lesson_problems(lesson)
    )

"""Writing a quiz in the admin: new lists start with as many items as they need, the
answer-key preview puts each question's key beside the question, and the editor's
tabs count the errors a StreamField shows after a failed save."""

from django.urls import reverse

from bs4 import BeautifulSoup

from home.models import HomePage
from lessons.blocks import (
    ChoiceQuestionBlock,
    MultipleChoiceQuestionBlock,
    PracticeBlock,
)
from tests.factories import CoursePageFactory, LessonPageFactory, StagePageFactory
from tests.form_data import lesson_form, option
from tests.helpers import AdminTestCase


def test_a_new_question_starts_with_the_minimum_number_of_options():
    for block in (ChoiceQuestionBlock(), MultipleChoiceQuestionBlock()):
        options = block.get_default()["options"]
        assert len(options) == block.child_blocks["options"].meta.min_num == 2
        assert all(option["text"] == "" for option in options)


def test_a_new_practice_conversation_starts_with_three_steps_of_three_replies():
    steps = PracticeBlock().get_default()["steps"]
    assert len(steps) == 3
    assert [len(step["replies"]) for step in steps] == [3, 3, 3]


def test_each_new_question_gets_options_of_its_own():
    first, second = (ChoiceQuestionBlock().get_default() for _ in range(2))
    assert first["options"][0] is not second["options"][0]


class TestAnswerKeyBesideEachQuestion(AdminTestCase):
    @classmethod
    def setUpTestData(cls):
        course = CoursePageFactory(parent=HomePage.objects.get())
        cls.lesson = LessonPageFactory(parent=StagePageFactory(parent=course))

    def setUp(self):
        self.login()

    def preview(self, mode):
        url = reverse("wagtailadmin_pages:preview_on_edit", args=(self.lesson.pk,))
        form = lesson_form(
            "Keyed", [option("Kind reply", True), option("Harsh reply", False)]
        )
        assert self.client.post(url, form).json()["is_valid"]
        return BeautifulSoup(
            self.client.get(url, {"mode": mode}).content, "html.parser"
        )

    def test_the_key_sits_inside_its_question(self):
        soup = self.preview("answer-key")
        questions = soup.select("ol.questions > li")
        assert questions
        for question in questions:
            key = question.select_one(".answer-key--question")
            assert key is not None, "a question without its key beside it"
            right = [
                li.get_text(" ", strip=True)
                for li in key.select(".answer-key__option--right")
            ]
            assert right == ["Right: Kind reply Feedback: Why Kind reply helps or not."]

    def test_learners_preview_has_no_key_beside_the_questions(self):
        soup = self.preview("")
        assert soup.select(".answer-key--question") == []


class TestTabsCountStreamFieldErrors(AdminTestCase):
    def test_the_tab_counts_again_once_the_blocks_have_shown_their_errors(self):
        course = CoursePageFactory(parent=HomePage.objects.get())
        lesson = LessonPageFactory(parent=StagePageFactory(parent=course))
        self.login()
        html = self.client.get(
            reverse("wagtailadmin_pages:edit", args=(lesson.pk,))
        ).content.decode()
        counters = BeautifulSoup(html, "html.parser").select(".w-tabs__errors")
        assert counters
        for counter in counters:
            assert counter["data-action"] == (
                "wagtail:panel-init@document->w-count#count"
            )

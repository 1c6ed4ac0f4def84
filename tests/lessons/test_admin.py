"""Editors build lessons and quizzes in the Wagtail admin."""

from django.urls import reverse

from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from lessons.models import LessonPage
from tests.factories import CoursePageFactory, LessonPageFactory, StagePageFactory
from tests.form_data import lesson_form, option


class TestLessonAdmin(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        course = CoursePageFactory(parent=HomePage.objects.get())
        cls.stage = StagePageFactory(parent=course)

    def setUp(self):
        self.login()

    def test_editor_can_create_a_lesson_with_a_quiz(self):
        self.assertCanCreate(
            self.stage,
            LessonPage,
            lesson_form("Good lesson", [option("A", True), option("B", False)]),
        )
        lesson = LessonPage.objects.get(title="Good lesson")
        assert [o.correct for o in lesson.questions[0].options] == [True, False]

    def test_a_question_nobody_could_answer_rightly_cannot_be_saved(self):
        url = reverse(
            "wagtailadmin_pages:add", args=("lessons", "lessonpage", self.stage.pk)
        )
        response = self.client.post(
            url, lesson_form("Broken lesson", [option("A", False), option("B", False)])
        )
        assert response.status_code == 200
        assert "Mark exactly one answer as right." in response.content.decode()
        assert not LessonPage.objects.filter(title="Broken lesson").exists()

    def test_editor_previews_a_lesson_with_its_quiz_even_in_a_locked_stage(self):
        LessonPageFactory(parent=self.stage)  # unfinished, so the next stage is locked
        lesson = LessonPageFactory(
            parent=StagePageFactory(parent=self.stage.get_parent())
        )
        url = reverse("wagtailadmin_pages:preview_on_edit", args=(lesson.pk,))
        form = lesson_form("Previewed", [option("A", True), option("B", False)])
        assert self.client.post(url, form).json()["is_valid"]
        response = self.client.get(url)
        assert response.status_code == 200
        assert "Which reply helps?" in response.content.decode()

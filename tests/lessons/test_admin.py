"""Editors build lessons and quizzes in the Wagtail admin."""

from django.urls import reverse

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from home.models import HomePage
from lessons.models import LessonPage
from tests.factories import CoursePageFactory, LessonPageFactory, StagePageFactory
from tests.form_data import lesson_form, option
from tests.helpers import AdminTestCase


class TestLessonAdmin(AdminTestCase):
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

    def test_a_lesson_image_is_published_only_with_alt_text_or_marked_decorative(self):
        image = Image.objects.create(title="A calm room", file=get_test_image_file())
        url = reverse(
            "wagtailadmin_pages:add", args=("lessons", "lessonpage", self.stage.pk)
        )

        def publish(title, alt_text, decorative):
            picture = {
                "image": image.pk,
                "alt_text": alt_text,
                "decorative": decorative,
            }
            form = lesson_form(
                title, [option("A", True), option("B", False)], [("image", picture)]
            )
            return self.client.post(url, {**form, "action-publish": "publish"})

        response = publish("No alt text", alt_text="", decorative="")
        assert response.status_code == 200
        assert "Please add some alt text" in response.content.decode()
        assert not LessonPage.objects.filter(title="No alt text").exists()
        publish("Decorative", alt_text="", decorative="on")
        publish("Described", alt_text="An empty, quiet room.", decorative="")
        live = LessonPage.objects.live().filter(title__in=["Decorative", "Described"])
        assert live.count() == 2

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


class TestAnswerKeyPreview(AdminTestCase):
    @classmethod
    def setUpTestData(cls):
        course = CoursePageFactory(parent=HomePage.objects.get())
        cls.lesson = LessonPageFactory(parent=StagePageFactory(parent=course))

    def preview(self, mode):
        url = reverse("wagtailadmin_pages:preview_on_edit", args=(self.lesson.pk,))
        form = lesson_form(
            "Keyed", [option("Kind reply", True), option("Harsh reply", False)]
        )
        assert self.client.post(url, form).json()["is_valid"]
        return self.client.get(url, {"mode": mode})

    def test_editor_can_switch_the_preview_to_the_answer_key(self):
        self.login()
        html = self.preview("answer-key").content.decode()
        assert "Answer key" in html
        assert "<strong>Right:</strong> Kind reply" in html
        assert "Feedback: Why Harsh reply helps or not." in html
        # The key keeps the editor's order, whatever order learners are shown.
        key = html[html.index("answer-key--question") :]
        assert key.index("Kind reply") < key.index("Harsh reply")

    def test_the_learner_view_preview_has_no_answer_key(self):
        self.login()
        html = self.preview("").content.decode()
        assert "Kind reply" in html
        assert "Answer key" not in html
        assert "Why Kind reply helps or not." not in html

    def test_learners_cannot_ask_for_the_answer_key(self):
        html = self.client.get(self.lesson.url, {"mode": "answer-key"}).content.decode()
        assert "Answer key" not in html
        assert "Feedback for" not in html
        preview = reverse("wagtailadmin_pages:preview_on_edit", args=(self.lesson.pk,))
        assert (
            self.client.get(preview, {"mode": "answer-key"}).status_code == 302
        )  # to the login page


class TestBlockPreviews(AdminTestCase):
    def test_every_lesson_and_quiz_block_has_a_styled_preview(self):
        self.login()
        for field in ("body", "quiz"):
            stream = LessonPage._meta.get_field(field).stream_block
            for name, block in stream.child_blocks.items():
                url = reverse("wagtailadmin_block_preview")
                response = self.client.get(url, {"id": block.definition_prefix})
                assert response.status_code == 200, name
                html = response.content.decode()
                assert "css/site.css" in html, name
                assert block.meta.description, name

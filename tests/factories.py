"""Test data: one factory per page type, plus builders for quiz block data."""

import factory
import wagtail_factories

from course.models import CoursePage, StagePage
from home.models import Place, SupportService
from lessons.models import GuidePage, LessonPage


class CoursePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Course {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")

    class Meta:
        model = CoursePage


class StagePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Stage {n}")
    slug = factory.Sequence(lambda n: f"stage-{n}")

    class Meta:
        model = StagePage


class LessonPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Lesson {n}")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    body = factory.LazyFunction(lambda: [("text", "<p>Words to read.</p>")])
    quiz = factory.LazyFunction(lambda: [single_choice()])

    class Meta:
        model = LessonPage


class GuidePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Guide {n}")
    slug = factory.Sequence(lambda n: f"guide-{n}")
    body = factory.LazyFunction(lambda: [("text", "<p>Words to read.</p>")])

    class Meta:
        model = GuidePage


class PlaceFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Place {n}")
    slug = factory.Sequence(lambda n: f"place-{n}")

    class Meta:
        model = Place


class SupportServiceFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Help line {n}")
    description = "Someone to talk to."
    phone = "0800 000 000"
    region = "Testland"

    class Meta:
        model = SupportService
        skip_postgeneration_save = True

    @factory.post_generation
    def places(self, create, extracted, **kwargs):
        if extracted:
            self.places = extracted  # a parental relation: kept when saved
            self.save()


def option(text, correct=False, feedback=None):
    return {
        "text": text,
        "correct": correct,
        "feedback": feedback or f"Feedback for {text}",
    }


def single_choice(
    prompt="Which reply helps most?", right="Right answer", wrong=("Wrong answer",)
):
    return (
        "single_choice",
        {
            "question": prompt,
            "explanation": f"Explanation of {prompt}",
            "options": [option(right, True), *(option(text) for text in wrong)],
        },
    )


def multiple_choice(
    prompt="Choose all that apply.", right=("Right A", "Right B"), wrong=("Wrong C",)
):
    return (
        "multiple_choice",
        {
            "question": prompt,
            "explanation": "",
            "options": [
                *(option(text, True) for text in right),
                *(option(text) for text in wrong),
            ],
        },
    )


def true_false(statement="This is true.", answer="true"):
    return (
        "true_false",
        {
            "statement": statement,
            "answer": answer,
            "feedback_true": "Feedback for true",
            "feedback_false": "Feedback for false",
            "explanation": "",
        },
    )

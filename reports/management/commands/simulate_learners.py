"""Scripted learners take the live course's quizzes through the real grading path,
so that reports have realistic figures (for demos, reviews and tests)."""

import random
import uuid

from django.core.management.base import BaseCommand

from learners.models import Learner
from lessons.grading import grade
from lessons.models import LessonPage, QuizAttempt


class Command(BaseCommand):
    help = "Create anonymous scripted learners who work through the course and take its quizzes."

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, default=40)
        parser.add_argument(
            "--seed", type=int, default=2026, help="Same seed, same figures."
        )

    def handle(self, *args, learners, seed, **options):
        rng = random.Random(seed)  # noqa: S311 -- repeatable figures, not secrets
        lessons = [
            lesson
            for lesson in LessonPage.objects.live().order_by("path")
            if lesson.questions
        ]
        attempts = 0
        for _ in range(learners):
            learner, _key = Learner.objects.create_with_key()
            skill = rng.uniform(0.45, 0.95)
            # Some learners stop part of the way through, as real ones do.
            stop_after = (
                len(lessons) if rng.random() < 0.5 else rng.randint(1, len(lessons))
            )
            for lesson in lessons[:stop_after]:
                attempts += self.take_until_passed(rng, learner, lesson, skill)
        self.stdout.write(
            self.style.SUCCESS(
                f"{learners} scripted learners made {attempts} quiz attempts."
            )
        )

    def take_until_passed(self, rng, learner, lesson, skill, tries=4):
        for attempt in range(1, tries + 1):
            answers = {
                q.id: self.answer(rng, q, min(skill + 0.1 * attempt, 0.98))
                for q in lesson.questions
            }
            result = grade(lesson.questions, answers, lesson.pass_mark)
            QuizAttempt.objects.record(learner, lesson, uuid.uuid4(), result)
            if result.passed:
                return attempt
        return tries

    @staticmethod
    def answer(rng, question, skill):
        if rng.random() < skill:
            return set(question.right_ids)
        wrong = [o.id for o in question.options if not o.correct] or [
            question.options[0].id
        ]
        # The first wrong option is the most tempting, as in real quizzes.
        return {rng.choices(wrong, weights=[3, *[1] * (len(wrong) - 1)])[0]}

import uuid
from functools import cached_property, wraps

from django.contrib import messages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Max
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from course.models import (
    CoursePage,
    LessonCompletion,
    LessonHistory,
    ViewRestrictionsFromOutline,
)
from course.progress import reading_minutes
from home.content_cache import content_version
from home.http import ReadOnlyPageMixin, allow_methods, bad_request
from home.safety import safety_for
from learners.identity import ensure_learner
from learners.privacy import PersonalData

from .blocks import LessonStreamBlock, QuizStreamBlock, questions_in
from .forms import QuizForm
from .grading import grade, quiz_version, right_answers_needed


def _open_lessons_only(view):
    """Run a lesson view with its course and progress, or send a learner who has
    not reached the lesson back to where they are (never a 404)."""

    @wraps(view)
    def wrapper(lesson, request):
        course = CoursePage.of(lesson, request)
        progress = course.progress_for(request)
        if not (progress.is_open(lesson.pk) or getattr(request, "is_preview", False)):
            return lesson.redirect_locked(request, course, progress)
        return view(lesson, request, course, progress)

    return wrapper


class LessonPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "lessons.LessonPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class Reading(models.Model):
    """What lessons and guides share: a body to read, a content note, reading time."""

    content_note = models.TextField(
        blank=True,
        help_text=_(
            "Shown above the text when it touches distressing material, "
            "for example: 'This lesson describes controlling behaviour.' Leave blank if not needed."
        ),
    )
    reading_minutes = models.PositiveSmallIntegerField(
        _("reading time (minutes)"),
        null=True,
        blank=True,
        help_text=_("Leave blank to estimate it from the length of the text."),
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    @property
    def plain_text(self):
        return " ".join(self.body.stream_block.get_searchable_content(self.body))

    @property
    def word_count(self):
        return len(self.plain_text.split())

    def body_cache_key(self, request):
        """The key the rendered text and topics are kept under, or None where they
        are not kept: a preview (a draft, under the live page's id), an embed (its
        links carry a learner's key) and any address with a query string (a practice
        conversation's steps). Keyed by the content version, which a publish changes
        (home/content_cache.py), and by the learner's place, which a help lines
        block follows (home/safety.py)."""
        if (
            getattr(request, "is_preview", False)
            or getattr(request, "embedded", False)
            or request.META.get("QUERY_STRING")
        ):
            return None
        place = safety_for(request).place
        return f"{self.pk}:{content_version(request)}:{place.slug if place else ''}"

    @property
    def minutes_to_read(self):
        # The rule the course's outline uses for stages and courses too.
        return reading_minutes(self.word_count, self.reading_minutes)


class LessonPage(ViewRestrictionsFromOutline, RoutablePageMixin, Reading, Page):
    """A lesson: a few minutes' reading, then a short quiz graded on the server."""

    always_open = models.BooleanField(
        default=False,
        help_text=_(
            "Never locked, whatever stage a learner is at. For safety content "
            "that someone in crisis needs at once."
        ),
    )
    body = StreamField(
        LessonStreamBlock(),
        help_text=_(
            "The lesson: 300 to 700 words in short sentences and plain words. "
            "Mix text with key points, things to say, a scenario and a reflection."
        ),
    )
    tags = ClusterTaggableManager(
        through=LessonPageTag,
        blank=True,
        help_text=_(
            "Topics, such as 'listening' or 'safety'. Each topic gets a page listing its lessons."
        ),
    )
    quiz = StreamField(
        QuizStreamBlock(),
        blank=True,
        help_text=_(
            "Three to five questions. Learners finish the lesson by passing it; "
            "a lesson without questions is finished by marking it done."
        ),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "The share of questions a learner must get right to pass. "
            "60% means 2 of 3, 3 of 4 or 3 of 5."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("content_note"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("reading_minutes"),
                FieldPanel("tags"),
                FieldPanel("always_open"),
            ],
            heading=_("About this lesson"),
        ),
    ]
    quiz_panels = [FieldPanel("pass_mark"), FieldPanel("quiz")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(quiz_panels, heading=_("Quiz")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("body"),
        index.SearchField("content_note"),
    ]

    parent_page_types = ["course.StagePage"]
    subpage_types = []

    # Editors check a quiz against its key; only Wagtail's preview (which needs edit
    # rights) can ask for that mode, so learners never get it.
    preview_modes = [
        ("", _("As learners see it")),
        ("answer-key", _("With the answer key")),
    ]

    def serve_preview(self, request, mode_name):
        request.show_answer_key = mode_name == "answer-key"
        return super().serve_preview(request, mode_name)

    @cached_property
    def questions(self):
        return questions_in(self.quiz)

    @property
    def has_quiz(self):
        return len(self.quiz) > 0

    @property
    def answers_to_pass(self):
        return right_answers_needed(self.pass_mark, len(self.questions))

    # Learner-facing views

    @path("")
    @allow_methods("GET", "HEAD")
    @_open_lessons_only
    def lesson(self, request, course, progress):
        return self.render(
            request, context_overrides=self.learning_context(request, course, progress)
        )

    @path("quiz/")
    @allow_methods("POST")
    @_open_lessons_only
    def submit_quiz(self, request, course, progress):
        if not self.has_quiz:
            return bad_request(
                request, gettext("This lesson has no quiz to answer."), page=self
            )
        sent_version = request.POST.get("quiz_version", "")
        if sent_version and sent_version != quiz_version(self.questions):
            # Published while the learner had it open: their answers were to other
            # questions, so they are not marked. They get the new quiz.
            context = self.learning_context(
                request, course, progress, quiz_changed=True
            )
            response = self.render(request, context_overrides=context)
            response.status_code = 409
            return response
        form = QuizForm(self.questions, request.POST)
        if not form.is_valid():
            context = self.learning_context(request, course, progress, quiz_form=form)
            response = self.render(request, context_overrides=context)
            response.status_code = 400
            return response
        result = grade(self.questions, form.answers(), self.pass_mark)
        attempt, created = QuizAttempt.objects.record(
            ensure_learner(request), self, form.cleaned_data["submission"], result
        )
        if not created:
            # The same form sent again (Back, a second tab): show what was recorded
            # the first time, never a result the database does not hold.
            result = grade(self.questions, attempt.chosen(), self.pass_mark)
        # Passing may have finished a stage, and opened the next.
        milestone = progress.finish(self.pk, timezone.now()) if result.passed else None
        context = self.learning_context(
            request,
            course,
            progress,
            quiz_result=result,
            quiz_resent=not created,
            milestone=milestone,
        )
        if not result.passed:
            # Their answers stay, so they change only what was not right.
            context["quiz_form"] = QuizForm.again(
                self.questions, result, form.seed, quiz_version(self.questions)
            )
        return self.render(request, context_overrides=context)

    @path("done/")
    @allow_methods("POST")
    @_open_lessons_only
    def mark_done(self, request, course, progress):
        if self.has_quiz:
            return bad_request(
                request,
                gettext("This lesson is finished by passing its quiz."),
                page=self,
            )
        LessonCompletion.objects.get_or_create(
            learner=ensure_learner(request),
            lesson_key=self.translation_key,
            defaults={"lesson": self, "lesson_title": self.title},
        )
        # Finishing may have finished a stage, and opened the next.
        milestone = progress.finish(self.pk, timezone.now())
        for message in milestone_messages(self, milestone):
            messages.success(request, message)
        _previous, following = progress.neighbours(self.pk)
        return redirect(following.url if following else course.url)

    def learning_context(self, request, course, progress, **extra):
        previous, following = progress.neighbours(self.pk)
        return {
            "course": course,
            "progress": progress,
            "stage_progress": progress.stage_of(self.pk),
            "position": progress.position_of(self.pk),
            "previous_lesson": previous,
            "next_lesson": following,
            "is_done": progress.is_done(self.pk),
            "ancestors": progress.ancestors_of(self.pk),
            "body_cache_key": self.body_cache_key(request),
            # Read only if shown (not under a quiz's result).
            "attempts": SimpleLazyObject(
                lambda: QuizAttempt.objects.summary(request.learner, self)
            ),
            "quiz_form": QuizForm(
                self.questions,
                initial={
                    "submission": uuid.uuid4(),
                    "quiz_version": quiz_version(self.questions),
                },
            ),
            "show_answer_key": getattr(request, "show_answer_key", False),
            **extra,
        }

    def redirect_locked(self, request, course, progress):
        stage = progress.stage_of(self.pk)
        if stage and stage.waiting_for:
            messages.info(
                request,
                gettext(
                    "“%(lesson)s” opens when you finish the stage “%(stage)s”. "
                    "Here is where you are up to."
                )
                % {"lesson": self.title, "stage": stage.waiting_for.page.title},
            )
        target = progress.next_lesson
        return redirect(target.url if target else course.url)


def milestone_messages(lesson, milestone):
    """What finishing a lesson without a quiz says on the next page (a quiz's result
    says it in place: templates/lessons/includes/milestone.html)."""
    said = [gettext("You finished “%(lesson)s”.") % {"lesson": lesson.title}]
    if milestone and milestone.stage is not None:
        said = [
            gettext("You finished “%(lesson)s”, and with it the stage “%(stage)s”.")
            % {"lesson": lesson.title, "stage": milestone.stage.page.title}
        ]
    if milestone and milestone.pause:
        said.append(
            gettext(
                "You have done a lot in one sitting. It is fine to stop here and come "
                "back later: your place is kept. If you would like to settle first, "
                "breathe in slowly for a count of 4 and out for 6, a few times."
            )
        )
    return said


class GuidePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "lessons.GuidePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class GuidePage(ReadOnlyPageMixin, Reading, Page):
    """Reading outside the course's sequence, never locked and with no quiz: urgent
    steps, and topic guides (cults, trafficking, sport...) found through their tags."""

    body = StreamField(
        LessonStreamBlock(),
        help_text=_("300 to 700 words in short sentences and plain words."),
    )
    tags = ClusterTaggableManager(
        through=GuidePageTag,
        blank=True,
        help_text=_("Topics shared with lessons, so each topic's page lists both."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("content_note"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("reading_minutes"), FieldPanel("tags")],
            heading=_("About this guide"),
        ),
    ]
    search_fields = LessonPage.search_fields

    parent_page_types = ["course.CoursePage"]
    subpage_types = []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["course"] = CoursePage.of(self, request)
        context["body_cache_key"] = self.body_cache_key(request)
        return context


class QuizAttemptQuerySet(models.QuerySet):
    def record(self, learner, lesson, submission, result):
        """Keep an attempt; the same form sent twice (two clicks, two tabs) counts once.
        Returns (attempt, created): a form sent before finds the attempt it recorded.

        Written in one transaction of three inserts: the attempt, its answers, and
        the completion when it passed (kept once: ignored if already there)."""
        try:
            with transaction.atomic():
                attempt = QuizAttempt.about(
                    lesson,
                    learner=learner,
                    submission=submission,
                    score=result.score,
                    total=result.total,
                    passed=result.passed,
                )
                attempt.save(force_insert=True)
                QuestionAnswer.objects.bulk_create(
                    QuestionAnswer(
                        attempt=attempt,
                        question_id=item.question.id,
                        chosen=sorted(option.id for option in item.chosen),
                        correct=item.correct,
                        version=item.question.version,
                    )
                    for item in result.results
                )
                if attempt.passed:
                    LessonCompletion.objects.bulk_create(
                        [LessonCompletion.about(lesson, learner=learner)],
                        ignore_conflicts=True,
                    )
        except IntegrityError:
            # one_attempt_per_form: this form was recorded before.
            attempt = self.filter(learner=learner, submission=submission).first()
            if attempt is None:
                raise
            return attempt, False
        return attempt, True

    def summary(self, learner, lesson):
        if learner is None:
            return {"count": 0, "best": None}
        # In every language the lesson is read in.
        return self.filter(
            learner=learner, lesson_key=lesson.translation_key
        ).aggregate(count=Count("id"), best=Max("score"))


class QuizAttempt(PersonalData, LessonHistory):
    """One submission of a lesson's quiz. Every attempt is kept."""

    learner = models.ForeignKey(
        "learners.Learner", on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    # The id the quiz form was rendered with: a resent form finds its attempt.
    submission = models.UUIDField()
    submitted_at = models.DateTimeField(auto_now_add=True)
    score = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField()
    passed = models.BooleanField()

    objects = QuizAttemptQuerySet.as_manager()

    privacy_description = (
        "Your quiz answers: which answers you chose, whether each was right, your "
        "score, and when you sent them."
    )
    export_key = "quiz_attempts"
    counted_as = ("quiz attempt", "quiz attempts")

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "submission"], name="one_attempt_per_form"
            )
        ]
        indexes = [models.Index(fields=["learner", "lesson_key"])]

    def __str__(self):
        return f"{self.learner}: {self.score}/{self.total} on page {self.lesson_id}"

    def chosen(self):
        """The answers recorded, as grading takes them: {question id: option ids}."""
        return {answer.question_id: set(answer.chosen) for answer in self.answers.all()}

    @classmethod
    def export(cls, learner):
        attempts = (
            cls.of(learner)
            .select_related("lesson")
            .prefetch_related("answers")
            .order_by("submitted_at")
        )
        return [attempt.as_export() for attempt in attempts]

    def as_export(self):
        return {
            "lesson_id": self.lesson_id,
            "lesson": self.lesson_name,
            "lesson_deleted": self.lesson_id is None,
            "submitted_at": self.submitted_at.isoformat(),
            "score": self.score,
            "total": self.total,
            "passed": self.passed,
            "answers": [answer.as_export() for answer in self.answers.all()],
        }


class QuestionAnswer(PersonalData, models.Model):
    """A learner's answer to one question, keyed by the question block's stable id."""

    attempt = models.ForeignKey(
        QuizAttempt, on_delete=models.CASCADE, related_name="answers"
    )
    question_id = models.CharField(max_length=64, db_index=True)
    chosen = models.JSONField(help_text=_("The ids of the options chosen."))
    correct = models.BooleanField()
    # The question's fingerprint when answered (see grading.Question.version).
    version = models.CharField(max_length=12, blank=True)

    learner_path = "attempt__learner"
    privacy_description = ""  # part of the quiz attempt, which describes it

    def __str__(self):
        return f"Answer to {self.question_id} in attempt {self.attempt_id}"

    def as_export(self):
        return {
            "question_id": self.question_id,
            "chosen": self.chosen,
            "correct": self.correct,
        }

    @classmethod
    def move(cls, source, target):
        """Answers follow their attempt."""

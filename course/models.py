import hashlib
import secrets

from django.conf import settings
from django.contrib import messages
from django.db import models
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from home.http import ReadOnlyPageMixin, allow_methods

from .forms import CertificateForm
from .progress import CourseProgress


class CoursePage(RoutablePageMixin, Page):
    """A whole course. Its stages are its children; tree order is course order."""

    SEQUENTIAL = "sequential"
    OPEN = "open"
    NAVIGATION_CHOICES = [
        (SEQUENTIAL, "Stages open in order"),
        (OPEN, "Every stage is open from the start"),
    ]

    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Who the course is for and what it covers, shown above the stages.",
    )
    navigation = models.CharField(
        max_length=20,
        choices=NAVIGATION_CHOICES,
        default=SEQUENTIAL,
        help_text="In order: a stage opens once the stage before it is finished.",
    )
    completion_message = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Shown on the printable page a learner reaches when they finish.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("navigation"),
        FieldPanel("completion_message"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["course.StagePage"]

    @property
    def is_sequential(self):
        return self.navigation == self.SEQUENTIAL

    def progress_for(self, request):
        return CourseProgress.build(self, request.learner)

    @path("")
    @allow_methods("GET", "HEAD")
    def overview(self, request):
        return self.render(request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["progress"] = self.progress_for(request)
        return context

    @path("completion/")
    @allow_methods("GET", "POST")
    def completion(self, request):
        progress = self.progress_for(request)
        if not progress.is_complete:
            messages.info(
                request, "The completion page opens when you have finished every stage."
            )
            return redirect(self.url)
        form = CertificateForm(request.POST or None)
        status = 200
        name = ""
        if request.method == "POST":
            if form.is_valid():
                name = form.cleaned_data["name"]
            else:
                status = 400
        return TemplateResponse(
            request,
            "course/completion_page.html",
            {"page": self, "progress": progress, "form": form, "name": name},
            status=status,
        )


class StagePage(ReadOnlyPageMixin, Page):
    """One stage of a course. Its lessons are its children, in order."""

    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="What this stage is about, in one or two sentences.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["course.CoursePage"]
    subpage_types = ["lessons.LessonPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        course = CoursePage.objects.ancestor_of(self).first()
        progress = course.progress_for(request)
        context["course"] = course
        context["progress"] = progress
        context["stage_progress"] = progress.stage(self.pk)
        return context


def hash_learner_key(key):
    return hashlib.sha256(key.encode()).hexdigest()


# No 0/O, 1/I/L: a resume code is read aloud and written down by hand.
RESUME_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RESUME_GROUPS, RESUME_GROUP_SIZE = 5, 4  # 20 characters: about 99 bits


def new_resume_code():
    chars = "".join(
        secrets.choice(RESUME_ALPHABET)
        for _ in range(RESUME_GROUPS * RESUME_GROUP_SIZE)
    )
    return "-".join(
        chars[i : i + RESUME_GROUP_SIZE]
        for i in range(0, len(chars), RESUME_GROUP_SIZE)
    )


def normalise_resume_code(code):
    return "".join(ch for ch in code.upper() if ch in RESUME_ALPHABET)


class LearnerQuerySet(models.QuerySet):
    def create_with_key(self, **kwargs):
        """Create a learner and return it with its key, which is never stored."""
        key = secrets.token_urlsafe(32)
        learner = self.create(key_hash=hash_learner_key(key), **kwargs)
        return learner, key

    def for_key(self, key):
        """The learner a browser's key or a resume code belongs to."""
        hashed = hash_learner_key(key)
        return self.filter(Q(key_hash=hashed) | Q(resume_code_hash=hashed)).first()

    def idle_anonymous(self, days):
        cutoff = timezone.now() - timezone.timedelta(days=days)
        return self.filter(user__isnull=True, last_seen_at__lt=cutoff)


class Learner(models.Model):
    """Someone working through a course, known by an opaque key rather than by name.

    The browser holds the key; the database holds only its hash, so a copy of the
    database cannot be used to take over anyone's progress. A learner who signs up
    is linked to their account and keeps what they did before.
    """

    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # A resume code works like a second key, typed in on another device.
    resume_code_hash = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="learner",
    )
    # Learners who arrive through an organisation's embed are counted for it.
    organisation = models.ForeignKey(
        "home.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="learners",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(auto_now=True)

    objects = LearnerQuerySet.as_manager()

    def __str__(self):
        return f"Learner {self.pk}"

    def issue_resume_code(self):
        """A new resume code; any earlier one stops working."""
        code = new_resume_code()
        self.resume_code_hash = hash_learner_key(normalise_resume_code(code))
        self.save(update_fields=["resume_code_hash"])
        return code

    def touch(self):
        Learner.objects.filter(pk=self.pk).update(last_seen_at=timezone.now())

    def absorb(self, other):
        """Take over another learner's progress and attempts, then delete them."""
        done_here = set(self.completions.values_list("lesson_id", flat=True))
        other.completions.exclude(lesson_id__in=done_here).update(learner=self)
        other.quiz_attempts.update(learner=self)
        other.delete()


class LessonCompletion(models.Model):
    """A learner finished a lesson. Keyed by page id, so edits to the lesson keep it."""

    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="completions"
    )
    lesson = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "lesson"], name="one_completion_per_lesson"
            )
        ]

    def __str__(self):
        return f"{self.learner} finished page {self.lesson_id}"

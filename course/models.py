from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from wagtail_localize.fields import TranslatableField

from home.http import ReadOnlyPageMixin, allow_methods
from home.models import SHORT_TEXT_FEATURES
from learners.privacy import PersonalData

from .forms import CertificateForm
from .progress import CourseProgress, read_outline


class ViewRestrictionsFromOutline:
    """Wagtail asks every page it serves for its view restrictions (two queries);
    a page routed through its course's outline already knows them."""

    def get_view_restrictions(self):
        known = getattr(self, "view_restrictions_known", None)
        return super().get_view_restrictions() if known is None else known


class CoursePage(ViewRestrictionsFromOutline, RoutablePageMixin, Page):
    """A whole course. Its stages are its children; tree order is course order."""

    SEQUENTIAL = "sequential"
    OPEN = "open"
    NAVIGATION_CHOICES = [
        (SEQUENTIAL, _("Stages open in order")),
        (OPEN, _("Every stage is open from the start")),
    ]

    intro = RichTextField(
        blank=True,
        features=SHORT_TEXT_FEATURES,
        help_text=_(
            "Who the course is for and what it covers, shown above the stages."
        ),
    )
    navigation = models.CharField(
        max_length=20,
        choices=NAVIGATION_CHOICES,
        default=SEQUENTIAL,
        help_text=_("In order: a stage opens once the stage before it is finished."),
    )
    completion_message = RichTextField(
        blank=True,
        features=SHORT_TEXT_FEATURES,
        help_text=_("Shown on the printable page a learner reaches when they finish."),
    )
    urgent_help = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("If you're worried right now"),
        help_text=_(
            "The guide with urgent steps, never locked. It is linked under the "
            "intro, on every stage and at the top of every lesson."
        ),
    )
    # A translation links to the guide's translation (not to the source's guide,
    # which wagtail-localize would otherwise copy across).
    override_translatable_fields = [TranslatableField("urgent_help")]

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        PageChooserPanel("urgent_help", page_type="lessons.GuidePage"),
        FieldPanel("navigation"),
        FieldPanel("completion_message"),
    ]

    parent_page_types = ["home.HomePage"]
    # Stages make the sequence; guides stand outside it, open to everyone.
    subpage_types = ["course.StagePage", "lessons.GuidePage"]

    def clean(self):
        super().clean()
        urgent = self.urgent_help
        # A guide of this course, in any of its languages: a new translation links
        # to the source's guide until that guide has its translation too.
        if urgent is not None and not (
            urgent.specific_class.__name__ == "GuidePage"
            and urgent.get_parent().translation_key == self.translation_key
        ):
            raise ValidationError(
                {"urgent_help": gettext("Choose a guide page of this course.")}
            )

    @classmethod
    def of(cls, page, request=None):
        """The course a stage, lesson or guide belongs to: the one the request was
        routed through (no query), else read with its urgent-help page."""
        course = getattr(request, "course_on_route", None)
        if (
            course is not None
            and page.path.startswith(course.path)
            and page.pk != course.pk
        ):
            return course
        return cls.objects.ancestor_of(page).select_related("urgent_help").first()

    def route(self, request, path_components):
        request.course_on_route = self
        outline = read_outline(self, request)
        self.view_restrictions_known = outline.restrictions_on(self.path)
        return self.route_by_outline(
            request, outline, path_components
        ) or super().route(request, path_components)

    def route_by_outline(self, request, outline, path_components):
        """A stage or lesson found by its address in the cached outline and read in
        one query (Wagtail's routing takes two per level of the tree), then routed on
        by the page itself (a lesson's quiz/ and done/). None for anything else
        (guides, this course's own routes, unknown addresses): Wagtail's routing
        answers those."""
        # Stages and lessons are one and two levels down.
        for end in range(min(len(path_components), 2), 0, -1):
            found = outline.by_url_path.get(
                self.url_path + "/".join(path_components[:end]) + "/"
            )
            if found is not None:
                break
        else:
            return None
        page_id, content_type_id = found
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model.objects.filter(pk=page_id, live=True).first()
        if page is None:
            return None
        page.view_restrictions_known = outline.restrictions_on(page.path)
        return page.route(request, path_components[end:])

    @property
    def is_sequential(self):
        return self.navigation == self.SEQUENTIAL

    def progress_for(self, request):
        progress = CourseProgress.build(self, request.learner, request)
        # Its urgent-help page came with the outline: templates need no query for it.
        if not CoursePage.urgent_help.is_cached(self):
            CoursePage.urgent_help.field.set_cached_value(self, progress.urgent_help)
        return progress

    @path("")
    @allow_methods("GET", "HEAD")
    def overview(self, request):
        return self.render(request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["progress"] = progress = self.progress_for(request)
        context["ancestors"] = progress.ancestors_of(self.pk)
        # Guides: the course's children outside its sequence of stages.
        context["guides"] = (
            self.get_children().live().public().not_type(StagePage).order_by("path")
        )
        return context

    @path("completion/")
    @allow_methods("GET", "POST")
    def completion(self, request):
        progress = self.progress_for(request)
        if not progress.is_complete:
            messages.info(
                request,
                gettext(
                    "The completion page opens when you have finished every stage."
                ),
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


class StagePage(ViewRestrictionsFromOutline, ReadOnlyPageMixin, Page):
    """One stage of a course. Its lessons are its children, in order."""

    intro = RichTextField(
        blank=True,
        features=SHORT_TEXT_FEATURES,
        help_text=_("What this stage is about, in one or two sentences."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["course.CoursePage"]
    subpage_types = ["lessons.LessonPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        course = CoursePage.of(self, request)
        progress = course.progress_for(request)
        context["course"] = course
        context["progress"] = progress
        context["stage_progress"] = stage = progress.stage(self.pk)
        context["stage_number"] = progress.stages.index(stage) + 1 if stage else None
        context["next_stage"] = progress.stage_after(stage) if stage else None
        context["ancestors"] = progress.ancestors_of(self.pk)
        return context


class LessonHistory(models.Model):
    """A learner's record about a lesson. It outlives the lesson: deleting the lesson
    (or its stage, or its course) keeps the record, with the lesson's title.

    `lesson` is the page in the language it was read in; `lesson_key` is the lesson
    in every language (the translation key its translations share), which progress
    goes by: a lesson finished in Spanish is finished in English too."""

    lesson = models.ForeignKey(
        "wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    lesson_key = models.UUIDField(null=True, db_index=True, editable=False)
    lesson_title = models.CharField(max_length=255, blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.lesson_id and not self.lesson_title:
            self.lesson_title = self.lesson.title
        if self.lesson_id and not self.lesson_key:
            self.lesson_key = self.lesson.translation_key
        super().save(*args, **kwargs)

    @classmethod
    def about(cls, lesson, **fields):
        """A new record about this lesson page, keyed for every language."""
        return cls(
            lesson=lesson,
            lesson_key=lesson.translation_key,
            lesson_title=lesson.title,
            **fields,
        )

    @property
    def lesson_name(self):
        return self.lesson.title if self.lesson_id else self.lesson_title


class LessonCompletion(PersonalData, LessonHistory):
    """A learner finished a lesson, in whichever language: once per lesson_key, so
    edits to the lesson, and its translations, keep it."""

    learner = models.ForeignKey(
        "learners.Learner", on_delete=models.CASCADE, related_name="completions"
    )
    completed_at = models.DateTimeField(auto_now_add=True)

    privacy_description = "Which lessons you have finished, and when."
    export_key = "completed_lessons"
    counted_as = ("lesson finished", "lessons finished")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "lesson_key"], name="one_completion_per_lesson"
            )
        ]

    def __str__(self):
        return f"{self.learner} finished page {self.lesson_id}"

    @classmethod
    def export(cls, learner):
        return [
            row.as_export()
            for row in cls.of(learner).select_related("lesson").order_by("completed_at")
        ]

    def as_export(self):
        return {
            "lesson_id": self.lesson_id,
            "lesson": self.lesson_name,
            "lesson_deleted": self.lesson_id is None,
            "completed_at": self.completed_at.isoformat(),
        }

    @classmethod
    def move(cls, source, target):
        # A lesson both had finished stays finished once, with the target's date.
        # (NULL, a deleted lesson's, would make NOT IN match nothing.)
        already_done = cls.of(target).exclude(lesson_key=None).values("lesson_key")
        cls.of(source).exclude(lesson_key__in=already_done).update(learner=target)

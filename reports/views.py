"""The editors' reports: Wagtail ReportViews over figures from analytics and health.

Organisation staff see only their own organisation's learners and help lines (the
tenancy rule in organisations.models), and no figure is about fewer than MIN_GROUP
learners.
"""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

import django_filters

from course.models import CoursePage, LessonCompletion, StagePage
from course.progress import CourseProgress
from lessons.models import GuidePage, LessonPage, QuestionAnswer, QuizAttempt
from organisations.models import (
    Organisation,
    help_lines_visible_to,
    learners_visible_to,
)

from .analytics import FEWER, MIN_GROUP, completion_funnel, hardest, question_figures
from .health import content_health, reading_rules
from .languages import (
    ByLanguageFilterSet,
    LanguageFilter,
    PageChoiceFilter,
    chosen_language,
    content_languages,
    shown_first,
)
from .templatetags.report_charts import Bar


def visible_organisations(request):
    return Organisation.objects.visible_to(request.user)


class QuizAnswerFilterSet(ByLanguageFilterSet):
    organisation = django_filters.ModelChoiceFilter(
        queryset=visible_organisations,
        field_name="attempt__learner__enrolment__organisation",
        label=gettext_lazy("Organisation"),
    )
    course = PageChoiceFilter(
        queryset=CoursePage.objects.all(), method="within", label=gettext_lazy("Course")
    )
    stage = PageChoiceFilter(
        queryset=StagePage.objects.all(), method="within", label=gettext_lazy("Stage")
    )
    language = LanguageFilter(field_name="attempt__lesson__locale__language_code")
    answered = django_filters.DateFromToRangeFilter(
        field_name="attempt__submitted_at",
        label=gettext_lazy("Answered between"),
        widget=DateRangePickerWidget,
    )

    class Meta:
        model = QuestionAnswer
        fields = []

    def within(self, queryset, name, page):
        """Answers to the lessons of a course or stage, in every language."""
        return queryset.filter(attempt__lesson_key__in=lesson_keys_within(page))


def lesson_keys_within(page):
    """The translation keys of the lessons below a page: the same lessons in every
    language."""
    return LessonPage.objects.descendant_of(page).values("translation_key")


class ReadableReport(ReportView):
    """Our reports: download links in plain view (Wagtail keeps them in the header's
    menu) and room for charts above the table (templates/reports/)."""

    results_template_name = "reports/report_results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(fewer=FEWER, min_group=MIN_GROUP)
        return context

    def stream_csv(self, queryset):
        """Wagtail streams the CSV file after the view has returned, once the
        editor's language is no longer active: each line is written in it."""
        language = translation.get_language()
        lines = super().stream_csv(queryset)

        def in_the_editors_language():
            while True:
                with translation.override(language):
                    line = next(lines, None)
                if line is None:
                    return
                yield line

        return in_the_editors_language()


class QuestionColumn(TitleColumn):
    """The question, linked to its lesson's editor, with the lesson's title below."""

    cell_template_name = "reports/cells/question_cell.html"


class AnswersColumn(Column):
    cell_template_name = "reports/cells/answers_cell.html"


def _edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


class QuizQuestionReportView(ReadableReport):
    """Which questions learners get wrong, per question, for editors to improve them."""

    page_title = gettext_lazy("Quiz questions")
    header_icon = "help"
    index_url_name = "quiz_question_report"
    index_results_url_name = "quiz_question_report_results"
    results_template_name = "reports/quiz_questions_results.html"
    filterset_class = QuizAnswerFilterSet
    paginate_by = 100
    columns = [
        QuestionColumn(
            "prompt",
            label=gettext_lazy("Question"),
            url_name="wagtailadmin_pages:edit",
            id_accessor="lesson.pk",
            # Room to read the question (static/css/admin.css).
            classname="report-question",
        ),
        Column("status_text", label=gettext_lazy("Status")),
        Column("learner_count", label=gettext_lazy("Learners")),
        Column("first_try_right", label=gettext_lazy("Right first time")),
        Column("right_overall", label=gettext_lazy("Right overall")),
        AnswersColumn(
            "option_tally",
            label=gettext_lazy("Times each answer was chosen"),
            classname="report-answers-column",
        ),
    ]
    # The most chosen wrong answer is plain in the list of answers on screen; the
    # download keeps it as a column of its own.
    list_export = [
        "course_title",
        "stage_title",
        "lesson.title",
        "prompt",
        "status_text",
        "learner_count",
        "answer_count",
        "first_try_right",
        "right_overall",
        "most_chosen_wrong",
        "option_counts",
    ]
    export_headings = {
        "course_title": gettext_lazy("Course"),
        "stage_title": gettext_lazy("Stage"),
        "lesson.title": gettext_lazy("Lesson"),
        "prompt": gettext_lazy("Question"),
        "status_text": gettext_lazy("Status"),
        "learner_count": gettext_lazy("Learners"),
        "answer_count": gettext_lazy("Answers"),
        "first_try_right": gettext_lazy("Right first time"),
        "right_overall": gettext_lazy("Right overall"),
        "most_chosen_wrong": gettext_lazy("Most chosen wrong answer"),
        "option_counts": gettext_lazy("Times each answer was chosen"),
    }

    def get_queryset(self):
        return QuestionAnswer.objects.filter(
            learners_visible_to(self.request.user, path="attempt__learner")
        )

    @cached_property
    def scope(self):
        """The course or stage chosen in the filters, if any."""
        if self.filters and self.filters.is_valid():
            data = self.filters.form.cleaned_data
            return data.get("stage") or data.get("course")
        return None

    def get_filtered_queryset(self):
        lessons = LessonPage.objects.live().order_by("path")
        if self.scope:
            lessons = lessons.filter(translation_key__in=lesson_keys_within(self.scope))
        language = chosen_language(self.filters)
        if language:
            lessons = lessons.filter(locale__language_code=language)
        return figures_for(lessons, self.filter_queryset(self.get_queryset()))

    def get_filename(self):
        return f"quiz-questions-{datetime.date.today():%Y-%m-%d}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["difficulty"] = [
            Bar(
                row.prompt,
                row.wrong_share,
                _("{share} of answers wrong").format(share=f"{row.wrong_share:.0%}"),
                _edit_url(row.lesson),
            )
            for row in hardest(self.object_list)
        ]
        return context


def figures_for(lessons, answers):
    """Per-question figures for these lessons (live pages, in one language or
    several) from these QuestionAnswer rows: a question's answers in every language
    are one row's, shown in the editor's language where the lesson is in it."""
    rows = answers.order_by("attempt__submitted_at", "pk").values(
        "question_id",
        "chosen",
        "correct",
        "version",
        "attempt__learner_id",
        "attempt__lesson_id",
        "attempt__lesson_key",
    )
    pages = list(lessons.select_related("locale"))
    return question_figures(
        pages, [_plain(answer) for answer in rows], rank=shown_first(pages)
    )


def _plain(answer):
    return {
        "question_id": answer["question_id"],
        "chosen": answer["chosen"],
        "correct": answer["correct"],
        "version": answer["version"],
        "learner_id": answer["attempt__learner_id"],
        "lesson_id": answer["attempt__lesson_id"],
        "lesson_key": answer["attempt__lesson_key"],
    }


class FunnelFilterSet(ByLanguageFilterSet):
    course = PageChoiceFilter(
        queryset=CoursePage.objects.all(),
        method="noop",
        label=gettext_lazy("Course"),
        empty_label=None,
    )
    organisation = django_filters.ModelChoiceFilter(
        queryset=visible_organisations,
        method="noop",
        label=gettext_lazy("Organisation"),
    )
    language = LanguageFilter(method="noop")

    class Meta:
        model = LessonCompletion
        fields = []


class CompletionFunnelView(ReadableReport):
    """How far learners get: who started and finished each stage and lesson, in
    every language together (a lesson is its translation key: read in two languages,
    it counts once) or in the language chosen (what was read, and finished, in it;
    a lesson is finished once, in the language it was first passed in)."""

    page_title = gettext_lazy("Completion funnel")
    header_icon = "list-ol"
    index_url_name = "completion_funnel_report"
    index_results_url_name = "completion_funnel_report_results"
    results_template_name = "reports/completion_funnel_results.html"
    filterset_class = FunnelFilterSet
    paginate_by = None
    columns = [
        Column("label", label=gettext_lazy("Step")),
        Column("started_count", label=gettext_lazy("Learners who started")),
        Column("finished_count", label=gettext_lazy("Learners who finished")),
    ]
    list_export = ["label", "started_count", "finished_count"]
    export_headings = {
        "label": gettext_lazy("Step"),
        "started_count": gettext_lazy("Started"),
        "finished_count": gettext_lazy("Finished"),
    }

    def get_queryset(self):
        return LessonCompletion.objects.all()

    def get_course(self):
        if (
            self.filters
            and self.filters.is_valid()
            and self.filters.form.cleaned_data.get("course")
        ):
            return self.filters.form.cleaned_data["course"]
        return CoursePage.objects.order_by("path").first()

    def get_filtered_queryset(self):
        course = self.get_course()
        if course is None:
            return []
        progress = CourseProgress.build(course, learner=None)
        who = Q(lesson_key__in=[lesson.key for lesson in progress.lessons])
        who &= self.learner_filter()
        language = chosen_language(self.filters)
        if language:
            who &= Q(lesson__locale__language_code=language)
        completions = list(
            LessonCompletion.objects.filter(who).values_list("learner_id", "lesson_key")
        )
        attempts = (
            QuizAttempt.objects.filter(who)
            .values_list("learner_id", "lesson_key")
            .distinct()
        )
        return completion_funnel(progress, [*attempts, *completions], completions)

    def learner_filter(self):
        who = learners_visible_to(self.request.user)
        chosen = (
            self.filters.form.cleaned_data.get("organisation")
            if self.filters and self.filters.is_valid()
            else None
        )
        if chosen is not None:
            who &= Q(learner__enrolment__organisation=chosen)
        return who

    def get_filename(self):
        return f"completion-funnel-{datetime.date.today():%Y-%m-%d}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["drop_off"] = [
            Bar(
                step.title,
                step.drop_off or 0,
                _("{share} did not finish").format(share=step.drop_off_text)
                if step.drop_off is not None
                else _("Fewer than {count} learners started").format(count=MIN_GROUP),
            )
            for step in self.object_list
            if step.level == "lesson"
        ]
        return context


class ContentHealthFilterSet(ByLanguageFilterSet):
    language = LanguageFilter(method="noop")

    class Meta:
        model = LessonPage
        fields = []


class ContentHealthView(ReadableReport):
    """Lessons, stages, guides and help lines that need attention, each linked to
    where to fix it; each page held to the rules of its own language."""

    page_title = gettext_lazy("Content health")
    header_icon = "warning"
    index_url_name = "content_health_report"
    index_results_url_name = "content_health_report_results"
    results_template_name = "reports/content_health_results.html"
    filterset_class = ContentHealthFilterSet
    paginate_by = 100
    columns = [
        TitleColumn(
            "title",
            label=gettext_lazy("Needs attention"),
            get_url=lambda row: row.edit_url,
        ),
        Column("kind", label=gettext_lazy("Type")),
        Column("language", label=gettext_lazy("Language")),
        Column("problem", label=gettext_lazy("Why")),
    ]
    list_export = ["title", "kind", "language", "problem"]
    export_headings = {
        "title": gettext_lazy("Item"),
        "kind": gettext_lazy("Type"),
        "language": gettext_lazy("Language"),
        "problem": gettext_lazy("Why"),
    }

    def get_queryset(self):
        return LessonPage.objects.none()

    @cached_property
    def language(self):
        return chosen_language(self.filters)

    def get_filtered_queryset(self):
        lessons = LessonPage.objects.live().select_related("locale")
        guides = GuidePage.objects.live().select_related("locale")
        lines = help_lines_visible_to(self.request.user)
        if self.language:
            lessons = lessons.filter(locale__language_code=self.language)
            guides = guides.filter(locale__language_code=self.language)
            lines = lines.filter(language__in=("", self.language))
        return content_health(lessons.order_by("path"), guides.order_by("path"), lines)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        languages = content_languages()
        if self.language:
            languages = [(c, n) for c, n in languages if c == self.language]
        context["reading_rules"] = reading_rules(languages)
        return context

    def get_filename(self):
        return f"content-health-{datetime.date.today():%Y-%m-%d}"

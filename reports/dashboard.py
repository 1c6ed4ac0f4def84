"""The course at a glance on the admin's home page: learners this week, what needs an
editor's attention and help lines due for checking. Each figure comes from the
reports' own rules (the small-number rule, content health, needs_verification) and is
scoped as the reports are, by the tenancy rule."""

import datetime

from django.urls import reverse
from django.utils import timezone

from wagtail.admin.ui.components import Component

from course.models import LessonCompletion
from home.models import SupportService
from lessons.models import GuidePage, LessonPage, QuestionAnswer, QuizAttempt
from organisations.models import help_lines_visible_to, learners_visible_to

from .analytics import hardest, shown
from .health import content_health
from .views import figures_for

WEEK = datetime.timedelta(days=7)
SHOWN = 5  # items of each list on the panel; the reports have the rest


def learners_this_week(user):
    since = timezone.now() - WEEK
    who = learners_visible_to(user)
    learners = set(
        QuizAttempt.objects.filter(who, submitted_at__gte=since).values_list(
            "learner_id", flat=True
        )
    )
    learners |= set(
        LessonCompletion.objects.filter(who, completed_at__gte=since).values_list(
            "learner_id", flat=True
        )
    )
    return shown(len(learners))


def may_check_help_lines(user):
    """Only those who may edit help lines are asked to check them."""
    policy = SupportService.snippet_viewset.permission_policy
    return policy.user_has_permission(user, "change")


class CoursePanel(Component):
    template_name = "reports/course_panel.html"
    order = 50  # above Wagtail's own panels

    def __init__(self, request):
        self.user = request.user

    def get_context_data(self, parent_context):
        lessons = LessonPage.objects.live().select_related("locale").order_by("path")
        problems = content_health(
            lessons,
            GuidePage.objects.live().select_related("locale").order_by("path"),
            [],
        )
        due = [
            line for line in help_lines_visible_to(self.user) if line.needs_verification
        ]
        answers = QuestionAnswer.objects.filter(
            learners_visible_to(self.user, path="attempt__learner")
        )
        return {
            "learners_this_week": learners_this_week(self.user),
            "problems": problems[:SHOWN],
            "more_problems": len(problems) > SHOWN,
            "hardest": hardest(figures_for(lessons, answers), 3),
            "checks_lines": may_check_help_lines(self.user),
            "lines_due": due[:SHOWN],
            "lines_due_count": len(due),
            "health_url": reverse("content_health_report"),
            "questions_url": reverse("quiz_question_report"),
            "lines_url": reverse("wagtailsnippets_home_supportservice:list"),
        }

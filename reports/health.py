"""Content health: what in the course needs an editor's attention, and why. The rules
themselves live with the lessons (lessons/health.py); this gathers them into the report."""

from collections import defaultdict
from dataclasses import dataclass

from django.urls import reverse

from wagtail.models import Page

from course.models import StagePage
from lessons.health import lesson_problems, reading_problems, stage_problems


@dataclass(frozen=True)
class Problem:
    title: str
    kind: str
    problem: str
    edit_url: str


def _edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def content_health(lessons, guides, services):
    rows = []
    by_stage = defaultdict(list)
    for lesson in lessons:
        by_stage[lesson.path[: -Page.steplen]].append(lesson)
        rows += [
            Problem(lesson.title, "Lesson", problem, _edit_url(lesson))
            for problem in lesson_problems(lesson)
        ]
    for stage in StagePage.objects.filter(path__in=by_stage).order_by("path"):
        rows += [
            Problem(stage.title, "Stage", problem, _edit_url(stage))
            for problem in stage_problems(by_stage[stage.path])
        ]
    for guide in guides:
        rows += [
            Problem(guide.title, "Guide", problem, _edit_url(guide))
            for problem in reading_problems(guide)
        ]
    for service in services:
        if service.needs_verification:
            url = reverse(
                "wagtailsnippets_home_supportservice:edit", args=(service.pk,)
            )
            rows.append(
                Problem(str(service), "Help line", _verification_problem(service), url)
            )
    return rows


def _verification_problem(service):
    if service.last_verified is None:
        return "Never checked: verify the number and website for your region"
    return f"Last checked on {service.last_verified:%d %B %Y}, over a year ago"

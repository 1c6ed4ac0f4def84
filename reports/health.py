"""Content health: what in the course needs an editor's attention, and why. The rules
themselves live with the lessons (lessons/health.py); this gathers them into the report."""

from collections import defaultdict
from dataclasses import dataclass

from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

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
            Problem(lesson.title, _("Lesson"), problem, _edit_url(lesson))
            for problem in lesson_problems(lesson)
        ]
    for stage in StagePage.objects.filter(path__in=by_stage).order_by("path"):
        rows += [
            Problem(stage.title, _("Stage"), problem, _edit_url(stage))
            for problem in stage_problems(by_stage[stage.path])
        ]
    for guide in guides:
        rows += [
            Problem(guide.title, _("Guide"), problem, _edit_url(guide))
            for problem in reading_problems(guide)
        ]
    for service in services:
        if service.needs_verification:
            url = reverse(
                "wagtailsnippets_home_supportservice:edit", args=(service.pk,)
            )
            rows.append(
                Problem(
                    str(service), _("Help line"), _verification_problem(service), url
                )
            )
    return rows


def _verification_problem(service):
    if service.last_verified is None:
        return _("Never checked: verify the number and website for your region")
    # Translators: Django's date format letters, for a date like "05 March 2026".
    checked = format_date(service.last_verified, pgettext("date of a check", "d F Y"))
    return _("Last checked on {date}, over a year ago").format(date=checked)

"""Content health: what in the course needs an editor's attention, and why. The rules
themselves live with the lessons (lessons/health.py); this gathers them into the report.
Each page is held to the rules in its own language: reading level by a formula made
for that language (reading_rules says which, for the report)."""

from collections import defaultdict
from dataclasses import dataclass

from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from wagtail.models import Page

from course.models import StagePage
from lessons.health import (
    language_of,
    lesson_problems,
    reading_formula,
    reading_problems,
    stage_problems,
)

from .languages import language_name


@dataclass(frozen=True)
class Problem:
    title: str
    kind: str
    problem: str
    edit_url: str
    language: str = ""  # the language's name, as settings.LANGUAGES gives it


def _edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def content_health(lessons, guides, services):
    """Problems of these lessons (and their stages), guides and help lines. Pages
    are best given with their locale loaded (select_related("locale"))."""
    rows = []
    by_stage = defaultdict(list)
    for lesson in lessons:
        by_stage[lesson.path[: -Page.steplen]].append(lesson)
        rows += [
            Problem(lesson.title, _("Lesson"), problem, _edit_url(lesson), _in(lesson))
            for problem in lesson_problems(lesson)
        ]
    stages = StagePage.objects.filter(path__in=by_stage).select_related("locale")
    for stage in stages.order_by("path"):
        rows += [
            Problem(stage.title, _("Stage"), problem, _edit_url(stage), _in(stage))
            for problem in stage_problems(by_stage[stage.path])
        ]
    for guide in guides:
        rows += [
            Problem(guide.title, _("Guide"), problem, _edit_url(guide), _in(guide))
            for problem in reading_problems(guide)
        ]
    for service in services:
        if service.needs_verification:
            url = reverse(
                "wagtailsnippets_home_supportservice:edit", args=(service.pk,)
            )
            rows.append(
                Problem(
                    str(service),
                    _("Help line"),
                    _verification_problem(service),
                    url,
                    # A line in no language in particular is listed in every one.
                    language_name(service.language)
                    if service.language
                    else _("Every language"),
                )
            )
    return rows


def _in(page):
    return language_name(language_of(page))


def reading_rules(languages):
    """[(language name, how its reading level is measured and the limit)] for these
    (code, name) pairs: the formula made for each, or the lack of one."""
    return [(name, _rule(reading_formula(code))) for code, name in languages]


def _rule(formula):
    if formula is None:
        return _("no formula made for this language, so it is not measured")
    if formula.higher_is_easier:
        return _(
            "{formula} reading ease (0 to 100, higher is easier), {least} or above"
        ).format(formula=formula.name, least=formula.limit)
    return _("{formula} school grade, {most} or below").format(
        formula=formula.name, most=formula.limit
    )


def _verification_problem(service):
    if service.last_verified is None:
        return _("Never checked: verify the number and website for your region")
    # Translators: Django's date format letters, for a date like "05 March 2026".
    checked = format_date(service.last_verified, pgettext("date of a check", "d F Y"))
    return _("Last checked on {date}, over a year ago").format(date=checked)

"""Where a learner is: reading times in words, the place to continue from on the home
page, and every lesson's state for *Your progress*. Tags here, in `course`, so that the
home page (home) and *Your progress* (learners), which are lower in the layers
(docs/architecture.md), can show a learner's progress without importing course."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext

from wagtail.models import Site

from ..models import CoursePage

register = template.Library()

# A lesson's state on *Your progress*, and how it is said.
STATES = {
    "done": _("Finished"),
    "started": _("Started"),
    "new": _("Not started"),
    "locked": _("Locked"),
}


@register.filter
def duration(minutes):
    """'about 25 minutes', 'about 1 hour 10 minutes' (to the nearest 5 past an hour)."""
    minutes = int(minutes or 0)
    if minutes < 60:
        return ngettext(
            "about %(minutes)d minute", "about %(minutes)d minutes", minutes
        ) % {"minutes": minutes}
    hours, left = divmod(5 * round(minutes / 5), 60)
    if not left:
        return ngettext("about %(hours)d hour", "about %(hours)d hours", hours) % {
            "hours": hours
        }
    # Translators: "about 1 hour 10 minutes"; the minutes are always 5 or more.
    return ngettext(
        "about %(hours)d hour %(minutes)d minutes",
        "about %(hours)d hours %(minutes)d minutes",
        hours,
    ) % {"hours": hours, "minutes": left}


@register.simple_tag
def certificate_date():
    """Today, as the completion page prints it: 30 November 2026, 30 de noviembre de
    2026."""
    # Translators: the completion page's date, in Django's date format
    # (https://docs.djangoproject.com/en/stable/ref/templates/builtins/#date).
    return date_format(timezone.localdate(), pgettext("certificate date", "j F Y"))


@register.simple_tag(takes_context=True)
def course_progress(context, course):
    """This learner's progress through a course, or None for a visitor who has not
    recorded anything (whose page stays the same for everyone, so our proxy may keep
    it: home/edge_cache.py)."""
    request = context["request"]
    if getattr(request, "learner", None) is None:
        return None
    return course.progress_for(request)


@register.simple_tag(takes_context=True)
def lessons_by_state(context):
    """Every course of the site, its stages and their lessons, each with this
    learner's state: [(course, progress, [(stage, [(lesson, state, label)])])]."""
    request = context["request"]
    site = Site.find_for_request(request)
    if site is None:
        return []
    learner = getattr(request, "learner", None)
    # A lesson whose quiz they have tried but not yet passed is started. (A reverse
    # relation from lessons.QuizAttempt: read by name, so nothing here imports it.)
    tried = (
        set(learner.quiz_attempts.values_list("lesson_key", flat=True))
        if learner
        else set()
    )
    courses = CoursePage.objects.live().public().descendant_of(site.root_page.localized)
    found = []
    for course in courses.order_by("path"):
        progress = course.progress_for(request)
        stages = [
            (stage, [(lesson, *state_of(lesson, tried)) for lesson in stage.lessons])
            for stage in progress.stages
        ]
        found.append((course, progress, stages))
    return found


def state_of(lesson, tried):
    if lesson.done:
        state = "done"
    elif not lesson.is_open:
        state = "locked"
    elif lesson.key in tried:
        state = "started"
    else:
        state = "new"
    return state, STATES[state]

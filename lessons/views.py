from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext

from taggit.models import Tag

from course.models import CoursePage
from home.http import allow_methods

from .models import GuidePage, LessonPage


@allow_methods("GET", "HEAD")
def search(request):
    """Search lessons and guides. What people look for here is private: queries are
    cut from every log (home/logging.py)."""
    query = "".join(ch for ch in request.GET.get("q", "") if ch.isprintable())
    query = query.strip()[:200]
    # SQLite's full-text syntax fails on a lone double quote: search the words.
    words = query.replace('"', " ").strip()
    results = []
    if words:
        results = [
            *GuidePage.objects.live().public().search(words),
            *LessonPage.objects.live().public().search(words),
        ]
    return render(
        request,
        "lessons/search.html",
        {"query": query, "results": found(request, results)},
    )


@allow_methods("GET", "HEAD")
def topic(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    pages = [
        *GuidePage.objects.live().public().filter(tags=tag).order_by("path"),
        *LessonPage.objects.live().public().filter(tags=tag).order_by("path"),
    ]
    if not pages:
        raise Http404(gettext("Nothing has this topic."))
    return render(
        request, "lessons/topic.html", {"tag": tag, "results": found(request, pages)}
    )


@dataclass(frozen=True)
class Found:
    page: object
    waiting_for: object  # the stage to finish first, or None when the page is open
    open_to_all: bool  # a guide, or a lesson an editor marked always open


def found(request, pages):
    """Each page and whether this learner can open it, so a list never sends someone
    to a lesson that turns them away unannounced."""
    courses = list(CoursePage.objects.live())
    progress = {}
    results = []
    for page in pages:
        waiting_for = None
        course = next((c for c in courses if page.path.startswith(c.path)), None)
        if course is None:
            continue  # its course is not published
        if isinstance(page, LessonPage):
            if course.pk not in progress:
                progress[course.pk] = course.progress_for(request)
            if progress[course.pk].lesson(page.pk) is None:
                continue  # under a stage that is not published
            waiting_for = progress[course.pk].waiting_for(page.pk)
        open_to_all = not isinstance(page, LessonPage) or page.always_open
        results.append(Found(page, waiting_for, open_to_all))
    return results

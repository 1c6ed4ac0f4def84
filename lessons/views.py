from django.http import Http404
from django.shortcuts import get_object_or_404, render

from taggit.models import Tag

from home.http import allow_methods

from .models import LessonPage


@allow_methods("GET", "HEAD")
def search(request):
    """Search lessons. Queries are not logged: what people look for here is private."""
    query = request.GET.get("q", "").strip()[:200]
    results = LessonPage.objects.live().public().search(query) if query else []
    return render(request, "lessons/search.html", {"query": query, "results": results})


@allow_methods("GET", "HEAD")
def topic(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    lessons = LessonPage.objects.live().public().filter(tags=tag).order_by("path")
    if not lessons:
        raise Http404("No lessons have this topic.")
    return render(request, "lessons/topic.html", {"tag": tag, "lessons": lessons})

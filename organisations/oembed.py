"""oEmbed (https://oembed.com/) for our own course pages, and the card it embeds.

The card is deliberately simple: WordPress puts untrusted oEmbed frames in a sandbox
that allows scripts only (no cookies, storage or forms, an opaque origin), so it shows
the course's title and summary and a link that opens the course in a new tab.
"""

from urllib.parse import urlsplit

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from wagtail.models import Page, Site

from course.models import CoursePage
from home.http import allow_methods, bad_request

from .embed import frame_for
from .views import language_of

CARD_WIDTH, CARD_HEIGHT = 600, 340


def course_for_url(request, url):
    """The live course at this URL on this site, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc != request.get_host():
        return None
    site = Site.find_for_request(request)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    page = (
        Page.objects.live()
        .filter(url_path=site.root_page.url_path + path.lstrip("/"))
        .first()
    )
    return page.specific if page and isinstance(page.specific, CoursePage) else None


def dimension(request, name, default):
    raw = request.GET.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) == 0:
        raise ValueError(name)
    return min(default, int(raw))


@allow_methods("GET", "HEAD")
def oembed(request):
    url = request.GET.get("url", "")
    if not url:
        return bad_request(
            request, _("An oEmbed request needs the address of a course (url=…).")
        )
    if request.GET.get("format", "json") != "json":
        return HttpResponse(
            _("Only the JSON format is available."),
            status=501,
            content_type="text/plain",
        )
    try:
        width, height = (
            dimension(request, "maxwidth", CARD_WIDTH),
            dimension(request, "maxheight", CARD_HEIGHT),
        )
    except ValueError as error:
        return bad_request(
            request,
            _("{name} must be a whole number of pixels.").format(name=error),
        )
    course = course_for_url(request, url)
    if course is None:
        raise Http404(_("We only describe our own courses."))
    card = request.build_absolute_uri(reverse("course_card", args=(course.pk,)))
    html = format_html(
        '<iframe src="{}" title="{}" width="{}" height="{}" style="border:0" loading="lazy"></iframe>',
        card,
        course.title,
        width,
        height,
    )
    base = request.build_absolute_uri("/")
    return JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "title": course.title,
            "provider_name": "Alongside",
            "provider_url": base,
            "html": html,
            "width": width,
            "height": height,
            "cache_age": 3600,
        }
    )


@allow_methods("GET", "HEAD")
def course_card(request, course_id):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    # In the course's own language, wherever the card is shown.
    with translation.override(language_of(course)):
        response = render(
            request,
            "organisations/card.html",
            {"course": course, "course_url": request.build_absolute_uri(course.url)},
        )
    # Anyone may show the card: it is a public summary with a link.
    return frame_for(response, ["*"])

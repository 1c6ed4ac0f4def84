from django.conf import settings
from django.shortcuts import render

from .http import allow_methods
from .models import SupportService


@allow_methods("GET", "HEAD")
def get_help(request):
    return render(
        request,
        "home/get_help.html",
        {"services": SupportService.objects.filter(organisation__isnull=True)},
    )


@allow_methods("GET", "HEAD")
def browsing_safely(request):
    return render(request, "home/browsing_safely.html")


def site_cookies():
    """Every cookie this site can set, for the privacy page. Names come from settings
    so the page stays true when they change."""
    year = "1 year"
    return [
        (
            settings.LEARNER_COOKIE_NAME,
            "Links this browser to your progress, so it is kept between visits. Set when you first answer a quiz or mark a lesson done.",
            year,
        ),
        (
            settings.CSRF_COOKIE_NAME,
            "Security: proves that a form was sent from this site.",
            year,
        ),
        (
            settings.SESSION_COOKIE_NAME,
            "Keeps you signed in, if you have an account.",
            "2 weeks, or until you sign out",
        ),
        (
            "messages",
            "Carries a short message (such as “You finished this lesson”) to the next page.",
            "Until the message is shown",
        ),
    ]


@allow_methods("GET", "HEAD")
def privacy(request):
    return render(request, "home/privacy.html", {"cookies": site_cookies()})

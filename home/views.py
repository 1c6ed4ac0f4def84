from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext

from .http import allow_methods, bad_request
from .safety import safety_for

PLACE_KEPT_FOR = 365 * 24 * 60 * 60  # a year, in seconds


@allow_methods("GET", "HEAD")
def get_help(request):
    return render(
        request, "home/get_help.html", {"services": safety_for(request).help_lines}
    )


@allow_methods("POST")
def choose_place(request):
    """Keep the learner's place on this device, or forget it (an empty choice), and
    show the help lines there. The address carries the place too, for browsers that
    do not keep the cookie (an organisation's embed on another website)."""
    slug = request.POST.get("place", "")
    places = {place.slug for place in safety_for(request).places}
    if slug and slug not in places:
        return bad_request(
            request, gettext("That place is not one we list help lines for.")
        )
    address = reverse("get_help")
    if slug:
        address += "?" + urlencode({"place": slug})
    response = redirect(address)
    if slug:
        response.set_cookie(
            settings.PLACE_COOKIE_NAME,
            slug,
            max_age=PLACE_KEPT_FOR,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    else:
        response.delete_cookie(settings.PLACE_COOKIE_NAME, samesite="Lax")
    return response


@allow_methods("GET", "HEAD")
def browsing_safely(request):
    return render(request, "home/browsing_safely.html")


def csrf_failure(request, reason=""):
    """A friendly page instead of Django's technical one when a form's token is missing."""
    return render(request, "403_csrf.html", status=403)

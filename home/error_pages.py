"""The pages shown when the site cannot answer: 500, and 503 while the database is
out of reach. They carry the quick exit and the help lines like every other page, so
they are written to files while the site is well (from what is published) and shown
from there, needing no database. A web server in front can serve the same files
when no app server answers at all."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.models import Site

from .safety import safety_of_site

PAGES = {
    500: {
        "heading": _("Something went wrong on our side"),
        "message": _("Please try again in a moment. Nothing you did caused this."),
    },
    503: {
        "heading": _("The course is resting for a moment"),
        "message": _(
            "We are busy putting something right. Please try again in a few minutes: "
            "your progress is safe."
        ),
    },
}


def path_of(status, language=None):
    """The page for a status: 500.html in the default language (which a web server in
    front serves), 500.es.html and so on in each other language."""
    if language is None or language == settings.LANGUAGE_CODE:
        return settings.ERROR_PAGES_DIR / f"{status}.html"
    return settings.ERROR_PAGES_DIR / f"{status}.{language}.html"


def write_error_pages():
    """Write every error page from the default site's published help lines and quick
    exit. Run when they are published, by load_course and by housekeeping."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    settings.ERROR_PAGES_DIR.mkdir(parents=True, exist_ok=True)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            # The help lines for that language's readers.
            safety = safety_of_site(site)
            for status, words in PAGES.items():
                html = render_to_string(
                    "errors/unavailable.html", {"safety": safety, **words}
                )
                path = path_of(status, language)
                temporary = path.with_suffix(".tmp")
                temporary.write_text(html)
                temporary.replace(path)  # never a half-written page


def error_response(status):
    try:
        # In the language of the address asked for (LocaleMiddleware set it).
        html = path_of(status, translation.get_language()).read_text()
    except OSError:
        # Not written yet: the plain page, which still says to call for help.
        html = render_to_string("500.html")
    response = HttpResponse(html, status=status)
    if status == 503:
        response["Retry-After"] = "60"
    return response


def server_error(request):
    """Django's handler500. It runs while the exception is being handled, so it can
    tell a database out of reach (restarting, failing over: a calm 503 that asks to
    try again) from a fault of ours (a 500). Both are logged with their traceback."""
    if isinstance(sys.exception(), (OperationalError, InterfaceError)):
        return error_response(503)
    return error_response(500)

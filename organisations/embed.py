"""The course inside another website's frame.

Embedded pages live under /embed/<organisation>/<learner key>/. The middleware treats
that prefix like a WSGI script name: it strips it before URL resolution and sets it as
Django's script prefix, so every URL Django and Wagtail generate (page links, forms,
redirects) stays inside the embed and carries the learner's key. Nothing depends on
cookies, which browsers block in third-party frames (Safari always does).

So that a reload or a new visit finds the same progress, the embed's start also keeps
the key in a cookie partitioned to the organisation's website (CHIPS), which browsers
that block third-party cookies still keep, for that website only; embed-frame.js keeps
it in the frame's partitioned storage too, for browsers without CHIPS.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseForbidden
from django.template.loader import render_to_string
from django.urls import get_script_prefix, set_script_prefix
from django.utils.crypto import salted_hmac
from django.utils.functional import SimpleLazyObject

from home.http import not_found
from home.safety import site_safety

from .models import Organisation

# "~compact" after the key keeps the embed compact on every page inside it (it
# becomes part of the script prefix); no page's slug can hold "~".
LEARNER_KEY = re.compile(r"[-\w]{40,}")
EMBED_PATH = re.compile(
    rf"^/embed/(?P<org>[-\w]+)/(?P<key>{LEARNER_KEY.pattern})"
    r"(?P<compact>/~compact)?(?P<rest>/.*)$"
)
COMPACT = "/~compact"
# Marks the first page of an embed started by the browser (not by a learning system,
# which keeps the key itself): there the frame learns whether the browser kept it.
STARTED = "started"
# Sign-in forms (accounts, and Wagtail's page-password form) never run in a frame.
NOT_EMBEDDABLE = ("/admin/", "/django-admin/", "/account/", "/_util/")


def frame_for(response, origins):
    """Let only these origins frame the response (and no one else)."""
    response.xframe_options_exempt = True
    response._csp_replace = {
        **getattr(response, "_csp_replace", {}),
        # 'self': the admin's preview of the embed.
        "frame-ancestors": ["'self'", *origins],
    }
    return response


def embed_url(organisation, key, path="/"):
    """An address inside the organisation's embed, for the learner with this key."""
    return f"/embed/{organisation.slug}/{key}{path}"


def remembered_key(request):
    """The learner key this browser keeps for the organisation's embed, if any."""
    key = request.COOKIES.get(settings.EMBED_LEARNER_COOKIE_NAME, "")
    return key if LEARNER_KEY.fullmatch(key) else None


def remember(response, organisation, key):
    """Keep the key in a cookie partitioned to the website around the frame, sent
    only to this organisation's embed. Set by hand: Django 5.2's set_cookie cannot
    say Partitioned, and without it browsers that block third-party cookies drop it."""
    response["Set-Cookie"] = (
        f"{settings.EMBED_LEARNER_COOKIE_NAME}={key}; "
        f"Max-Age={settings.LEARNER_COOKIE_AGE}; Path=/embed/{organisation.slug}/; "
        "Secure; HttpOnly; SameSite=None; Partitioned"
    )
    return response


def csrf_secret_for(key):
    # 32 hexadecimal characters: the length and alphabet of Django's CSRF secrets.
    return salted_hmac("embed-csrf-secret", key, algorithm="sha256").hexdigest()[:32]


class EmbedMiddleware:
    """Serves /embed/<organisation>/<learner key>/... as the organisation's course.

    It runs before the learner middleware, which finds the learner by the key in the
    address (and answers 404 when the key names nobody)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = EMBED_PATH.match(request.path_info)
        if not match:
            return self.get_response(request)
        # The published version only: a draft organisation has no embed, and a
        # change waiting for review reaches no learner.
        organisation = Organisation.objects.live().filter(slug=match["org"]).first()
        rest = match["rest"]
        if organisation is None or rest.startswith(NOT_EMBEDDABLE):
            return not_found(request)
        if request.method == "POST" and not self.same_origin(request):
            return HttpResponseForbidden(
                render_to_string("403_csrf.html", request=request)
            )
        request.organisation, request.embedded = organisation, True
        request.learner_key_in_address = match["key"]
        request.embed_compact = bool(match["compact"])
        request.embed_kept_by_browser = remembered_key(request) == match["key"]
        # Set by embed-frame.js at the quick exit (named here, for the privacy page).
        request.embed_left_cookie = settings.EMBED_LEFT_COOKIE_NAME
        request.embed_may_forget = (
            STARTED in request.GET and not request.embed_kept_by_browser
        )
        request.safety = SimpleLazyObject(
            lambda: organisation.safety(site_safety(request))
        )
        # Browsers block cookies in another site's frame, so the embed's CSRF secret
        # cannot come in a cookie: it is derived from the key in the address, and
        # handed to Django's CSRF middleware as if a cookie had brought it. Forms in
        # the frame carry tokens of it; a POST without one is refused.
        secret = csrf_secret_for(match["key"])
        request.COOKIES[settings.CSRF_COOKIE_NAME] = secret
        request.META["CSRF_COOKIE"] = secret
        path = request.path_info
        prefix, request.path_info = path[: len(path) - len(rest) + 1], rest
        previous = get_script_prefix()
        set_script_prefix(prefix)
        try:
            response = self.get_response(request)
        finally:
            set_script_prefix(previous)
        # Never sent back as a cookie, where it would outlive the frame.
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
        new_key = getattr(request, "new_learner_key", None)
        if new_key:
            self.move_to_key(request, response, organisation, match["key"], new_key)
        return frame_for(response, organisation.origins)

    @staticmethod
    def move_to_key(request, response, organisation, old_key, new_key):
        """A learner who resumes with a code inside the frame carries on under the
        key the code opened: in the addresses, and where the browser keeps it."""
        response.cookies.pop(settings.LEARNER_COOKIE_NAME, None)
        if response.has_header("Location"):
            location = response["Location"].replace(
                embed_url(organisation, old_key), embed_url(organisation, new_key)
            )
            # As after a start: the page tells whether the browser kept the key.
            response["Location"] = f"{location}?{STARTED}"
        if request.embed_kept_by_browser:
            remember(response, organisation, new_key)

    @staticmethod
    def same_origin(request):
        """A form posted by a page of ours. Browsers send Origin with every POST;
        failing that, a Referer of ours will do. A POST with neither is refused."""
        sent_from = request.headers.get("Origin") or request.headers.get("Referer")
        return bool(sent_from) and urlsplit(sent_from).netloc == request.get_host()

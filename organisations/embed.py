"""The course inside another website's frame.

Embedded pages live under /embed/<organisation>/<learner key>/. The middleware treats
that prefix like a WSGI script name: it strips it before URL resolution and sets it as
Django's script prefix, so every URL Django and Wagtail generate (page links, forms,
redirects) stays inside the embed and carries the learner's key. Nothing depends on
cookies, which browsers block in third-party frames (Safari always does).
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

EMBED_PATH = re.compile(r"^/embed/(?P<org>[-\w]+)/(?P<key>[-\w]{40,})(?P<rest>/.*)$")
# Sign-in forms (accounts, and Wagtail's page-password form) never run in a frame.
NOT_EMBEDDABLE = ("/admin/", "/django-admin/", "/account/", "/_util/")


def frame_for(response, origins):
    """Let only these origins frame the response (and no one else)."""
    response.xframe_options_exempt = True
    response._csp_replace = {
        **getattr(response, "_csp_replace", {}),
        "frame-ancestors": origins or ["'none'"],
    }
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
        return frame_for(response, organisation.origins)

    @staticmethod
    def same_origin(request):
        """A form posted by a page of ours. Browsers send Origin with every POST;
        failing that, a Referer of ours will do. A POST with neither is refused."""
        sent_from = request.headers.get("Origin") or request.headers.get("Referer")
        return bool(sent_from) and urlsplit(sent_from).netloc == request.get_host()

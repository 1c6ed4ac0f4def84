"""HTTP answers shared by every app: a person-readable page for each 4xx, and who
is asking (the client's address, behind the proxies we trust)."""

from functools import wraps

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
    HttpResponseNotFound,
)
from django.template.loader import render_to_string
from django.utils.translation import gettext


def request_error_page(request, message, page=None):
    """The page for a request we cannot act on: what went wrong, and a way back."""
    return render_to_string(
        "400.html", {"message": message, "page": page}, request=request
    )


def bad_request(request, message, page=None):
    return HttpResponseBadRequest(request_error_page(request, message, page))


def method_not_allowed(request, methods, page=None):
    message = gettext(
        "This address only accepts a form sent from its page. Nothing was saved."
    )
    return HttpResponseNotAllowed(
        methods, content=request_error_page(request, message, page)
    )


def not_found(request):
    return HttpResponseNotFound(render_to_string("404.html", request=request))


def too_many_attempts(request, credentials, *args, **kwargs):
    """django-axes' answer to a client locked out for guessing."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return HttpResponse(
        render_to_string("429.html", {"minutes": minutes}, request=request),
        status=429,
    )


def client_ip(request):
    """The client's address. X-Forwarded-For is trusted only as far as
    TRUSTED_PROXY_COUNT proxies of ours appended to it; anything further left was
    written by the client and could be anything."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        if len(forwarded) >= proxies and forwarded[-proxies]:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def allow_methods(*methods):
    """Like require_http_methods, with a page a person can read. Works on plain views
    and on page methods (which take the page before the request)."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            page, request = (
                (None, args[0]) if isinstance(args[0], HttpRequest) else args[:2]
            )
            if request.method not in methods:
                return method_not_allowed(request, methods, page)
            return view(*args, **kwargs)

        return wrapper

    return decorator


class ReadOnlyPageMixin:
    """For pages that only show things: other methods get a 405, not the page."""

    def serve(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return method_not_allowed(request, ["GET", "HEAD"], self)
        return super().serve(request, *args, **kwargs)

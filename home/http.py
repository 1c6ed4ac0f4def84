"""HTTP answers shared by every app: a person-readable page for each 4xx."""

from functools import wraps

from django.http import HttpRequest, HttpResponseBadRequest, HttpResponseNotAllowed
from django.template.loader import render_to_string


def method_not_allowed(request, methods, page=None):
    return HttpResponseNotAllowed(
        methods, content=render_to_string("405.html", {"page": page}, request=request)
    )


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


def bad_request(request, message, page=None):
    return HttpResponseBadRequest(
        render_to_string(
            "400.html", {"message": message, "page": page}, request=request
        )
    )

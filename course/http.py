"""Small HTTP helpers shared by the course and lesson pages."""

from functools import wraps

from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from django.template.loader import render_to_string


def allow_methods(*methods):
    """Like require_http_methods, for page methods (which take self before request),
    answering other methods with a page a person can read."""

    def decorator(view):
        @wraps(view)
        def wrapper(page, request, *args, **kwargs):
            if request.method not in methods:
                response = HttpResponseNotAllowed(
                    methods,
                    content=render_to_string(
                        "405.html", {"page": page}, request=request
                    ),
                )
                return response
            return view(page, request, *args, **kwargs)

        return wrapper

    return decorator


def bad_request(request, message, page=None):
    return HttpResponseBadRequest(
        render_to_string(
            "400.html", {"message": message, "page": page}, request=request
        )
    )

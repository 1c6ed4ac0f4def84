from django.shortcuts import render

from .http import allow_methods
from .safety import safety_for


@allow_methods("GET", "HEAD")
def get_help(request):
    return render(
        request, "home/get_help.html", {"services": safety_for(request).help_lines}
    )


@allow_methods("GET", "HEAD")
def browsing_safely(request):
    return render(request, "home/browsing_safely.html")


def csrf_failure(request, reason=""):
    """A friendly page instead of Django's technical one when a form's token is missing."""
    return render(request, "403_csrf.html", status=403)

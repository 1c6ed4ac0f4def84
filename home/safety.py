"""What keeps a learner safe on every page: the help lines to show and where the quick
exit goes.

It is worked out once per request, by `safety_for(request)`, and everything that shows
it (the footer, the get-help page, the quick exit) reads that one answer, so a page
can never show one list in its footer and another in its body. Something that serves
a request on another's behalf (an organisation's embed) sets `request.safety` to its
own answer before the view runs.
"""

from dataclasses import dataclass

from django.utils.functional import SimpleLazyObject

from .models import SiteSettings, SupportService


@dataclass(frozen=True)
class Safety:
    help_lines: list
    quick_exit_url: str
    # Regional and specialist lines for the full list; read only where it is shown.
    more_help_lines: object = ()


def site_safety(request):
    """The site's own answer: its main list of help lines and its quick exit."""
    return Safety(
        help_lines=list(SupportService.objects.main_list()),
        quick_exit_url=SiteSettings.for_request(request).quick_exit_url,
        more_help_lines=SupportService.objects.more_lines(),  # a lazy queryset
    )


def safety_for(request):
    if not hasattr(request, "safety"):
        request.safety = SimpleLazyObject(lambda: site_safety(request))
    return request.safety


def safety(request):
    """Template context processor: `safety` on every page."""
    return {"safety": safety_for(request)}

"""What keeps a learner safe on every page: the help lines to show, where the quick
exit goes and whether the browser tab shows a neutral title.

It is worked out once per request, by `safety_for(request)`, and everything that shows
it (the footer, the get-help page, the quick exit) reads that one answer, so a page
can never show one list in its footer and another in its body. Something that serves
a request on another's behalf (an organisation's embed) sets `request.safety` to its
own answer before the view runs.

Only what a reviewer has published gets here: live help lines and the site's
published safety settings. Drafts and changes waiting for review never do.
"""

from dataclasses import dataclass, replace

from django.utils.functional import SimpleLazyObject

from wagtail.models import Site

from .content_cache import cached
from .models import SafetySettings, SupportService


@dataclass(frozen=True)
class Safety:
    help_lines: list
    quick_exit_url: str
    # Regional and specialist lines for the full list; read only where it is shown.
    more_help_lines: object = ()
    # The neutral browser-tab title, or "" to show page titles.
    discreet_title: str = ""


def site_safety(request):
    """The site's own answer: its main list of help lines, its quick exit and its
    browser-tab title, as published; from the cache while no editor has changed
    anything learners see (home/content_cache.py)."""
    site = Site.find_for_request(request)
    key = f"site-safety:{site.pk if site else None}"
    return safety_of_site(site, cached(request, key, lambda: published_safety(site)))


def published_safety(site):
    """What the site's answer is made of: its help lines and settings, as published."""
    settings = SafetySettings.for_site(site)
    return list(SupportService.objects.main_list()), settings


def safety_of_site(site, published=None):
    help_lines, settings = published or published_safety(site)
    return Safety(
        help_lines=help_lines,
        quick_exit_url=settings.quick_exit_url,
        more_help_lines=SupportService.objects.more_lines(),  # a lazy queryset
        discreet_title=settings.tab_title,
    )


def previewing(request, line=None, settings=None):
    """The site's answer as it will be once this version of a help line, or of the
    safety settings, is published: what the admin's preview shows a reviewer."""
    site = site_safety(request)
    if settings is not None:
        return replace(
            site,
            quick_exit_url=settings.quick_exit_url,
            discreet_title=settings.tab_title,
        )
    main = [other for other in site.help_lines if other.pk != line.pk]
    more = [other for other in site.more_help_lines if other.pk != line.pk]
    # Put in its place, in the lists' own orders (SupportService.Meta, more_lines).
    if line.in_main_list:
        main = sorted(
            [*main, line], key=lambda s: (not s.is_emergency, s.sort_order or 0, s.name)
        )
    elif not (line.pk and line.organisations.exists()):
        more = sorted([*more, line], key=lambda s: (s.region, s.sort_order or 0))
    return replace(site, help_lines=main, more_help_lines=more)


def safety_for(request):
    if not hasattr(request, "safety"):
        request.safety = SimpleLazyObject(lambda: site_safety(request))
    return request.safety


def safety(request):
    """Template context processor: `safety` on every page."""
    return {"safety": safety_for(request)}

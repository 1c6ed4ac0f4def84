"""What keeps a learner safe on every page: the help lines to show, where the quick
exit goes and whether the browser tab shows a neutral title.

It is worked out once per request, by `safety_for(request)`, and everything that shows
it (the footer, the get-help page, the quick exit) reads that one answer, so a page
can never show one list in its footer and another in its body. Something that serves
a request on another's behalf (an organisation's embed) sets `request.safety` to its
own answer before the view runs.

Help lines are chosen by the learner's place (`settings.PLACE_COOKIE_NAME` or `?place=` in the
address, never required): every page shows the emergency numbers there, and the
get-help page the lines that answer there. With no place chosen, every line counts.

Only what a reviewer has published gets here: live help lines and the site's
published safety settings. Drafts and changes waiting for review never do.
"""

from dataclasses import dataclass, replace

from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from wagtail.models import Site

from .content_cache import cached
from .models import Place, SafetySettings, SupportService, written_in


@dataclass(frozen=True)
class Safety:
    # The main lines for the learner's place, emergency numbers first; inside an
    # organisation's embed, its own lines come before them.
    help_lines: list
    quick_exit_url: str
    # Specialist lines for the place, listed under "More help lines".
    more_help_lines: object = ()
    # The neutral browser-tab title, or "" to show page titles.
    discreet_title: str = ""
    # The emergency numbers for the place: shown on every page.
    emergency_lines: list = ()
    # The organisation's own lines, shown in full on every page of its embed.
    own_help_lines: list = ()
    # The learner's place (a Place), or None; and every place they may choose.
    place: object = None
    places: list = ()
    # Whether the place came from the address rather than the cookie: links to
    # the get-help page then carry it on.
    place_in_address: bool = False


def serves(line, place):
    """Whether a help line answers in the place: a line tagged with no place
    answers everywhere, and with no place chosen every line counts."""
    return place is None or not line.place_ids or place.pk in line.place_ids


def for_place(lines, place, language=None):
    """The lines that answer in the place, for a learner reading in the language
    (a line for one language's readers is left out of the others')."""
    language = language or get_language()
    found = [
        line
        for line in lines
        if serves(line, place)
        and (not line.for_its_readers_only or written_in(line) == language)
    ]
    # After the emergency numbers, the lines in the reader's own language first.
    return sorted(
        found,
        key=lambda line: (not line.is_emergency, written_in(line) != language),
    )


def site_safety(request):
    """The site's own answer for the learner's place: its help lines, its quick exit
    and its browser-tab title, as published; from the cache while no editor has
    changed anything learners see (home/content_cache.py)."""
    site = Site.find_for_request(request)
    key = f"site-safety:{site.pk if site else None}"
    published = cached(request, key, lambda: published_safety(site))
    place, in_address = chosen_place(request, published.places)
    return safety_of_site(site, published, place, in_address)


@dataclass(frozen=True)
class Published:
    main_lines: list
    more_lines: list
    places: list
    settings: SafetySettings


def with_places(lines):
    """The lines, each knowing the ids of the places it serves (one query)."""
    lines = list(lines.prefetch_related("places"))
    for line in lines:
        line.place_ids = frozenset(place.pk for place in line.places.all())
    return lines


def published_safety(site):
    """What the site's answer is made of: its help lines, places and settings, as
    published."""
    return Published(
        main_lines=with_places(SupportService.objects.main_list()),
        more_lines=with_places(SupportService.objects.more_lines()),
        places=list(Place.objects.all()),
        settings=SafetySettings.for_site(site),
    )


def chosen_place(request, places):
    """The learner's place, from the address or else the cookie, and whether it came
    from the address. An unknown place counts as none: a stale cookie or an old link
    never stops help from showing."""
    by_slug = {place.slug: place for place in places}
    in_address = request.GET.get("place", "")
    if in_address in by_slug:
        return by_slug[in_address], True
    return by_slug.get(request.COOKIES.get(settings.PLACE_COOKIE_NAME, "")), False


def safety_of_site(site, published=None, place=None, place_in_address=False):
    published = published or published_safety(site)
    settings = published.settings
    main = for_place(published.main_lines, place)
    return Safety(
        help_lines=main,
        quick_exit_url=settings.quick_exit_url,
        more_help_lines=for_place(published.more_lines, place),
        discreet_title=settings.tab_title,
        emergency_lines=[line for line in main if line.is_emergency],
        place=place,
        places=published.places,
        place_in_address=place_in_address,
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
    # The line as the form has it, with the places ticked on it.
    line.place_ids = frozenset(place.pk for place in line.places.all())
    main = [other for other in site.help_lines if other.pk != line.pk]
    more = [other for other in site.more_help_lines if other.pk != line.pk]
    # Put in its place, in the lists' own orders (SupportService.Meta, more_lines).
    if line.in_main_list and serves(line, site.place):
        main = sorted(
            [*main, line], key=lambda s: (not s.is_emergency, s.sort_order or 0, s.name)
        )
    elif serves(line, site.place) and not (line.pk and line.organisations.exists()):
        more = sorted([*more, line], key=lambda s: (s.region, s.sort_order or 0))
    return replace(
        site,
        help_lines=main,
        more_help_lines=more,
        emergency_lines=[other for other in main if other.is_emergency],
    )


def safety_for(request):
    if not hasattr(request, "safety"):
        request.safety = SimpleLazyObject(lambda: site_safety(request))
    return request.safety


def safety(request):
    """Template context processor: `safety` on every page."""
    return {"safety": safety_for(request)}

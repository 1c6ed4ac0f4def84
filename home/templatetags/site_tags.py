from django import template
from django.utils.translation import gettext

register = template.Library()


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page, ancestors=None):
    """The way back up the page tree, from the home page to this page. A view that
    knows the pages above this one (a course's cached outline) passes them."""
    if not ancestors:
        ancestors = (
            page.get_ancestors()
            .filter(depth__gt=1)
            .only("id", "title", "path", "depth", "url_path")
        )
    return {"request": context.get("request"), "ancestors": ancestors, "page": page}


@register.filter
def language_tag(code):
    """A language code as HTML's lang wants it (BCP 47): en-gb → en-GB, es → es,
    zh-hans → zh-Hans."""
    language, *rest = code.split("-")
    return "-".join(
        [language]
        + [
            part.upper() if len(part) == 2 else part.title() if len(part) == 4 else part
            for part in rest
        ]
    )


@register.filter
def help_heading(chosen):
    """The heading above the help lines: the site's own words, or while the site keeps
    the default, the default in the reader's language. (Site settings have one value
    for every language: words an editor chose show as they wrote them.)"""
    from home.models import SiteSettings

    if not chosen or chosen == SiteSettings._meta.get_field("help_heading").default:
        return gettext("Get help now")
    return chosen

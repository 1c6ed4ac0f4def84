from django import template

from home.languages import other_languages as links_for

register = template.Library()


@register.simple_tag(takes_context=True)
def other_languages(context):
    """[(code, name, address)]: this page in each other language the site has."""
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    return links_for(request, page if hasattr(page, "translation_key") else None)

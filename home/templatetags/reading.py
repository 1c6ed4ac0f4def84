from django import template

from home.comfort import SCHEMES, SIZES, reading_for

register = template.Library()


@register.simple_tag(takes_context=True)
def reading(context):
    """This browser's reading choices (home/comfort.py), for <html> and the form."""
    return reading_for(context.get("request"))


@register.inclusion_tag("includes/reading_comfort.html", takes_context=True)
def reading_form(context):
    request = context.get("request")
    return {
        "request": request,
        "chosen": reading_for(request),
        "sizes": SIZES.items(),
        "schemes": SCHEMES.items(),
    }

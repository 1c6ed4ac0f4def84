from django import template
from django.utils.html import format_html

from ..identity import FIRST_WRITE, first_write_nonce

register = template.Library()


@register.simple_tag(takes_context=True)
def first_write_field(context):
    """In a form that may be a browser's first write: the nonce that, with the
    browser's CSRF cookie, names the learner it makes (`identity.first_key`)."""
    request = context["request"]
    if getattr(request, "learner", None) is not None:
        return ""
    return format_html(
        '<input type="hidden" name="{}" value="{}">', FIRST_WRITE, first_write_nonce()
    )

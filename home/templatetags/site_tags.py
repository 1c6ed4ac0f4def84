from django import template

from home.models import SupportService

register = template.Library()


@register.inclusion_tag("includes/support_services.html", takes_context=True)
def support_services(context):
    return {
        "services": SupportService.objects.all(),
        "settings": context.get("settings"),
        "request": context.get("request"),
    }

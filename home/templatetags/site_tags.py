from django import template

from home.models import SupportService

register = template.Library()


@register.inclusion_tag("includes/support_services.html", takes_context=True)
def support_services(context):
    default_lines = SupportService.objects.filter(organisation__isnull=True)
    organisation = getattr(context.get("request"), "organisation", None)
    services = organisation.help_lines(default_lines) if organisation else default_lines
    return {
        "services": services,
        "settings": context.get("settings"),
        "request": context.get("request"),
    }


@register.simple_tag
def field_widget(field):
    """Render a form field's widget with its help text and errors tied to it, so
    screen readers read them when the field gets focus."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    attrs = {}
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)

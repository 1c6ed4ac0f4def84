from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SafetySettings, SupportService


class SupportServiceViewSet(SnippetViewSet):
    model = SupportService
    icon = "help"
    menu_label = "Help lines"
    menu_order = 250
    add_to_admin_menu = True
    list_display = [
        "name",
        "region",
        "phone",
        BooleanColumn("in_main_list", label="In the main list"),
        BooleanColumn("needs_verification", label="Needs checking"),
        "last_verified",
    ]
    list_filter = ["region", "is_emergency", "in_main_list", "live"]
    # Reordering changes what learners see at once: Wagtail allows it only to those
    # who may publish (Reviewers), as for pages.
    sort_order_field = "sort_order"


class SafetySettingsViewSet(SnippetViewSet):
    """One per site, under Settings; reviewed like the help lines."""

    model = SafetySettings
    icon = "warning"
    menu_label = "Safety settings"
    add_to_settings_menu = True
    list_display = ["__str__", "quick_exit_url", "discreet_titles"]


register_snippet(SupportServiceViewSet)
register_snippet(SafetySettingsViewSet)

from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SupportService


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
    list_filter = ["region", "is_emergency", "in_main_list"]
    sort_order_field = "sort_order"


register_snippet(SupportServiceViewSet)

from django.core.exceptions import PermissionDenied
from django.templatetags.static import static
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn, StatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Place, SafetySettings, SupportService


class ForThoseWhoManageHelpLines:
    """Wagtail lets every admin user open any snippet's chooser. Help lines are chosen
    only by those who may manage them: an organisation's staff may not, so the
    chooser never lists them a line only another organisation offers."""

    def dispatch(self, request, *args, **kwargs):
        policy = SupportService.snippet_viewset.permission_policy
        if not policy.user_has_any_permission(
            request.user, ["add", "change", "delete", "publish", "view"]
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class HelpLineChooseView(ForThoseWhoManageHelpLines, ChooseView):
    pass


class HelpLineChooseResultsView(ForThoseWhoManageHelpLines, ChooseResultsView):
    pass


class HelpLineChosenView(ForThoseWhoManageHelpLines, SnippetChosenView):
    pass


class HelpLineChosenMultipleView(ForThoseWhoManageHelpLines, SnippetChosenMultipleView):
    pass


class HelpLineChooserViewSet(SnippetChooserViewSet):
    choose_view_class = HelpLineChooseView
    choose_results_view_class = HelpLineChooseResultsView
    chosen_view_class = HelpLineChosenView
    chosen_multiple_view_class = HelpLineChosenMultipleView


def checked_state(line):
    """Whether someone has checked the line's number and website lately, in words:
    SupportService.needs_verification decides, and a tick never stands for it."""
    if not line.needs_verification:
        return _("Checked %(date)s") % {
            "date": format_date(line.last_verified, "j M Y")
        }
    if line.last_verified is None:
        return _("Needs checking")
    return _("Needs checking (last %(date)s)") % {
        "date": format_date(line.last_verified, "j M Y")
    }


class HeadedSnippetViewSet(SnippetViewSet):
    """A snippet's create and edit pages name the page in a first-level heading, as a
    page's editor does (Wagtail makes it a second-level one)."""

    create_template_name = "wagtailadmin/alongside/snippet_create.html"
    edit_template_name = "wagtailadmin/alongside/snippet_edit.html"


class SupportServiceViewSet(HeadedSnippetViewSet):
    model = SupportService
    chooser_viewset_class = HelpLineChooserViewSet
    icon = "help"
    menu_label = _("Help lines")
    menu_order = 250
    add_to_admin_menu = True
    list_display = [
        "name",
        "region",
        "phone",
        BooleanColumn("in_main_list", label=_("In the main list")),
        StatusTagColumn(
            "last_verified",
            label=_("Number and website checked"),
            accessor=checked_state,
            sort_key="last_verified",
            # Filled, so that the lines to check stand out from those checked.
            primary=lambda line: line.needs_verification,
        ),
    ]
    list_filter = ["places", "is_emergency", "in_main_list", "live"]
    # Reordering changes what learners see at once: Wagtail allows it only to those
    # who may publish (Reviewers), as for pages.
    sort_order_field = "sort_order"


class PlaceViewSet(HeadedSnippetViewSet):
    """The countries and regions learners choose from on the get-help page, in the
    order listed; each help line is tagged with the places it serves."""

    model = Place
    icon = "site"
    menu_label = _("Places for help lines")
    add_to_settings_menu = True
    list_display = ["name", "slug"]
    sort_order_field = "sort_order"


class SafetySettingsViewSet(HeadedSnippetViewSet):
    """One per site, under Settings; reviewed like the help lines."""

    model = SafetySettings
    icon = "warning"
    menu_label = _("Safety settings")
    add_to_settings_menu = True
    list_display = ["__str__", "quick_exit_url", "discreet_titles"]


register_snippet(SupportServiceViewSet)
register_snippet(PlaceViewSet)
register_snippet(SafetySettingsViewSet)


@hooks.register("insert_editor_js")
def name_unnamed_controls():
    """Every editing page of the admin (pages, snippets): see static/js/admin-names.js."""
    return format_html('<script src="{}" defer></script>', static("js/admin-names.js"))

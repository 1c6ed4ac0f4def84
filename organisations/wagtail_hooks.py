from functools import wraps

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.templatetags.static import static
from django.urls import path
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)

from home.wagtail_hooks import HeadedSnippetViewSet

from .models import Organisation, OrganisationLogEntry
from .views import EmbedCodesView


def visible(user, pk):
    """Whether the tenancy rule lets `user` see the organisation `pk`."""
    try:
        return (
            Organisation.objects.visible_to(user).filter(pk=unquote(str(pk))).exists()
        )
    except (ValueError, ValidationError):
        return False


def own_organisations_only(view):
    """Every admin view of one organisation (edit, history, revisions, compare,
    lock, unlock, workflow, preview, usage, delete...) answers 404 to someone the
    tenancy rule does not let see it. Wagtail checks only the model permission, which
    every organisation's staff have, so that alone would open each organisation to
    the staff of all of them."""

    @wraps(view)
    def tenancy_checked(request, *args, **kwargs):
        if "pk" in kwargs and not visible(request.user, kwargs["pk"]):
            raise Http404
        return view(request, *args, **kwargs)

    return tenancy_checked


class VisibleOrganisations:
    """Wagtail lets every admin user open a snippet's chooser: it offers only the
    organisations the tenancy rule lets the user see."""

    def get_object_list(self):
        return Organisation.objects.visible_to(self.request.user)

    def get_object(self, pk):
        return Organisation.objects.visible_to(self.request.user).get(pk=pk)

    def get_objects(self, pks):
        return Organisation.objects.visible_to(self.request.user).filter(pk__in=pks)


class OrganisationChooseView(VisibleOrganisations, ChooseView):
    pass


class OrganisationChooseResultsView(VisibleOrganisations, ChooseResultsView):
    pass


class OrganisationChosenView(VisibleOrganisations, SnippetChosenView):
    pass


class OrganisationChosenMultipleView(VisibleOrganisations, SnippetChosenMultipleView):
    pass


class OrganisationChooserViewSet(SnippetChooserViewSet):
    choose_view_class = OrganisationChooseView
    choose_results_view_class = OrganisationChooseResultsView
    chosen_view_class = OrganisationChosenView
    chosen_multiple_view_class = OrganisationChosenMultipleView


class OrganisationViewSet(HeadedSnippetViewSet):
    """Organisations are reviewed like lessons (drafts, the Content review workflow,
    locking, revisions): their staff change and submit their own, reviewers publish.
    Everyone sees only the organisations the tenancy rule lets them see."""

    model = Organisation
    chooser_viewset_class = OrganisationChooserViewSet
    icon = "group"
    menu_label = _("Organisations")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["name", "slug", "allowed_origins"]
    list_filter = ["live"]

    def get_queryset(self, request):
        return Organisation.objects.visible_to(request.user)

    def construct_view(self, view_class, **kwargs):
        return own_organisations_only(super().construct_view(view_class, **kwargs))


register_snippet(OrganisationViewSet)


class OrganisationDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete lists by name every snippet asked for, even those the
    user may not delete: for organisations, only those the tenancy rule lets the
    user see (404 if none)."""

    models = [Organisation]

    @cached_property
    def _actionable_objects(self):
        objects, extra = BulkAction.get_actionable_objects(self)
        own = set(
            Organisation.objects.visible_to(self.request.user).values_list(
                "pk", flat=True
            )
        )
        objects = [obj for obj in objects if obj.pk in own]
        refused = [obj for obj in extra["items_with_no_access"] if obj.pk in own]
        if not (objects or refused):
            raise Http404
        return objects, {"items_with_no_access": refused}


# After Wagtail's own bulk delete for snippets (order 0), which this replaces here.
hooks.register("register_bulk_action", OrganisationDeleteBulkAction, order=1)


@hooks.register("register_log_actions")
def keep_organisations_log_apart(actions):
    actions.register_model(Organisation, OrganisationLogEntry)


class EmbedCodeViewSet(ViewSet):
    """The embed code page: every admin user may open it, and sees the organisations
    the tenancy rule lets them see."""

    name = "embed_code"
    url_prefix = "embed-code"
    icon = "code"
    menu_label = _("Embed code")
    menu_order = 270
    add_to_admin_menu = True

    def get_urlpatterns(self):
        return [path("", EmbedCodesView.as_view(), name="index")]


@hooks.register("register_admin_viewset")
def register_embed_code_viewset():
    return EmbedCodeViewSet()


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))

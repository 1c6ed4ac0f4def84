from django.urls import path

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Organisation
from .views import EmbedCodesView


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


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    chooser_viewset_class = OrganisationChooserViewSet
    icon = "group"
    menu_label = "Organisations"
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["name", "slug", "allowed_origins"]


register_snippet(OrganisationViewSet)


class EmbedCodeViewSet(ViewSet):
    """The embed code page: every admin user may open it, and sees the organisations
    the tenancy rule lets them see."""

    name = "embed_code"
    url_prefix = "embed-code"
    icon = "code"
    menu_label = "Embed code"
    menu_order = 270
    add_to_admin_menu = True

    def get_urlpatterns(self):
        return [path("", EmbedCodesView.as_view(), name="index")]


@hooks.register("register_admin_viewset")
def register_embed_code_viewset():
    return EmbedCodeViewSet()

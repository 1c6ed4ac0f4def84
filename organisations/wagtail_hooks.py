from django.urls import path

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Organisation
from .views import EmbedCodesView


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
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

from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSet

from .views import PackagesView, download


class ScormViewSet(ViewSet):
    """Every admin user may open it (Wagtail's admin access); each sees, and may
    download for, only the organisations the tenancy rule lets them see."""

    name = "scorm"
    url_prefix = "scorm"
    icon = "download"
    menu_label = _("SCORM packages")
    menu_order = 275
    add_to_admin_menu = True

    def get_urlpatterns(self):
        return [
            path("", PackagesView.as_view(), name="index"),
            path(
                "<slug:org>/<int:page_id>/<str:version>/",
                download,
                name="download",
            ),
        ]


@hooks.register("register_admin_viewset")
def register_scorm_viewset():
    return ScormViewSet()

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from home.http import allow_methods
from organisations.models import Organisation, sees_every_organisation

from .package import (
    VERSIONS,
    build_package,
    package_name,
    packageable_pages,
    scope_of,
)


def site_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def with_languages(pages):
    """Each page with its scope, and its language's name when the courses are in
    several languages."""
    pages = list(pages)
    several = len({page.locale_id for page in pages}) > 1
    return [
        (page, scope_of(page), page.locale.get_display_name() if several else "")
        for page in pages
    ]


class PackagesView(WagtailAdminTemplateMixin, TemplateView):
    """The SCORM packages of each organisation the user may see (the tenancy rule):
    one per course and stage, in each version. An organisation never published has
    no embed, so no package either."""

    page_title = gettext_lazy("SCORM packages")
    header_icon = "download"
    template_name = "scorm/packages.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            organisations=Organisation.objects.visible_to(self.request.user),
            sees_every_organisation=sees_every_organisation(self.request.user),
            pages=with_languages(packageable_pages()),
            versions=VERSIONS.values(),
            site_url=site_url(self.request),
            **kwargs,
        )


@allow_methods("GET", "HEAD")
def download(request, org, page_id, version):
    """The zip file. 404 for an organisation the user may not see or that is not
    published, for a page that is not a live course or stage, and for a version
    other than 1.2 and 2004."""
    organisation = (
        Organisation.objects.visible_to(request.user).live().filter(slug=org).first()
    )
    if organisation is None:
        raise Http404(_("No published organisation of yours has this address."))
    page = packageable_pages().filter(pk=page_id).first()
    if page is None:
        raise Http404(_("Packages are made of published courses and stages only."))
    if version not in VERSIONS:
        raise Http404(_("The SCORM versions are 1.2 and 2004."))
    version = VERSIONS[version]
    response = HttpResponse(
        build_package(organisation, page, version, site_url(request)),
        content_type="application/zip",
    )
    name = package_name(organisation, page, version)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

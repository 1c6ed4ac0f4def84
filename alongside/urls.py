from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.utils.functional import lazy
from django.views.generic import RedirectView
from django.views.static import serve

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home.comfort import choose_reading

# The error pages need no database (home/error_pages.py).
handler500 = "home.error_pages.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("reading/", choose_reading, name="choose_reading"),
    # Browsers ask for it whatever a page links to: the same plain square.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.ico"))),
    path("", include("organisations.urls")),
    path("", include("lti.urls")),
]

if getattr(settings, "SERVE_MEDIA", False):
    # Uploaded images, where no web server in front does it (./dev run, ./dev debug).
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# What learners read, in their language: English at /get-help/, Spanish at
# /es/get-help/ (settings.LANGUAGES). The pages of the course tree come last, so
# every named address wins over a page's.
urlpatterns += i18n_patterns(
    path("", include("home.urls")),
    path("", include("learners.urls")),
    path("", include("lessons.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

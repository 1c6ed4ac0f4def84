from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

# The error pages need no database (home/error_pages.py).
handler500 = "home.error_pages.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("home.urls")),
    path("", include("learners.urls")),
    path("", include("lessons.urls")),
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

# Pages of the course tree: last, so every named address above wins.
urlpatterns += [path("", include(wagtail_urls))]

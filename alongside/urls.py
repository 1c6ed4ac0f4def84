from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from course import oembed
from course import views as course_views
from home import views as home_views
from lessons import views as lesson_views

account_patterns = [
    path("", course_views.account, name="account"),
    path("signup/", course_views.signup, name="signup"),
    path("login/", course_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("data/", course_views.account_data, name="account_data"),
    path("delete/", course_views.delete_account, name="delete_account"),
]

progress_patterns = [
    path("", course_views.my_progress, name="my_progress"),
    path("resume-code/", course_views.issue_resume_code, name="issue_resume_code"),
    path("resume/", course_views.resume, name="resume"),
    path("delete/", course_views.delete_progress, name="delete_progress"),
]

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("get-help/", home_views.get_help, name="get_help"),
    path("browsing-safely/", home_views.browsing_safely, name="browsing_safely"),
    path("privacy/", home_views.privacy, name="privacy"),
    path("search/", lesson_views.search, name="search"),
    path("topics/<slug:slug>/", lesson_views.topic, name="topic"),
    path("account/", include(account_patterns)),
    path("my-progress/", include(progress_patterns)),
    path(
        "embed/<slug:org>/course/<int:course_id>/",
        course_views.embed_start,
        name="embed_start",
    ),
    path("embed/<slug:org>/theme.css", course_views.embed_theme, name="embed_theme"),
    path("embed/card/<int:course_id>/", oembed.course_card, name="course_card"),
    path("oembed/", oembed.oembed, name="oembed"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

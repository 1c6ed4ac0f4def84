from django.urls import path

from . import oembed, views

urlpatterns = [
    path(
        "embed/<slug:org>/page/<int:page_id>/",
        views.embed_start,
        name="embed_start",
    ),
    # The first embed codes named courses only; pages already carrying them work on.
    path("embed/<slug:org>/course/<int:page_id>/", views.embed_start),
    path("embed/<slug:org>/theme.css", views.embed_theme, name="embed_theme"),
    path("embed/card/<int:course_id>/", oembed.course_card, name="course_card"),
    path("oembed/", oembed.oembed, name="oembed"),
]

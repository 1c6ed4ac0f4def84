from django.urls import path

from . import oembed, views

urlpatterns = [
    path(
        "embed/<slug:org>/course/<int:course_id>/",
        views.embed_start,
        name="embed_start",
    ),
    path("embed/<slug:org>/theme.css", views.embed_theme, name="embed_theme"),
    path("embed/card/<int:course_id>/", oembed.course_card, name="course_card"),
    path("oembed/", oembed.oembed, name="oembed"),
]

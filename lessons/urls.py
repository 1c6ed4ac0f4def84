from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("topics/<slug:slug>/", views.topic, name="topic"),
]

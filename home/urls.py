from django.urls import path

from . import views

urlpatterns = [
    path("get-help/", views.get_help, name="get_help"),
    path("get-help/place/", views.choose_place, name="choose_place"),
    path("browsing-safely/", views.browsing_safely, name="browsing_safely"),
]

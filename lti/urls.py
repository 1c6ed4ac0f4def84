from django.urls import path

from . import views

urlpatterns = [
    path("lti/jwks/", views.jwks, name="lti_jwks"),
    path("lti/login/", views.login, name="lti_login"),
    path("lti/launch/", views.launch, name="lti_launch"),
    path("lti/place/", views.place, name="lti_place"),
    # The target link of a placed course, stage or lesson (the launch itself always
    # comes back to lti/launch/, the one redirect address platforms register).
    path("lti/launch/<int:page_id>/", views.launch, name="lti_launch_page"),
]

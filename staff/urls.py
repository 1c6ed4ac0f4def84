from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("set-up/", views.setup, name="setup"),
    path("verify/", views.verify, name="verify"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("passkey-added/", views.passkey_added, name="passkey_added"),
]

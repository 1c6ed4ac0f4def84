from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

account_patterns = [
    path("", views.account, name="account"),
    path("signup/", views.signup, name="signup"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("data/", views.account_data, name="account_data"),
    path("device-progress/", views.device_progress, name="device_progress"),
    path("delete/", views.delete_account, name="delete_account"),
]

progress_patterns = [
    path("", views.my_progress, name="my_progress"),
    path("resume-code/", views.issue_resume_code, name="issue_resume_code"),
    path("resume/", views.resume, name="resume"),
    path("delete/", views.delete_progress, name="delete_progress"),
    path("data/", views.progress_data, name="progress_data"),
]

urlpatterns = [
    path("account/", include(account_patterns)),
    path("my-progress/", include(progress_patterns)),
    path("privacy/", views.privacy, name="privacy"),
]

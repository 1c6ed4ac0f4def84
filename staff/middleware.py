from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from django_otp import user_has_device

# Where a signed-in editor may go before the second step: signing in and out, the
# admin's icons and translations (its pages' scripts fetch them), and the two-step
# pages themselves (with the passkey ceremony's endpoints).
OPEN_BEFORE_SECOND_STEP = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
}
OPEN_NAMESPACES = {"staff", "otp_webauthn"}


def needs_second_step(request):
    user = request.user
    return (
        user.is_authenticated
        and not user.is_verified()
        and user.has_perm("wagtailadmin.access_admin")
    )


class SecondStepMiddleware:
    """Everyone who can use the admin signs in with a second step: a passkey, an
    authenticator app or a recovery code (django-otp marks the session). Until then
    every admin address sends them to set one up, or to use it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            return None
        if match.url_name in OPEN_BEFORE_SECOND_STEP or (
            set(match.namespaces) & OPEN_NAMESPACES
        ):
            return None
        if not needs_second_step(request):
            return None
        target = "staff:verify" if user_has_device(request.user) else "staff:setup"
        return redirect(
            f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
        )

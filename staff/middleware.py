import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
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


SIGNED_IN_AT, LAST_SEEN = "signed_in_at", "last_seen_at"


class SessionLimitsMiddleware:
    """Someone who can use the admin is signed out after STAFF_IDLE_TIMEOUT without a
    request, and STAFF_SESSION_LIMIT after signing in, whatever they do: a session
    left open on a shared or stolen computer does not stay open."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.has_perm("wagtailadmin.access_admin"):
            session, now = request.session, time.time()
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)
            last_seen = session.setdefault(LAST_SEEN, now)
            idle = now - last_seen > settings.STAFF_IDLE_TIMEOUT.total_seconds()
            if (
                idle
                or now - signed_in_at > settings.STAFF_SESSION_LIMIT.total_seconds()
            ):
                logout(request)
                limit = (
                    settings.STAFF_IDLE_TIMEOUT
                    if idle
                    else settings.STAFF_SESSION_LIMIT
                )
                messages.info(
                    request,
                    f"For safety you were signed out after {describe(limit)}"
                    f"{' without activity' if idle else ''}. Sign in again to go on.",
                )
            elif now - last_seen > 60:  # one write a minute is enough
                session[LAST_SEEN] = now
        return self.get_response(request)


def describe(duration):
    minutes = int(duration.total_seconds() // 60)
    return f"{minutes // 60} hours" if minutes % 60 == 0 else f"{minutes} minutes"

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from django_otp import user_has_device

# Where a signed-in editor may go before the second step: signing in and out, the
# admin's icons and translations (its pages' scripts fetch them), setting up or using
# a second step, and the passkey ceremony's endpoints (django-otp-webauthn refuses a
# new passkey to an unverified session that has a second step already). Nothing else:
# not even the page that lists, removes or renews one's second steps.
OPEN_BEFORE_SECOND_STEP = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "staff:setup",
    "staff:verify",
    "staff:passkey_added",
}
OPEN_NAMESPACES = {"otp_webauthn"}
# Set once a verified session has been given a new key.
NEW_KEY_GIVEN = "second_step_new_key"


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
        if request.user.is_authenticated and request.user.is_verified():
            new_key_after_second_step(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            return None
        if match.view_name in OPEN_BEFORE_SECOND_STEP or (
            set(match.namespaces) & OPEN_NAMESPACES
        ):
            return None
        if not needs_second_step(request):
            return None
        target = "staff:verify" if user_has_device(request.user) else "staff:setup"
        return redirect(
            f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
        )


def new_key_after_second_step(request):
    """A session that has just passed its second step gets a new key, as at sign-in,
    however it passed (a code here, or a passkey through django-otp-webauthn)."""
    if not request.session.get(NEW_KEY_GIVEN):
        request.session.cycle_key()
        request.session[NEW_KEY_GIVEN] = True


SIGNED_IN_AT, LAST_SEEN = "signed_in_at", "last_seen_at"
# Requests a page's own scripts make in the background: Wagtail's editor pings its
# editing session every 10 seconds while the tab is open. They are not activity.
BACKGROUND = {"wagtailadmin_editing_sessions"}


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
                if idle:
                    message = _(
                        "For safety you were signed out after {duration} without "
                        "activity. Sign in again to go on."
                    )
                else:
                    message = _(
                        "For safety you were signed out after {duration}. Sign in "
                        "again to go on."
                    )
                messages.info(request, message.format(duration=describe(limit)))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        session = request.session
        if LAST_SEEN not in session or BACKGROUND & set(
            request.resolver_match.namespaces
        ):
            return None
        now = time.time()
        if now - session[LAST_SEEN] > 60:  # one write a minute is enough
            session[LAST_SEEN] = now
        return None


def describe(duration):
    minutes = int(duration.total_seconds() // 60)
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("{count} hour", "{count} hours", hours).format(count=hours)
    return ngettext("{count} minute", "{count} minutes", minutes).format(count=minutes)

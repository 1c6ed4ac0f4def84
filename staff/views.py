"""The second step of signing in to the admin: set it up, use it, manage it."""

from base64 import b32encode
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext, pgettext

import segno
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex
from django_otp_webauthn.models import WebAuthnCredential

from home.http import allow_methods
from learners import throttle

from . import recovery
from .forms import CodeForm
from .middleware import new_key_after_second_step

# Stored as the device's name, in English; shown translated (staff/manage.html).
APP_NAME = gettext_noop("Authenticator app")
SHOW_ONCE = "recovery_codes_to_show"


def passkeys_here(request):
    """Passkeys are bound to the site's name: they work only at an origin the
    settings name (and never at a bare IP address, which browsers refuse)."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(request.build_absolute_uri("/")))
    return origin in settings.OTP_WEBAUTHN_ALLOWED_ORIGINS


def next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return reverse("wagtailadmin_home")


def signed_in_with_second_step(request, device):
    otp_login(request, device)
    new_key_after_second_step(request)


PENDING_KEY = "app_key_being_set_up"


def app_being_set_up(request):
    """The authenticator app being set up, not saved until its first code is right.
    Its key belongs to this session alone: nobody who opened the page elsewhere (with
    the same password) has seen it."""
    key = request.session.setdefault(PENDING_KEY, random_hex(20))
    return TOTPDevice(user=request.user, name=APP_NAME, key=key, confirmed=True)


def first_code_is_right(device, code):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    try:
        right = totp.verify(int(code.replace(" ", "")), device.tolerance)
    except ValueError:
        return False
    device.last_t = totp.t()  # this code cannot be used again to sign in
    return right


def qr_svg(uri):
    return segno.make(uri, error="m").svg_inline(
        scale=5,
        dark="#000",
        light="#fff",
        title=_("QR code for your authenticator app"),
    )


def admin_addresses(origins):
    """The admin's addresses at these origins, as links joined by "or", for a sentence."""
    return format_html_join(
        format_html(" {} ", pgettext("between two addresses", "or")),
        '<a href="{0}/admin/">{0}/admin/</a>',
        ((origin,) for origin in origins),
    )


def grouped(secret):
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@allow_methods("GET", "POST")
def setup(request):
    """Adding a second step: the first one for a new editor (then nothing else in the
    admin opens until it is done), or another one later."""
    user = request.user
    if user_has_device(user) and not user.is_verified():
        return redirect(f"{reverse('staff:verify')}?next={next_url(request)}")
    device = app_being_set_up(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if locked := throttle.locked_out(request, "second step"):
            return locked
        if form.is_valid() and first_code_is_right(device, form.cleaned_data["code"]):
            device.save()
            del request.session[PENDING_KEY]
            first = not recovery.remaining(user)
            if not user.is_verified():
                signed_in_with_second_step(request, device)
            if first:
                request.session[SHOW_ONCE] = recovery.new_codes(user)
                return redirect("staff:recovery_codes")
            messages.success(request, _("Your authenticator app is set up."))
            return redirect("staff:manage")
        if form.is_valid():
            throttle.failed(request, "second step")
            form.add_error(
                "code",
                _(
                    "That code did not match. Check the app's current code and try again."
                ),
            )
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr": qr_svg(device.config_url),
        "secret": grouped(secret),
        "passkeys_here": passkeys_here(request),
        "passkey_origins": settings.OTP_WEBAUTHN_ALLOWED_ORIGINS,
        "passkey_addresses": admin_addresses(settings.OTP_WEBAUTHN_ALLOWED_ORIGINS),
        "next": next_url(request),
        "first_time": not user_has_device(user),
    }
    status = 400 if form.is_bound else 200
    return TemplateResponse(request, "staff/setup.html", context, status=status)


@allow_methods("GET", "POST")
def verify(request):
    user = request.user
    if user.is_verified():
        return redirect(next_url(request))
    if not user_has_device(user):
        return redirect("staff:setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if locked := throttle.locked_out(request, "second step"):
            return locked
        if form.is_valid():
            code = form.cleaned_data["code"]
            device = app_code_device(user, code) or recovery.use(user, code)
            if device is not None:
                signed_in_with_second_step(request, device)
                left = recovery.remaining(user)
                if device.name == recovery.NAME:
                    messages.warning(
                        request,
                        ngettext(
                            "You used a recovery code. {left} is left: make new ones "
                            "on the two-step sign-in page.",
                            "You used a recovery code. {left} are left: make new ones "
                            "on the two-step sign-in page if you are running low.",
                            left,
                        ).format(left=left),
                    )
                return redirect(next_url(request))
            throttle.failed(request, "second step")
            form.add_error(
                "code",
                _(
                    "That code did not work. Try the current code from your app, "
                    "or a recovery code."
                ),
            )
    context = {
        "form": form,
        "next": next_url(request),
        "has_passkey": WebAuthnCredential.objects.filter(
            user=user, confirmed=True
        ).exists(),
        "passkeys_here": passkeys_here(request),
    }
    status = 400 if form.is_bound else 200
    return TemplateResponse(request, "staff/verify.html", context, status=status)


def app_code_device(user, code):
    token = code.replace(" ", "")
    if not token.isdigit():
        return None
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


def verified_only(view):
    """For the pages that show or change one's second steps: never before the second
    step (staff/middleware.py opens only setting up and using one)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_verified():
            return redirect("staff:verify")
        return view(request, *args, **kwargs)

    return wrapper


@verified_only
@allow_methods("GET")
def recovery_codes(request):
    """Shown once, after they are made: a refresh does not show them again."""
    codes = request.session.pop(SHOW_ONCE, None)
    return TemplateResponse(
        request,
        "staff/recovery_codes.html",
        {"codes": codes, "next": reverse("wagtailadmin_home")},
    )


@verified_only
@allow_methods("GET", "POST")
def manage(request):
    user = request.user
    if request.method == "POST" and request.POST.get("action") == "new-recovery-codes":
        request.session[SHOW_ONCE] = recovery.new_codes(user)
        return redirect("staff:recovery_codes")
    if request.method == "POST" and request.POST.get("remove-passkey"):
        WebAuthnCredential.objects.filter(
            user=user, pk=request.POST["remove-passkey"]
        ).delete()
        messages.success(request, _("That passkey was removed."))
        return redirect("staff:manage")
    context = {
        "apps": TOTPDevice.objects.filter(user=user, confirmed=True),
        "passkeys": WebAuthnCredential.objects.filter(user=user, confirmed=True),
        "recovery_left": recovery.remaining(user),
        "passkeys_here": passkeys_here(request),
        "passkey_origins": settings.OTP_WEBAUTHN_ALLOWED_ORIGINS,
    }
    return TemplateResponse(request, "staff/manage.html", context)


@allow_methods("POST")
def passkey_added(request):
    """Where the page goes after django-otp-webauthn has added a passkey (it signs
    in a session that was not yet through its second step)."""
    if not request.user.is_verified():
        return redirect("staff:setup")
    if not recovery.remaining(request.user):
        request.session[SHOW_ONCE] = recovery.new_codes(request.user)
        return redirect("staff:recovery_codes")
    messages.success(request, _("Your passkey is added."))
    return redirect("staff:manage")

from django.urls import include, path, reverse
from django.utils.translation import gettext as _

from wagtail import hooks


@hooks.register("register_admin_urls")
def two_step_urls():
    return [
        path("two-step/", include("staff.urls")),
        path("two-step/passkeys/", include("django_otp_webauthn.urls")),
    ]


@hooks.register("register_account_menu_item")
def two_step_menu_item(request):
    return {
        "url": reverse("staff:manage"),
        "label": _("Two-step sign-in"),
        "help_text": _("Your passkeys, authenticator apps and recovery codes."),
    }

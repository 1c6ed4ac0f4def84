"""Passkeys through the real admin in Chromium, with a virtual authenticator (the
Chrome DevTools Protocol's WebAuthn domain): an editor adds one at their first
sign-in, then signs in with it."""

from urllib.parse import urlsplit

import pytest
from django_otp_webauthn.models import WebAuthnCredential

from tests.helpers import PASSWORD, make_user


@pytest.fixture
def passkey_site(site, settings):
    # The live server's; the stack's own are WAGTAILADMIN_BASE_URL's.
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [site]
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    return site


def with_authenticator(context, tab):
    cdp = context.new_cdp_session(tab)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )


def sign_in_with_password(tab, site):
    tab.goto(site + "/admin/login/")
    tab.fill("#id_username", "editor")
    tab.fill("#id_password", PASSWORD)
    with tab.expect_navigation():
        tab.keyboard.press("Enter")


def test_an_editor_adds_a_passkey_then_signs_in_with_it(context, tab, passkey_site):
    site = passkey_site
    assert urlsplit(site).hostname == "localhost"  # the passkeys' relying party
    make_user("editor", "Editors")
    with_authenticator(context, tab)
    sign_in_with_password(tab, site)
    assert "/admin/two-step/set-up/" in tab.url
    with tab.expect_navigation(url="**/admin/two-step/recovery-codes/"):
        tab.get_by_role("button", name="Add a passkey").click()
    assert tab.locator(".recovery-codes li").count() == 10
    assert WebAuthnCredential.objects.filter(confirmed=True).count() == 1
    tab.get_by_role("link", name="I have kept them: go on").click()
    assert tab.url == site + "/admin/"

    context.clear_cookies()  # a new sign-in
    sign_in_with_password(tab, site)
    assert "/admin/two-step/verify/" in tab.url
    with tab.expect_navigation(url=site + "/admin/"):
        tab.get_by_role("button", name="Use your passkey").click()
    assert tab.get_by_role("heading", level=1).first.is_visible()
    assert "two-step" not in tab.url

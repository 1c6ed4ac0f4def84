"""The admin's Embed code page in Chromium: the Copy button puts the code on the
clipboard, and the preview shows the organisation's embed."""

from django.conf import settings
from django.test import Client

from playwright.sync_api import expect

from organisations.models import Organisation
from tests.browser.conftest import browsing
from tests.helpers import make_user, signed_in


def test_staff_copy_the_code_and_see_a_preview(chromium, site):
    organisation = Organisation.objects.create(
        name="Harbour", slug="harbour", allowed_origins="https://harbour.example"
    )
    client = signed_in(Client(), make_user("hana", organisation.staff_group.name))
    with browsing(chromium) as context:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": site,
                }
            ]
        )
        tab = context.new_page()
        tab.goto(f"{site}/admin/embed-code/")
        tab.get_by_role("button", name="Copy the code").click()
        expect(tab.locator("[data-copy-status]")).to_contain_text("Copied")
        copied = tab.evaluate("navigator.clipboard.readText()")
        assert copied == tab.get_by_label("Embed code").input_value()
        assert f"{site}/embed/harbour/page/" in copied
        preview = tab.frame_locator("iframe.embed-code__preview")
        expect(preview.locator(".site-header__name")).to_contain_text("Harbour")
        expect(preview.locator("h1")).to_be_visible()

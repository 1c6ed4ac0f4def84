"""The page editor in Chromium under the admin's Content-Security-Policy, which has
no 'unsafe-inline' for scripts: an editor edits a lesson's StreamField, adds a
block, saves a draft and opens the publishing schedule's date picker (one of
Wagtail's inline scripts, which run with the response's nonce), and the browser
reports no violation of the policy."""

from django.conf import settings
from django.test import Client

from playwright.sync_api import expect

from lessons.models import LessonPage
from tests.browser.conftest import browsing, lessons
from tests.helpers import make_user, signed_in

# Every violation, in the page and in its frames, reaches the console.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error("CSP violation: " + event.violatedDirective + " " + event.blockedURI
    + " " + (event.sourceFile || "") + ":" + event.lineNumber);
});
"""


def signed_in_as_editor(context, site):
    client = signed_in(Client(), make_user("edna", "Editors"))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site}]
    )


def test_an_editor_edits_a_lesson_and_saves_a_draft_with_no_csp_violation(
    chromium, site
):
    lesson = lessons()[0]
    violations = []
    with browsing(chromium) as context:
        signed_in_as_editor(context, site)
        context.add_init_script(REPORT_VIOLATIONS)
        tab = context.new_page()
        tab.on(
            "console",
            lambda message: (
                (
                    "Content Security Policy" in message.text
                    or message.text.startswith("CSP violation")
                )
                and violations.append(message.text)
            ),
        )
        response = tab.goto(f"{site}/admin/pages/{lesson.pk}/edit/")
        policy = response.headers["content-security-policy"]
        script_src = next(p for p in policy.split(";") if "script-src " in p)
        assert "'unsafe-inline'" not in script_src
        assert "'nonce-" in script_src

        body = tab.locator("[data-contentpath=body]")
        text = body.locator(".public-DraftEditor-content").first
        text.click()
        tab.keyboard.press("Control+End")
        tab.keyboard.type(" Edited in the browser.")
        expect(text).to_contain_text("Edited in the browser.")

        body.get_by_role("button", name="Insert a block").first.click()
        tab.get_by_role("option", name="Callout").click()
        callout = body.locator("[data-contentpath=text] textarea").first
        callout.fill("A callout added in the browser.")

        with tab.expect_navigation():
            tab.get_by_role("button", name="Save draft").click()
        expect(tab.get_by_text("has been updated")).to_be_visible()

        tab.get_by_role("button", name="Toggle status").click()
        tab.get_by_role("button", name="Set schedule").click()
        tab.locator("#id_go_live_at").click()
        expect(tab.locator(".xdsoft_datetimepicker >> visible=true")).to_have_count(1)

    draft = LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object()
    assert "Edited in the browser." in str(draft.body)
    assert "A callout added in the browser." in str(draft.body)
    assert draft.live_revision != draft.latest_revision
    assert violations == []

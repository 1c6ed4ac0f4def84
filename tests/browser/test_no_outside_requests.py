"""No request leaves the browser for another host: learner pages and the Wagtail admin."""

from urllib.parse import urlsplit

from tests.accounts.test_second_step import code_for_key_on
from tests.browser.conftest import answer_quiz, lessons
from tests.helpers import PASSWORD, make_user


def test_the_browser_only_ever_talks_to_this_site(context, tab, site):
    requested = []
    context.on("request", lambda request: requested.append(request.url))
    lesson = lessons()[0]
    for path in [
        "/",
        "/get-help/",
        "/privacy/",
        lesson.get_parent().get_parent().url,
        lesson.url,
    ]:
        tab.goto(site + path)
    answer_quiz(tab, lesson)
    make_user("editor", superuser=True)
    tab.goto(site + "/admin/login/")
    tab.fill("#id_username", "editor")
    tab.fill("#id_password", PASSWORD)
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    # The second step's set-up page (its QR code and passkey script) is ours too.
    assert "/admin/two-step/set-up/" in tab.url
    tab.wait_for_load_state("networkidle")
    tab.fill("#id_code", code_for_key_on(tab.content()))
    with tab.expect_navigation():
        tab.get_by_role("button", name="Check the code and finish").click()
    for path in [
        "/admin/",
        f"/admin/pages/{lesson.pk}/edit/",
        "/admin/snippets/home/supportservice/",
    ]:
        tab.goto(site + path)
        tab.wait_for_load_state("networkidle")
    own = urlsplit(site).netloc
    outside = {
        url
        for url in requested
        if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != own
    }
    assert len(requested) > 20
    assert outside == set()

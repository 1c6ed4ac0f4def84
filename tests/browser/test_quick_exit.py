"""Quick exit: by click, by Shift three times, and without JavaScript; and each thing
the "Browsing safely" page says about it, as Chromium does it."""

from django.conf import settings

from playwright.sync_api import expect

from home.models import SafetySettings
from learners.views import site_cookies
from tests.browser.conftest import EXIT_URL, answer_quiz, browsing, lessons


def course_then_lesson(tab, site):
    lesson = lessons()[0]
    tab.goto(site + lesson.get_parent().get_parent().url)
    tab.goto(site + lesson.url)
    return lesson


def back_list(tab):
    """The tab's history, as its Back button offers it: (address, title) pairs."""
    cdp = tab.context.new_cdp_session(tab)
    entries = cdp.send("Page.getNavigationHistory")["entries"]
    cdp.detach()
    return [(entry["url"], entry["title"]) for entry in entries]


def said(tab, site, paragraph):
    """A sentence of the Browsing safely page, read where a learner reads it."""
    tab.goto(site + "/browsing-safely/")
    return tab.locator(f"#{paragraph}").inner_text()


def test_click_leaves_and_back_does_not_return_to_the_lesson(tab, site):
    lesson = course_then_lesson(tab, site)
    tab.click("text=Exit this page")
    tab.wait_for_url(EXIT_URL)
    tab.go_back()
    assert tab.url != site + lesson.url


def test_back_after_the_exit_shows_none_of_the_sites_pages(tab, site):
    """'After you leave this way, pressing Back takes you to that everyday website
    again, not to this site's pages.'"""
    assert "pressing Back takes you to that everyday website again" in said(
        tab, site, "exit-back"
    )
    course_then_lesson(tab, site)
    shown = []
    tab.on(
        "framenavigated",
        lambda frame: frame == tab.main_frame and shown.append(frame.url),
    )
    tab.click("text=Exit this page")
    tab.wait_for_url(EXIT_URL)
    tab.go_back()  # the course page, visited before the lesson: never shown
    expect(tab).to_have_url(EXIT_URL)
    assert tab.title() == "Weather"
    tab.go_back()  # and the page before that (Browsing safely) likewise
    expect(tab).to_have_url(EXIT_URL)
    assert shown[0] == EXIT_URL


def test_a_page_hidden_after_the_exit_is_shown_again_when_come_back_to_by_a_link(
    tab, site
):
    lesson = course_then_lesson(tab, site)
    tab.click("text=Exit this page")
    tab.wait_for_url(EXIT_URL)
    tab.goto(site + lesson.url)  # the address typed again: a visit of its own
    expect(tab.locator("h1")).to_be_visible()
    tab.goto(site + "/")
    tab.go_back()
    expect(tab).to_have_url(site + lesson.url)
    expect(tab.locator("h1")).to_be_visible()


def test_shift_three_times_leaves_and_counts_down_for_screen_readers(tab, site):
    lesson = course_then_lesson(tab, site)
    tab.keyboard.press("Shift")
    assert (
        tab.locator("#quick-exit-status").inner_text()
        == "Press Shift 2 more times to leave this page"
    )
    tab.keyboard.press("Shift")
    assert (
        tab.locator("#quick-exit-status").inner_text()
        == "Press Shift 1 more time to leave this page"
    )
    tab.keyboard.press("Shift")
    tab.wait_for_url(EXIT_URL)
    tab.go_back()
    expect(tab).to_have_url(EXIT_URL)
    assert tab.url != site + lesson.url


def test_other_keys_reset_the_count(tab, site):
    course_then_lesson(tab, site)
    tab.keyboard.press("Shift")
    tab.keyboard.press("Shift")
    tab.keyboard.press("a")
    tab.keyboard.press("Shift")
    assert (
        tab.locator("#quick-exit-status").inner_text()
        == "Press Shift 2 more times to leave this page"
    )


def test_the_button_is_on_every_page_and_goes_where_the_editors_chose(tab, site):
    """'The red “Exit this page” button at the top of every page takes you straight
    to an everyday website chosen by this site's editors.'"""
    assert "top of every page" in said(tab, site, "exit-button")
    lesson = lessons()[0]
    for path in [
        "/",
        lesson.get_parent().get_parent().url,
        lesson.get_parent().url,
        lesson.url,
        "/get-help/",
        "/privacy/",
        "/my-progress/",
        "/search/?q=listening",
        "/no-such-page/",
    ]:
        tab.goto(site + path)
        exit_link = tab.locator("[data-quick-exit]")
        assert exit_link.get_attribute("href") == EXIT_URL, path
        assert exit_link.bounding_box()["y"] < 100, path
    tab.click("text=Exit this page")
    expect(tab).to_have_url(EXIT_URL)


def test_the_history_keeps_the_addresses_under_a_plain_name(tab, site):
    """'It does not delete your browsing history. Someone who looks at your history
    can still see the addresses of the pages you visited here, listed under the
    plain name “Notes”.'"""
    title = SafetySettings.for_site(None).tab_title
    assert title == "Notes"  # discreet titles are on unless an editor turns them off
    sentence = said(tab, site, "exit-history")
    assert "can still see the addresses" in sentence
    assert f"listed under the plain name “{title}”" in sentence
    lesson = course_then_lesson(tab, site)
    course = site + lesson.get_parent().get_parent().url
    tab.click("text=Exit this page")
    tab.wait_for_url(EXIT_URL)
    history = back_list(tab)
    assert (course, title) in history  # still listed, by its address
    assert (site + "/browsing-safely/", title) in history
    # The lesson itself gave its place to the exit's site.
    assert site + lesson.url not in [url for url, _ in history]
    assert all(title == "Notes" for url, title in history if url.startswith(site))


def test_without_javascript_the_button_works_and_back_shows_the_page_left(
    chromium, site
):
    """'If JavaScript is turned off in your browser, the button still takes you
    away, but Back brings up the page you were on.'"""
    with browsing(chromium, java_script_enabled=False) as context:
        tab = context.new_page()
        assert "Back brings up the page you were on" in said(
            tab, site, "exit-no-javascript"
        )
        lesson = course_then_lesson(tab, site)
        # No promise of a shortcut that will not work.
        assert tab.locator("#quick-exit-hint").is_hidden()
        tab.click("text=Exit this page")
        tab.wait_for_url(EXIT_URL)
        tab.go_back()
        expect(tab).to_have_url(site + lesson.url)
        expect(tab.locator("h1")).to_have_text(lesson.title)


def test_pages_are_never_kept_in_the_browsers_cache(tab, site):
    """'Pages are never stored in the browser's cache.'"""
    assert "never stored in the browser's cache" in said(tab, site, "help-no-store")
    lesson = lessons()[0]
    for path in ["/", lesson.url, "/browsing-safely/", "/my-progress/"]:
        response = tab.goto(site + path)
        assert "no-store" in response.headers["cache-control"], path


def test_tabs_show_the_plain_name(tab, site):
    """'Browser tabs show the plain name “Notes” instead of the page's name.'"""
    assert "“Notes”" in said(tab, site, "help-titles")
    for path in ["/", lessons()[0].url, "/get-help/", "/browsing-safely/"]:
        tab.goto(site + path)
        assert tab.title() == "Notes", path


def test_no_cookie_but_those_the_privacy_page_lists(context, tab, site):
    """'... there are no advertising or tracking cookies.' (No request goes to another
    host: tests/browser/test_no_outside_requests.py.)"""
    assert "no advertising or tracking cookies" in said(tab, site, "help-no-tracking")
    lesson = course_then_lesson(tab, site)
    answer_quiz(tab, lesson)
    tab.goto(site + "/get-help/")
    listed = {name for name, _why, _kept in site_cookies()}
    set_here = {cookie["name"] for cookie in context.cookies()}
    assert settings.LEARNER_COOKIE_NAME in set_here
    assert set_here <= listed

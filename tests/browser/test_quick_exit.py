"""Quick exit: by click, by Shift three times, and without JavaScript."""

from tests.browser.conftest import EXIT_URL, browsing, lessons


def course_then_lesson(tab, site):
    lesson = lessons()[0]
    tab.goto(site + lesson.get_parent().get_parent().url)
    tab.goto(site + lesson.url)
    return lesson


def test_click_leaves_and_back_does_not_return_to_the_lesson(tab, site):
    lesson = course_then_lesson(tab, site)
    tab.click("text=Exit this page")
    tab.wait_for_url(EXIT_URL)
    tab.go_back()
    assert tab.url != site + lesson.url
    assert tab.url == site + lesson.get_parent().get_parent().url


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


def test_quick_exit_works_without_javascript(chromium, site):
    with browsing(chromium, java_script_enabled=False) as context:
        tab = context.new_page()
        course_then_lesson(tab, site)
        # No promise of a shortcut that will not work.
        assert tab.locator("#quick-exit-hint").is_hidden()
        tab.click("text=Exit this page")
        tab.wait_for_url(EXIT_URL)

"""The page shell on a phone (390 x 844, touch) and on a desktop: what the first
screen shows, and the order of the first Tab stops."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import browsing, lessons

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture
def phone(chromium):
    with browsing(chromium, **PHONE) as context:
        yield context.new_page()


def in_first_screen(tab, locator):
    box = locator.bounding_box()
    assert box is not None, locator
    return box["y"] >= 0 and box["y"] + box["height"] <= tab.viewport_size["height"]


def first_screens():
    """Each learner page of the way through, with the next step a learner takes there."""
    lesson = lessons()[0]
    return [
        ("/", "main .card a.button >> nth=0"),
        (lesson.get_parent().get_parent().url, "main a.button >> nth=0"),
        (lesson.get_parent().url, "main .lessons a >> nth=0"),
        (lesson.url, None),
    ]


def test_the_title_the_next_step_and_the_exit_are_in_a_phones_first_screen(phone, site):
    for path, next_step in first_screens():
        phone.goto(site + path)
        assert in_first_screen(phone, phone.locator("h1")), path
        assert in_first_screen(phone, phone.locator("[data-quick-exit]")), path
        if next_step:
            assert in_first_screen(phone, phone.locator(next_step)), path
        # The exit and the site's header are a strip, not half the screen.
        assert phone.locator("main").bounding_box()["y"] <= 0.2 * 844, path


def test_the_exit_stays_in_reach_when_the_page_scrolls(phone, site):
    phone.goto(site + lessons()[0].url)
    phone.mouse.wheel(0, 3000)
    expect(phone.locator("main h1")).not_to_be_in_viewport()
    assert in_first_screen(phone, phone.locator("[data-quick-exit]"))


def test_the_navigation_does_not_wrap_word_by_word(phone, site):
    phone.goto(site + "/")
    links = phone.locator(".site-header__nav a")
    heights = {
        round(links.nth(i).bounding_box()["height"]) for i in range(links.count())
    }
    # Each link on one line, so all are alike and short.
    assert len(heights) == 1
    assert heights.pop() < 40


def test_no_shift_shortcut_is_promised_on_a_touch_phone(phone, chromium, site):
    phone.goto(site + "/")
    expect(phone.locator("#quick-exit-hint")).to_be_hidden()
    with browsing(chromium, viewport={"width": 1280, "height": 800}) as desktop:
        tab = desktop.new_page()
        tab.goto(site + "/")
        expect(tab.locator("#quick-exit-hint")).to_be_visible()


def test_the_first_tab_stop_is_the_exit_and_the_second_skips_to_the_content(tab, site):
    lesson = lessons()[0]
    for path in ["/", lesson.get_parent().get_parent().url, lesson.url, "/get-help/"]:
        tab.goto(site + path)
        tab.keyboard.press("Tab")
        expect(tab.locator("[data-quick-exit]")).to_be_focused()
        tab.keyboard.press("Tab")
        expect(tab.locator(".skip-link")).to_be_focused()
        expect(tab.locator(".skip-link")).to_be_in_viewport()
        tab.keyboard.press("Enter")
        expect(tab.locator("main")).to_be_focused()

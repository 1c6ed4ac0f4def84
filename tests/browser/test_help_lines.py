"""Help lines by place, as a learner on a phone meets them: every page shows the
emergency number and one link; the lines for the chosen place fit in one screen;
the choice is kept on this device, and can be undone."""

from django.conf import settings

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import browsing, lessons

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(chromium):
    with browsing(chromium, viewport=PHONE, has_touch=True, is_mobile=True) as context:
        yield context


def test_a_learner_chooses_their_place_once_and_every_page_follows(phone, site):
    tab = phone.new_page()
    lesson = lessons()[0]
    tab.goto(site + lesson.url)
    footer = tab.locator("#get-help")
    # No place yet: each place's emergency number, and the way to the full list.
    for number in ("999", "112", "911"):
        expect(
            footer.get_by_role("link", name=number, exact=True).first
        ).to_be_visible()
    footer.get_by_role("link", name="Find a help line near you").click()

    tab.get_by_label("Where are you?").select_option(label="England")
    tab.get_by_role("button", name="Show help lines").click()
    heading = tab.get_by_role("heading", name="Help lines in England", exact=True)
    expect(heading).to_be_visible()
    # The lines for England, with the specialist ones folded, fit in one screen.
    section = tab.locator("section.help-lines")
    assert section.bounding_box()["height"] <= PHONE["height"]
    expect(section.get_by_text("Samaritans", exact=True)).to_be_visible()
    expect(
        section.get_by_text("National Human Trafficking Hotline", exact=True)
    ).to_have_count(0)
    more = section.locator("details.help-more")
    expect(more).not_to_have_attribute("open", "")
    more.locator("summary").click()
    expect(section.get_by_text("NSPCC Helpline", exact=True)).to_be_visible()

    # Another page, later: the place is kept, and only its emergency number shows.
    tab.goto(site + lesson.url)
    expect(footer.get_by_role("link", name="999", exact=True)).to_be_visible()
    expect(footer.get_by_role("link", name="911", exact=True)).to_have_count(0)
    expect(footer.get_by_role("link", name="Help lines in England")).to_be_visible()
    kept = {c["name"]: c for c in phone.cookies()}[settings.PLACE_COOKIE_NAME]
    assert kept["value"] == "england"
    assert kept["httpOnly"]

    # Undone: every line again, and the cookie gone.
    footer.get_by_role("link", name="Help lines in England").click()
    tab.get_by_label("Somewhere else?").select_option(
        label="Anywhere: show every help line"
    )
    tab.get_by_role("button", name="Show help lines").click()
    expect(tab.get_by_role("heading", name="Help lines", exact=True)).to_be_visible()
    assert settings.PLACE_COOKIE_NAME not in {c["name"] for c in phone.cookies()}


def test_the_privacy_page_names_the_place_cookie(phone, site):
    tab = phone.new_page()
    tab.goto(site + "/privacy/")
    row = tab.get_by_role("row").filter(has_text=settings.PLACE_COOKIE_NAME)
    expect(row).to_contain_text("help lines")

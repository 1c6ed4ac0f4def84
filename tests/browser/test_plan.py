"""The private plan: kept in this browser only when the learner asks, never sent to
the server, and gone after "Delete my notes" or the quick exit."""

from lessons.models import LessonPage
from tests.browser.conftest import EXIT_URL, browsing

SECRET = "Call Aunt Marigold on 0700 900 123"


def stored(tab):
    return tab.evaluate("window.localStorage.getItem('alongside-notes')")


def open_plan(tab, site):
    lesson = LessonPage.objects.get(slug="your-plan")
    tab.goto(site + lesson.url)  # always open: a new visitor reaches it
    return tab.locator("[data-plan] textarea").first


def test_notes_are_kept_only_when_asked_and_never_sent(context, tab, site):
    sent = []
    context.on(
        "request", lambda request: sent.append(request.url + (request.post_data or ""))
    )
    box = open_plan(tab, site)
    box.fill(SECRET)
    assert stored(tab) is None  # not saved until the learner ticks the box
    tab.get_by_label("Save my notes on this device").check()
    assert SECRET in stored(tab)
    tab.reload()
    box = tab.locator("[data-plan] textarea").first
    assert box.input_value() == SECRET
    assert tab.get_by_label("Save my notes on this device").is_checked()
    # Submit the lesson's quiz too: the plan's boxes go nowhere with it.
    tab.get_by_role("button", name="Check my answers").click()
    assert len(sent) > 3
    assert not any("Marigold" in request for request in sent)


def test_delete_my_notes_removes_them_from_the_device(tab, site):
    box = open_plan(tab, site)
    tab.get_by_label("Save my notes on this device").check()
    box.fill(SECRET)
    tab.get_by_role("button", name="Delete my notes").click()
    assert stored(tab) is None
    assert box.input_value() == ""
    tab.reload()
    assert tab.locator("[data-plan] textarea").first.input_value() == ""


def test_the_quick_exit_takes_the_notes_too(tab, site):
    box = open_plan(tab, site)
    tab.get_by_label("Save my notes on this device").check()
    box.fill(SECRET)
    tab.click("text=Exit this page")
    tab.wait_for_url(EXIT_URL)
    tab.goto(site + "/")
    assert stored(tab) is None


def test_without_javascript_the_plan_says_how_to_keep_it(chromium, site):
    with browsing(chromium, java_script_enabled=False) as context:
        tab = context.new_page()
        open_plan(tab, site)
        assert tab.get_by_text("print this page and write on the paper").is_visible()
        assert tab.get_by_role("button", name="Delete my notes").is_hidden()


def test_deleting_all_progress_takes_the_notes_too(tab, site):
    box = open_plan(tab, site)
    tab.get_by_label("Save my notes on this device").check()
    box.fill(SECRET)
    tab.goto(site + "/my-progress/delete/")
    tab.get_by_role("button", name="Yes, delete everything").click()
    tab.wait_for_url(site + "/")
    assert stored(tab) is None  # Clear-Site-Data: "storage"

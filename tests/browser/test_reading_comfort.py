"""Reading comfort: a text size and a colour scheme, chosen on this device, kept from
page to page, with and without JavaScript; the system's dark preference followed
until the learner chooses."""

from django.utils import timezone
from django.utils.dateformat import format as date_format

from playwright.sync_api import expect

from course.models import LessonCompletion
from home.comfort import cookie_name
from learners.views import site_cookies
from tests.browser.conftest import (
    EXIT_URL,
    answer_quiz,
    browsing,
    learner_of,
    lessons,
)

DARK_PAPER = "rgb(18, 20, 22)"
LIGHT_PAPER = "rgb(251, 250, 247)"


def paper(tab):
    # After a navigation, once the stylesheet is in (a committed page may not be).
    tab.wait_for_load_state("load")
    return tab.evaluate("getComputedStyle(document.body).backgroundColor")


def text_size(tab):
    tab.wait_for_load_state("load")
    return tab.evaluate("getComputedStyle(document.body).fontSize")


def choose(tab, label):
    form = tab.locator("#reading")
    if form.get_attribute("open") is None:
        form.locator("summary").click()
    form.get_by_label(label, exact=True).check()


def test_the_system_preference_is_followed_until_the_learner_chooses(chromium, site):
    with browsing(chromium, color_scheme="dark") as context:
        tab = context.new_page()
        tab.goto(site + "/")
        assert paper(tab) == DARK_PAPER
        choose(tab, "Light")
        expect(tab.locator("[data-reading-status]")).to_have_text(
            "Saved on this device."
        )
        assert paper(tab) == LIGHT_PAPER
        tab.goto(site + lessons()[0].url)
        assert paper(tab) == LIGHT_PAPER


def test_text_size_and_dark_colours_show_at_once_and_stay_across_pages(tab, site):
    lesson = lessons()[0]
    tab.goto(site + "/")
    assert paper(tab) == LIGHT_PAPER
    standard = text_size(tab)
    choose(tab, "Largest")
    choose(tab, "Dark")
    # At once, without leaving the page.
    assert paper(tab) == DARK_PAPER
    largest = text_size(tab)
    assert float(largest[:-2]) == float(standard[:-2]) * 1.25
    expect(tab.locator("[data-reading-status]")).to_have_text("Saved on this device.")
    for path in [lesson.get_parent().get_parent().url, lesson.url, "/get-help/"]:
        tab.goto(site + path)
        assert paper(tab) == DARK_PAPER, path
        assert text_size(tab) == largest, path
    choose(tab, "Standard")
    choose(tab, "As my device")
    expect(tab.locator("[data-reading-status]")).to_have_text("Saved on this device.")
    tab.goto(site + "/")
    assert paper(tab) == LIGHT_PAPER
    assert text_size(tab) == standard


def test_the_choice_works_without_javascript(chromium, site):
    with browsing(chromium, java_script_enabled=False) as context:
        tab = context.new_page()
        lesson = lessons()[0]
        tab.goto(site + lesson.url)
        choose(tab, "Large")
        choose(tab, "Dark")
        tab.get_by_role("button", name="Save").click()
        # Back where the learner was, in the colours and size chosen.
        expect(tab).to_have_url(site + lesson.url)
        assert paper(tab) == DARK_PAPER
        assert tab.evaluate("document.documentElement.className") == (
            "text-large scheme-dark"
        )
        tab.goto(site + "/")
        assert paper(tab) == DARK_PAPER


def test_the_choice_is_kept_in_a_cookie_the_privacy_page_lists(context, tab, site):
    tab.goto(site + "/")
    choose(tab, "Large")
    expect(tab.locator("[data-reading-status]")).to_have_text("Saved on this device.")
    cookie = next(c for c in context.cookies() if c["name"] == cookie_name())
    assert cookie["value"] == "large.system"
    assert cookie["httpOnly"]
    assert cookie_name() in {name for name, _why, _kept in site_cookies()}
    tab.goto(site + "/privacy/")
    expect(tab.locator("main")).to_contain_text("text size and colours")


def test_a_lesson_prints_as_its_text_alone(tab, site):
    lesson = lessons()[0]
    tab.goto(site + lesson.url)
    tab.emulate_media(media="print", color_scheme="dark")
    expect(tab.locator("main h1")).to_be_visible()
    expect(tab.locator(".lesson__body")).to_be_visible()
    for left_out in [
        ".quick-exit",
        ".site-header",
        ".site-footer",
        ".breadcrumbs",
        ".quiz",
        ".pager",
    ]:
        expect(tab.locator(left_out).first).to_be_hidden()
    assert paper(tab) == "rgb(255, 255, 255)"  # light paper, even in the dark scheme


def completed_course(context, tab, site):
    all_lessons = lessons()
    tab.goto(site + all_lessons[0].url)
    answer_quiz(tab, all_lessons[0])  # the learner's first answers make them one
    learner = learner_of(context)
    # about(): keyed by each lesson's translation key, as progress reads it.
    LessonCompletion.objects.bulk_create(
        [LessonCompletion.about(lesson, learner=learner) for lesson in all_lessons],
        ignore_conflicts=True,
    )
    return site + all_lessons[0].get_parent().get_parent().url + "completion/"


PRINT_CALLS = """
window.printed = 0;
window.print = function () { window.printed += 1; };
"""


def test_the_completion_page_has_a_print_button_and_the_date(context, tab, site):
    context.add_init_script(PRINT_CALLS)
    completion = completed_course(context, tab, site)
    tab.goto(completion)
    expect(tab.locator(".certificate__date")).to_have_text(
        date_format(timezone.localdate(), "j F Y")
    )
    tab.get_by_role("button", name="Print this page").click()
    assert tab.evaluate("window.printed") == 1
    tab.emulate_media(media="print")
    expect(tab.locator(".certificate__date")).to_be_visible()
    expect(tab.get_by_role("button", name="Print this page")).to_be_hidden()


def test_no_print_button_without_javascript_or_where_the_browser_cannot_print(
    chromium, site
):
    with browsing(chromium) as context:
        context.add_init_script("delete window.print;")
        tab = context.new_page()
        completion = completed_course(context, tab, site)
        tab.goto(completion)
        assert tab.evaluate("typeof window.print") == "undefined"
        expect(tab.locator("[data-print]")).to_be_hidden()
        expect(tab.locator("[data-print-hint]")).to_be_hidden()
        # Without JavaScript the button would do nothing: it stays hidden.
        with browsing(chromium, java_script_enabled=False) as plain:
            plain.add_cookies(context.cookies())
            page = plain.new_page()
            page.goto(completion)
            expect(page.locator(".certificate__date")).to_be_visible()
            expect(page.locator("[data-print]")).to_be_hidden()


# Observing the browser's own speech: each utterance handed to it, and its controls.
SPEECH_CALLS = """
window.spoken = [];
window.speechCalls = [];
if (window.speechSynthesis) {
    for (const name of ["pause", "resume", "cancel"]) {
        const original = speechSynthesis[name].bind(speechSynthesis);
        speechSynthesis[name] = () => {
            window.speechCalls.push(name);
            // Kept where a later page of the site can read it, after leaving.
            localStorage.setItem("speech-calls", JSON.stringify(window.speechCalls));
            original();
        };
    }
    speechSynthesis.speak = (utterance) => {
        window.spoken.push({ text: utterance.text, lang: utterance.lang });
    };
}
"""


def test_listen_reads_the_lesson_with_the_browsers_own_speech(context, tab, site):
    context.add_init_script(SPEECH_CALLS)
    lesson = lessons()[0]
    tab.goto(site + lesson.url)
    tab.wait_for_load_state("networkidle")
    requested = []
    context.on("request", lambda request: requested.append(request.url))
    tab.get_by_role("button", name="Listen to this lesson").click()
    spoken = tab.evaluate("window.spoken")
    assert spoken[0] == {"text": lesson.title, "lang": "en-GB"}
    body = tab.locator(".lesson__body").inner_text()
    assert " ".join(s["text"] for s in spoken[1:]) == " ".join(body.split())
    # Nothing is sent to speak it (a browser may still fetch the favicon meanwhile).
    assert [url for url in requested if "favicon" not in url] == []
    expect(tab.get_by_role("button", name="Listen to this lesson")).to_be_hidden()
    tab.get_by_role("button", name="Pause").click()
    tab.get_by_role("button", name="Carry on").click()
    tab.get_by_role("button", name="Stop").click()
    assert tab.evaluate("window.speechCalls") == ["cancel", "pause", "resume", "cancel"]
    expect(tab.get_by_role("button", name="Listen to this lesson")).to_be_focused()
    expect(tab.get_by_role("button", name="Pause")).to_be_hidden()


def test_the_quick_exit_silences_the_lesson(context, tab, site):
    context.add_init_script(SPEECH_CALLS)
    tab.goto(site + lessons()[0].url)
    tab.get_by_role("button", name="Listen to this lesson").click()
    tab.get_by_role("link", name="Exit this page").click()
    expect(tab).to_have_url(EXIT_URL)
    tab.goto(site + "/")
    # Once before speaking; then at the exit, and again as the page goes.
    calls = tab.evaluate("JSON.parse(localStorage.getItem('speech-calls'))")
    assert calls == ["cancel", "cancel", "cancel"]


def test_listen_is_hidden_where_the_browser_has_no_speech(chromium, site):
    with browsing(chromium) as context:
        context.add_init_script(
            "delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;"
        )
        tab = context.new_page()
        tab.goto(site + lessons()[0].url)
        assert tab.evaluate("'speechSynthesis' in window") is False
        expect(tab.locator("[data-listen]")).to_be_hidden()
    with browsing(chromium, java_script_enabled=False) as context:
        tab = context.new_page()
        tab.goto(site + lessons()[0].url)
        expect(tab.locator("[data-listen]")).to_be_hidden()

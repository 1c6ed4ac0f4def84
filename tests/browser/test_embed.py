"""An organisation's page on one loopback origin embeds the course from another,
in Chromium with third-party cookies blocked."""

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.conf import settings

import pytest
from playwright.sync_api import expect

from course.models import CoursePage, LessonCompletion
from organisations.models import Organisation
from tests.browser.conftest import (
    AGAINST_STACK,
    EXIT_URL,
    answer_quiz,
    browsing,
    lessons,
)

FRAME = "iframe[data-alongside-embed]"


class HostPage:
    """A stand-in for an organisation's website: one page, served on its own origin."""

    def __init__(self):
        self.body = b""
        host = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(host.body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def show(self, snippet):
        self.body = f"<!DOCTYPE html><html lang=en><title>Harbour</title><h1>Harbour support</h1>{snippet}".encode()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def host():
    page = HostPage()
    yield page
    page.close()


def embed_on(host, site, allowed=True):
    Organisation.objects.create(
        name="Harbour",
        slug="harbour",
        allowed_origins=host.url if allowed else "https://elsewhere.example",
    )
    course = CoursePage.objects.get()
    host.show(
        f'<iframe src="{site}/embed/harbour/page/{course.pk}/" title="Course" data-alongside-embed '
        f'style="width:100%;height:300px;border:0"></iframe><script src="{site}/static/js/embed.js" async></script>'
    )


def test_a_learner_completes_a_lesson_inside_the_frame(
    no_third_party_cookies, site, host
):
    embed_on(host, site)
    tab = no_third_party_cookies.new_page()
    course, lesson = start_first_lesson(tab, host)
    # Third-party cookies really are blocked in this frame.
    frame = tab.locator(FRAME).element_handle().content_frame()
    frame.evaluate("document.cookie = 'probe=1; SameSite=None; Secure'")
    assert "probe" not in frame.evaluate("document.cookie")
    answer_quiz(course, lesson)
    expect(course.locator("#quiz-result")).to_contain_text("You passed")
    assert (
        LessonCompletion.objects.get().learner.enrolment.organisation.slug == "harbour"
    )
    assert not [
        c
        for c in no_third_party_cookies.cookies()
        if c["name"] == settings.LEARNER_COOKIE_NAME
    ]
    # The frame has grown to fit the lesson (it started at 300px).
    expect(tab.locator(FRAME)).to_have_attribute(
        "style", re.compile(r"height: \d{4,}px")
    )
    # Quick exit leaves the organisation's page too, not just the frame.
    course.get_by_text("Exit this page").click()
    tab.wait_for_url(EXIT_URL)


def test_the_embed_is_refused_on_a_site_that_is_not_allowed(
    no_third_party_cookies, site, host
):
    embed_on(host, site, allowed=False)
    tab = no_third_party_cookies.new_page()
    with (
        tab.expect_console_message(lambda message: "frame-ancestors" in message.text),
        # Chromium's "is blocked" page, not the course.
        tab.expect_event(
            "framenavigated", lambda f: f.url.startswith("chrome-error://")
        ),
    ):
        tab.goto(host.url)
    (frame,) = tab.frames[1:]
    assert frame.url.startswith("chrome-error://")


def test_the_oembed_card_is_useful_in_wordpress_sandbox(
    no_third_party_cookies, site, host
):
    course = CoursePage.objects.get()
    host.show(
        f'<iframe sandbox="allow-scripts" src="{site}/embed/card/{course.pk}/#?secret=abc123" title="Course"></iframe>'
        '<ol id="got"></ol><script>addEventListener("message", function (e) {'
        ' var item = document.createElement("li"); item.textContent = JSON.stringify(e.data);'
        ' document.getElementById("got").append(item); });</script>'
    )
    tab = no_third_party_cookies.new_page()
    tab.goto(host.url)
    card = tab.frame_locator("iframe")
    expect(card.locator("h1")).to_have_text(course.title)
    card.get_by_text("Open the course").click()
    expect(tab.locator("#got")).to_contain_text('"link"')
    messages = [json.loads(text) for text in tab.locator("#got li").all_inner_texts()]
    assert {
        "message": "link",
        "value": f"{site}{course.url}",
        "secret": "abc123",
    } in messages
    assert any(m["message"] == "height" and m["value"] > 100 for m in messages)


def frame_of(tab):
    return tab.locator(FRAME).element_handle().content_frame()


def start_first_lesson(tab, host):
    tab.goto(host.url)
    course = tab.frame_locator(FRAME)
    course.get_by_text("Start the first lesson").click()
    lesson = lessons()[0]
    expect(course.locator("h1")).to_have_text(lesson.title)
    # The page around the frame has scrolled to the lesson's top (embed.js), so
    # nothing moves under the test's next click.
    scrolled_to(tab, tab.locator(FRAME), 0)
    return course, lesson


def scrolled_to(tab, locator, offset):
    """Wait until the element's top is `offset` pixels below the top of the tab."""
    wait_until(lambda: abs(locator.bounding_box()["y"] - offset) <= 2)


def finished_count(course):
    return course.get_by_text(re.compile(r"\d+ of \d+ lessons finished")).first


def test_a_reload_or_a_new_visit_keeps_the_learners_progress(
    no_third_party_cookies, site, host
):
    embed_on(host, site)
    tab = no_third_party_cookies.new_page()
    course, lesson = start_first_lesson(tab, host)
    answer_quiz(course, lesson)
    expect(course.locator("#quiz-result")).to_contain_text("You passed")
    tab.reload()  # (browsers may restore the frame's last page on a reload)
    expect(finished_count(tab.frame_locator(FRAME))).to_contain_text("1 of")
    # A new visit, in another tab of the same browser.
    again = no_third_party_cookies.new_page()
    again.goto(host.url)
    expect(finished_count(again.frame_locator(FRAME))).to_contain_text("1 of")
    expect(again.frame_locator(FRAME).locator("[data-embed-may-forget]")).to_be_hidden()


@pytest.mark.skipif(
    AGAINST_STACK,
    reason="the stand-in website is http, so never the same site as the stack's https",
)
def test_where_the_cookie_is_not_kept_the_frames_storage_keeps_the_progress(
    chromium, site, host
):
    """For browsers that give another site's frame partitioned storage but keep no
    partitioned cookie. This Chromium denies a third-party frame its storage either
    way, so the page around the frame is served from the course's own site here
    (another port), where the frame has storage, and the browser refuses the cookie."""
    embed_on(host, site)
    same_site = host.url.replace("127.0.0.1", "localhost")
    Organisation.objects.filter(slug="harbour").update(allowed_origins=same_site)
    with browsing(chromium, ignore_https_errors=True) as context:
        context.route(f"{site}/embed/harbour/page/**", refuse_cookies)
        tab = context.new_page()
        tab.goto(same_site)
        course = tab.frame_locator(FRAME)
        course.get_by_text("Start the first lesson").click()
        lesson = lessons()[0]
        answer_quiz(course, lesson)
        expect(course.locator("#quiz-result")).to_contain_text("You passed")
        again = context.new_page()
        again.goto(same_site)
        course = again.frame_locator(FRAME)
        expect(finished_count(course)).to_contain_text("1 of")
        expect(course.locator("[data-embed-may-forget]")).to_be_hidden()


def test_where_nothing_is_kept_the_frame_offers_a_resume_code(
    chromium_blocking_third_party_cookies, site, host
):
    """As in a private window that keeps no cookie for the frame (its storage is
    denied already, with third-party cookies blocked)."""
    embed_on(host, site)
    with browsing(
        chromium_blocking_third_party_cookies, ignore_https_errors=True
    ) as context:
        context.route(f"{site}/embed/harbour/page/**", refuse_cookies)
        tab = context.new_page()
        tab.goto(host.url)
        notice = tab.frame_locator(FRAME).locator("[data-embed-may-forget]")
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("resume code")
        notice.get_by_role("link", name="Your progress").click()
        expect(tab.frame_locator(FRAME).locator("h1")).to_have_text("Your progress")


def refuse_cookies(route):
    """The embed's start as a browser that refused its cookie would have it."""
    response = route.fetch(max_redirects=0)
    headers = {k: v for k, v in response.headers.items() if k != "set-cookie"}
    route.fulfill(status=response.status, headers=headers, body=response.body())


def in_view(tab, locator):
    """Whether the element is inside the tab's viewport (a frame's element's box is
    given in the tab's coordinates)."""
    box = locator.bounding_box()
    height = tab.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def test_the_exit_stays_in_view_at_the_bottom_of_a_long_lesson(
    no_third_party_cookies, site, host
):
    embed_on(host, site)
    tab = no_third_party_cookies.new_page()
    course, _lesson = start_first_lesson(tab, host)
    expect(tab.locator(FRAME)).to_have_attribute(
        "style", re.compile(r"height: \d{4,}px")
    )
    exit_button = course.get_by_role("link", name="Exit this page")
    assert in_view(tab, exit_button)
    tab.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    last_line = course.locator(".site-footer__note")
    wait_until(lambda: in_view(tab, last_line))
    wait_until(lambda: in_view(tab, exit_button))
    tab.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
    wait_until(lambda: in_view(tab, exit_button))
    exit_button.click()
    tab.wait_for_url(EXIT_URL)


def wait_until(condition, seconds=5):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, condition
        time.sleep(0.05)


def test_back_after_the_exit_does_not_show_the_course(
    no_third_party_cookies, site, host
):
    embed_on(host, site)
    tab = no_third_party_cookies.new_page()
    course, lesson = start_first_lesson(tab, host)
    # By the keyboard: the page around the frame may still be scrolling to the
    # lesson's top, which moves the exit under a pointer.
    course.get_by_role("link", name="Exit this page").press("Enter")
    tab.wait_for_url(EXIT_URL)
    tab.go_back()
    expect(tab).to_have_url(host.url + "/")
    course = tab.frame_locator(FRAME)
    expect(course.locator("h1")).to_be_hidden()
    assert frame_of(tab).title() == ""
    # Coming back by a link, the course is there again.
    tab.goto(host.url)
    expect(tab.frame_locator(FRAME).locator("h1")).to_be_visible()


def test_after_sending_a_quiz_or_moving_on_the_learner_lands_where_they_should(
    no_third_party_cookies, site, host
):
    embed_on(host, site)
    tab = no_third_party_cookies.new_page()
    course, lesson = start_first_lesson(tab, host)
    # The lesson's first line is in view, not the middle of the page.
    expect(course.locator("h1")).to_be_in_viewport()
    result = course.locator("#quiz-result")
    answer_quiz(course, lesson, right=False)
    expect(result).to_have_class(re.compile("result--not-yet"))
    scrolled_to(tab, result, 16)  # the result at the top, a little room above
    answer_quiz(course, lesson)
    expect(result).to_contain_text("You passed")
    scrolled_to(tab, result, 16)
    expect(result).to_be_focused()
    course.get_by_role("link", name=re.compile("Go to the next lesson")).click()
    expect(course.locator("h1")).to_have_text(lessons()[1].title)
    expect(course.locator("h1")).to_be_in_viewport()


def test_a_compact_embed_folds_the_help_lines_into_one_line(
    no_third_party_cookies, site, host
):
    embed_on(host, site)
    course = CoursePage.objects.get()
    heights = {}
    for query in ("", "?compact=1"):
        host.show(
            f'<iframe src="{site}/embed/harbour/page/{course.pk}/{query}" title="Course" '
            f'data-alongside-embed style="width:100%;height:300px;border:0"></iframe>'
            f'<script src="{site}/static/js/embed.js" async></script>'
        )
        tab = no_third_party_cookies.new_page()
        tab.goto(host.url)
        frame = tab.frame_locator(FRAME)
        expect(frame.locator("h1")).to_have_text(course.title)
        expect(tab.locator(FRAME)).to_have_attribute(
            "style",
            re.compile(r"height: (?!300px)\d{3,}px"),  # fitted to the page
        )
        heights[query] = tab.locator(FRAME).bounding_box()["height"]
    help_lines = frame.locator("#get-help .help__list")
    expect(help_lines).to_be_hidden()
    frame.get_by_text("help lines").click()
    expect(help_lines).to_be_visible()
    expect(frame.get_by_role("link", name="Exit this page")).to_be_visible()
    # No header, and the help lines folded (the full footer now holds only the
    # emergency numbers and a link, so the saving is smaller than it was).
    assert heights["?compact=1"] < heights[""] - 100, heights


def test_a_help_lines_website_opens_in_a_new_tab_not_in_the_frame(
    no_third_party_cookies, site, host
):
    embed_on(host, site)
    tab = no_third_party_cookies.new_page()
    tab.goto(host.url)
    course = tab.frame_locator(FRAME)
    # Every page links to the help lines; the get-help page lists their websites.
    course.locator("#get-help").get_by_role(
        "link", name="Find a help line near you"
    ).click()
    website = course.locator("main").get_by_role("link", name=re.compile("^Website"))
    expect(website.first).to_contain_text("(opens in a new tab)")
    href = website.first.get_attribute("href")
    no_third_party_cookies.route(  # no outside host is reachable here
        href + "**", lambda route: route.fulfill(body="<h1>Help line</h1>")
    )
    with no_third_party_cookies.expect_page() as opened:
        website.first.click()
    expect(opened.value.locator("h1")).to_have_text("Help line")
    assert opened.value.url.rstrip("/") == href.rstrip("/")
    expect(course.locator("h1")).to_have_text("Get help")


def test_without_the_script_the_course_works_in_the_frame_it_is_given(
    no_third_party_cookies, site, host
):
    course_page = CoursePage.objects.get()
    embed_on(host, site)
    host.show(
        f'<iframe src="{site}/embed/harbour/page/{course_page.pk}/" title="Course" '
        'data-alongside-embed style="width:100%;height:600px;border:0"></iframe>'
    )
    tab = no_third_party_cookies.new_page()
    tab.goto(host.url)
    course = tab.frame_locator(FRAME)
    course.get_by_text("Start the first lesson").click()
    lesson = lessons()[0]
    expect(course.locator("h1")).to_have_text(lesson.title)
    exit_button = course.get_by_role("link", name="Exit this page")
    assert in_view(tab, exit_button)  # at the top of the frame
    answer_quiz(course, lesson)
    expect(course.locator("#quiz-result")).to_contain_text("You passed")
    assert tab.locator(FRAME).bounding_box()["height"] == 600
    exit_button.press("Enter")
    tab.wait_for_url(EXIT_URL)

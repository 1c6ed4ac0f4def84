"""An organisation's page on one loopback origin embeds the course from another,
in Chromium with third-party cookies blocked."""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.conf import settings

import pytest
from playwright.sync_api import expect

from course.models import CoursePage, LessonCompletion
from organisations.models import Organisation
from tests.browser.conftest import (
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
def no_third_party_cookies(chromium_blocking_third_party_cookies):
    with browsing(chromium_blocking_third_party_cookies) as context:
        yield context


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
        f'<iframe src="{site}/embed/harbour/course/{course.pk}/" title="Course" data-alongside-embed '
        f'style="width:100%;height:300px;border:0"></iframe><script src="{site}/static/js/embed.js" async></script>'
    )


def test_a_learner_completes_a_lesson_inside_the_frame(
    no_third_party_cookies, site, host
):
    embed_on(host, site)
    tab = no_third_party_cookies.new_page()
    tab.goto(host.url)
    course = tab.frame_locator(FRAME)
    course.get_by_text("Start the first lesson").click()
    lesson = lessons()[0]
    expect(course.locator("h1")).to_have_text(lesson.title)
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

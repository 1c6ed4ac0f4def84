"""An LTI 1.3 launch in Chromium with third-party cookies blocked: the test
platform's course page (on 127.0.0.1) frames Alongside (on localhost), starts the
OIDC login in the frame, and its authentication page posts the signed id_token to
our launch. The course opens in the organisation's embed, and a passed quiz reaches
the platform's grade book."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from course.models import LessonCompletion
from lti.models import ToolKey
from organisations.models import Organisation
from tests.browser.conftest import answer_quiz, lessons
from tests.browser.test_page_checks import AXE_TAGS, nu_errors
from tests.lti.platform import TestPlatform

FRAME = 'iframe[title="Alongside"]'


@pytest.fixture
def platform():
    platform = TestPlatform()
    yield platform
    platform.stop()


def test_a_launch_in_the_platforms_frame_opens_the_lesson_and_sends_the_score(
    no_third_party_cookies, site, platform
):
    organisation = Organisation.objects.create(
        name="Harbour", slug="harbour", allowed_origins=platform.origin
    )
    platform.register(organisation)
    platform.tool_jwks = {"keys": [ToolKey.objects.current().as_jwk()]}
    lesson = lessons()[0]
    platform.show_in_course(
        site,
        f"{site}/lti/launch/{lesson.pk}/",
        changes=platform.grade_book("lesson-1"),
    )
    tab = no_third_party_cookies.new_page()
    tab.goto(f"{platform.origin}/course")
    course = tab.frame_locator(FRAME)
    expect(course.locator("h1")).to_have_text(lesson.title)
    # Third-party cookies really are blocked in this frame.
    frame = tab.locator(FRAME).element_handle().content_frame()
    assert frame.url.startswith(f"{site}/embed/harbour/")
    frame.evaluate("document.cookie = 'probe=1; SameSite=None; Secure'")
    assert "probe" not in frame.evaluate("document.cookie")
    # The organisation's embed: its quick exit is there.
    expect(course.get_by_text("Exit this page")).to_be_visible()
    answer_quiz(course, lesson)
    expect(course.locator("#quiz-result")).to_contain_text("You passed")
    completion = LessonCompletion.objects.get()
    assert completion.learner.enrolment.organisation == organisation
    assert [(score["userId"], score["scoreGiven"]) for _, score in platform.scores] == [
        ("person-in-browser", 100)
    ]


def in_course(platform, site, storage):
    organisation = Organisation.objects.create(
        name="Harbour", slug="harbour", allowed_origins=platform.origin
    )
    platform.register(organisation)
    lesson = lessons()[0]
    platform.show_in_course(site, f"{site}/lti/launch/{lesson.pk}/", storage=storage)
    return lesson


def test_with_the_platforms_storage_the_launch_opens_in_the_window_that_started_it(
    no_third_party_cookies, site, platform
):
    lesson = in_course(platform, site, storage="keeps")
    tab = no_third_party_cookies.new_page()
    tab.goto(f"{platform.origin}/course")
    expect(tab.frame_locator(FRAME).locator("h1")).to_have_text(lesson.title)


def test_a_launch_the_platforms_storage_does_not_know_does_not_open(
    no_third_party_cookies, site, platform
):
    in_course(platform, site, storage="forgets")
    tab = no_third_party_cookies.new_page()
    tab.goto(f"{platform.origin}/course")
    frame = tab.frame_locator(FRAME)
    expect(frame.get_by_text("did not start in this window")).to_be_visible()
    assert "/embed/" not in tab.locator(FRAME).element_handle().content_frame().url


def test_where_the_platforms_storage_does_not_answer_a_new_window_opens_the_course(
    no_third_party_cookies, site, platform
):
    lesson = in_course(platform, site, storage="silent")
    tab = no_third_party_cookies.new_page()
    tab.goto(f"{platform.origin}/course")
    link = tab.frame_locator(FRAME).get_by_role(
        "link", name="Open Alongside in a new window"
    )
    with no_third_party_cookies.expect_page() as opened:
        link.click()
    window = opened.value
    expect(window.locator("h1")).to_have_text(lesson.title)
    assert "/embed/harbour/" in window.url


def test_an_instructor_places_a_lesson_from_the_catalogue_in_the_platforms_frame(
    no_third_party_cookies, site, platform, tmp_path
):
    organisation = Organisation.objects.create(
        name="Harbour", slug="harbour", allowed_origins=platform.origin
    )
    platform.register(organisation)
    lesson = lessons()[1]
    # With the platform's storage: the catalogue opens once the state is found there.
    platform.show_in_course(site, f"{site}/lti/launch/", placing="one", storage="keeps")
    tab = no_third_party_cookies.new_page()
    tab.goto(f"{platform.origin}/course")
    picker = tab.frame_locator(FRAME)
    expect(picker.locator("h1")).to_have_text("Place Alongside in your course")
    frame = tab.locator(FRAME).element_handle().content_frame()
    violations = (
        Axe()
        .run(frame, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        .response["violations"]
    )
    assert violations == []
    (tmp_path / "pick.html").write_text(frame.content())
    assert nu_errors(tmp_path) == []
    picker.get_by_label(f"Lesson: {lesson.title}").check()
    picker.get_by_role("button", name="Place it in my course").click()
    # Our page sends the signed answer back to the platform at once.
    expect(picker.locator("h1")).to_have_text("Placed")
    (answer,) = platform.placements
    items = platform.receive_placement(
        answer, {"keys": [key.as_jwk() for key in ToolKey.objects.published()]}
    )
    assert [item["url"] for item in items] == [f"{site}/lti/launch/{lesson.pk}/"]

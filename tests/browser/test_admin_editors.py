"""What a charity's editor sees in the admin, in Chromium at 1280 x 800: readable
reports with their charts and downloads, the course panel on the dashboard, writing a
quiz (a new question, option headers, the Quiz tab's error after a failed save), and
the organisation form (the slug from the name, the colour picker and its check)."""

import re

from django.conf import settings
from django.test import Client

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import browsing, lessons
from tests.helpers import make_user, signed_in, submit

DESKTOP = {"viewport": {"width": 1280, "height": 800}}


@pytest.fixture
def editor_tab(chromium, site):
    with browsing(chromium, **DESKTOP) as context:
        client = signed_in(Client(), make_user("ada", superuser=True))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site}]
        )
        yield context.new_page()


def learners_answer(lesson, count=5, right=False):
    for _ in range(count):
        submit(Client(), lesson, right=right)


def test_the_quiz_questions_report_is_readable_with_its_chart(editor_tab, site):
    first = lessons()[0]
    learners_answer(first)
    tab = editor_tab
    tab.goto(f"{site}/admin/reports/quiz-questions/")

    question = tab.locator("th.report-question")
    assert question.bounding_box()["width"] >= 300
    # Every column fits beside the menu: nothing is cut off at the right.
    last = tab.locator("table.listing thead th").last.bounding_box()
    assert last["x"] + last["width"] <= 1280

    chart = tab.locator('ol[aria-labelledby="difficulty-heading"]')
    expect(chart).to_be_visible()
    first_bar = chart.locator("li").first
    expect(first_bar.locator(".report-chart__figure")).to_have_text(
        "100% of answers wrong"
    )
    expect(first_bar.locator("svg")).to_have_attribute("aria-hidden", "true")
    expect(tab.get_by_role("link", name="Download CSV")).to_be_visible()
    expect(tab.get_by_role("link", name="Download XLSX (Excel)")).to_be_visible()


def test_the_funnel_shows_the_drop_off_per_lesson(editor_tab, site):
    first = lessons()[0]
    learners_answer(first, right=False)  # started, not finished
    editor_tab.goto(f"{site}/admin/reports/completion-funnel/")
    chart = editor_tab.locator('ol[aria-labelledby="drop-off-heading"]')
    expect(chart.locator("li").first).to_contain_text(first.title)
    expect(chart.locator("li").first).to_contain_text("100% did not finish")


def test_the_dashboard_shows_the_course_panel(editor_tab, site):
    editor_tab.goto(f"{site}/admin/")
    panel = editor_tab.locator("#course-at-a-glance-section")
    expect(panel.get_by_role("heading", name="Learners this week")).to_be_visible()
    expect(
        panel.get_by_role("heading", name="Help lines due for checking")
    ).to_be_visible()


def open_quiz_tab(tab, site, lesson):
    tab.goto(f"{site}/admin/pages/{lesson.pk}/edit/")
    tab.get_by_role("tab", name="Quiz").click()
    return tab.locator("#tab-quiz")


def test_a_new_question_starts_with_two_options_and_no_error(editor_tab, site):
    quiz = open_quiz_tab(editor_tab, site, lessons()[0])
    questions = quiz.locator(
        "[data-contentpath=quiz] [data-streamfield-stream-container] > [data-streamfield-child]"
    )
    before = questions.count()
    quiz.get_by_role("button", name="Insert a block").last.click()
    editor_tab.get_by_role("option", name="Single choice").click()
    expect(questions).to_have_count(before + 1)
    new = questions.last
    options = new.locator(
        "[data-contentpath=options] [data-streamfield-list-container] > [data-streamfield-child]"
    )
    expect(options).to_have_count(2)
    expect(new.get_by_text("The minimum number of items")).to_have_count(0)


def test_option_headers_show_their_answer(editor_tab, site):
    lesson = lessons()[0]
    quiz = open_quiz_tab(editor_tab, site, lesson)
    first_option = lesson.questions[0].options[0]
    header = quiz.locator("[data-contentpath=options] .c-sf-block__title").first
    expect(header).to_contain_text(first_option.text[:40])
    # Wagtail hides an open block's summary in a 1 px box; ours is readable.
    assert header.bounding_box()["width"] > 100


def test_after_a_failed_save_the_quiz_tab_shows_its_error(editor_tab, site):
    lesson = lessons()[0]
    quiz = open_quiz_tab(editor_tab, site, lesson)
    # Leave the first question with no right answer.
    quiz.locator(
        "[data-contentpath=correct] input[type=checkbox]:checked"
    ).first.uncheck()
    with editor_tab.expect_navigation():
        editor_tab.get_by_role("button", name="Save draft").click()
    expect(editor_tab.get_by_text("could not be saved")).to_be_visible()
    errors = editor_tab.get_by_role("tab", name=re.compile("Quiz")).locator(
        ".w-tabs__errors"
    )
    expect(errors).to_be_visible()
    expect(errors).to_contain_text("1")
    content = editor_tab.get_by_role("tab", name=re.compile("Content")).locator(
        ".w-tabs__errors"
    )
    expect(content).to_be_hidden()


def test_the_organisation_form_fills_the_slug_and_refuses_a_light_colour(
    editor_tab, site
):
    tab = editor_tab
    tab.goto(f"{site}/admin/snippets/organisations/organisation/add/")
    tab.locator("#id_name").press_sequentially("Riverside Family Support")
    tab.locator("#id_name").blur()
    expect(tab.locator("#id_slug")).to_have_value("riverside-family-support")

    colour = tab.get_by_label("Accent colour")
    expect(colour).to_have_attribute("type", "color")
    colour.fill("#ffff00")
    tab.locator("#id_allowed_origins").fill("https://river.example")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Save draft").click()
    expect(tab.get_by_text("it needs at least 4.5:1")).to_be_visible()


def test_the_answer_key_preview_puts_each_key_under_its_question(editor_tab, site):
    lesson = lessons()[0]
    tab = editor_tab
    tab.goto(f"{site}/admin/pages/{lesson.pk}/edit/")
    tab.get_by_role("button", name="Toggle preview").click()
    # The panel shows the learners' view first; then switch its mode.
    expect(tab.locator(".w-preview__iframe").first).to_have_attribute(
        "src", re.compile("preview")
    )
    tab.locator("#id_preview_mode").select_option("answer-key")
    frame = tab.locator('.w-preview__iframe[src*="mode=answer-key"]')
    expect(frame).to_have_count(1)
    # The preview panel's page, read at full width.
    tab.goto(site + frame.get_attribute("src").removeprefix(site))
    questions = tab.locator("ol.questions > li")
    expect(questions).to_have_count(len(lesson.questions))
    for number, question in enumerate(lesson.questions):
        key = questions.nth(number).locator(".answer-key--question")
        right = next(option for option in question.options if option.correct)
        expect(key.locator(".answer-key__option--right").first).to_contain_text(
            right.text
        )

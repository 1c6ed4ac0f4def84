"""The course in two languages, in Chromium: a learner who starts in Spanish and
finishes in English keeps every lesson, a Spanish browser's first visit opens in
Spanish, the Spanish pages pass axe-core, and a right-to-left language is laid out
right to left."""

import json
import re
from pathlib import Path

from django.conf import settings as django_settings

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from course.models import LessonCompletion
from tests.browser.conftest import answer_quiz, browsing, learner_of, lessons
from tests.browser.test_page_checks import axe_violations

SCREENSHOTS = Path(django_settings.BASE_DIR) / "var" / "screenshots"


def in_stages(course_lessons):
    """The lessons, stage by stage, in the course's order."""
    stages = {}
    for lesson in course_lessons:
        stages.setdefault(lesson.get_parent().pk, []).append(lesson)
    return list(stages.values())


def language_switch(tab, name):
    """The header's link to the page in another language."""
    return tab.locator("header .language-switch").get_by_role("link", name=name)


def pass_lessons(tab, some_lessons):
    """From the first of them, pass each lesson's quiz and follow the result's link."""
    for lesson in some_lessons:
        expect(tab.locator("h1")).to_have_text(lesson.title)
        answer_quiz(tab, lesson)
        expect(tab.locator("#quiz-result")).to_have_class(
            re.compile(r"\bresult--passed\b")
        )
        tab.locator("#quiz-result a.button").click()


def test_a_learner_starts_in_spanish_and_finishes_in_english(
    tab, site_in_two_languages
):
    site = site_in_two_languages
    spanish, english = lessons("es"), lessons()
    # The same lessons in the same order: each Spanish one is an English one's translation.
    assert [each.translation_key for each in spanish] == [
        each.translation_key for each in english
    ]
    stages = in_stages(spanish)
    assert len(stages) >= 2
    halfway = sum(len(stage) for stage in stages[: len(stages) // 2])
    english_course = english[0].get_parent().get_parent()

    tab.goto(site + "/es/")
    expect(tab.locator("html")).to_have_attribute("lang", "es")
    tab.get_by_role("link", name="Abrir el curso").click()
    expect(tab).to_have_url(site + spanish[0].get_parent().get_parent().url)
    tab.get_by_role("link", name="Empezar la primera lección").click()
    pass_lessons(tab, spanish[:halfway])

    # Halfway: the next stage's first lesson is open, in Spanish; switch to English.
    expect(tab).to_have_url(site + spanish[halfway].url)
    expect(tab.locator("h1")).to_have_text(spanish[halfway].title)
    language_switch(tab, "English").click()
    expect(tab).to_have_url(site + english[halfway].url)
    expect(tab.locator("html")).to_have_attribute("lang", "en-GB")
    expect(tab.locator("h1")).to_have_text(english[halfway].title)

    # The English course page counts the Spanish lessons as finished.
    tab.goto(site + english_course.url)
    expect(tab.locator("#course-progress")).to_have_text(
        f"The whole course: {halfway} of {len(english)} lessons finished"
    )
    for number, stage in enumerate(in_stages(english)):
        item = tab.locator("li.stage").nth(number)
        expect(item.locator(".stage__title")).to_have_text(stage[0].get_parent().title)
        if number < len(stages) // 2:
            expect(item).to_have_class(re.compile(r"\bstage--done\b"))
            expect(item.locator(".stage__status")).to_have_text("Finished.")
        elif number == len(stages) // 2:
            expect(item).not_to_have_class(re.compile(r"\bstage--locked\b"))
    resume = tab.get_by_role("link", name="Continue where you left off")
    expect(resume).to_have_attribute("href", english[halfway].url)
    resume.click()
    pass_lessons(tab, english[halfway:])

    expect(tab).to_have_url(site + english_course.url + "completion/")
    expect(tab.locator("html")).to_have_attribute("lang", "en-GB")
    expect(tab.locator("main")).to_contain_text("Course finished")


def test_a_spanish_browser_opens_in_spanish_until_english_is_chosen(
    chromium, site_in_two_languages
):
    site = site_in_two_languages
    with browsing(chromium, locale="es-MX") as context:
        tab = context.new_page()
        tab.goto(site + "/")
        expect(tab).to_have_url(site + "/es/")
        expect(tab.locator("html")).to_have_attribute("lang", "es")
        expect(tab.get_by_role("link", name="Abrir el curso")).to_be_visible()

        language_switch(tab, "English").click()
        expect(tab).to_have_url(site + "/")
        expect(tab.locator("html")).to_have_attribute("lang", "en-GB")
        expect(tab.get_by_role("link", name="Open the course")).to_be_visible()

        tab.reload()
        expect(tab).to_have_url(site + "/")
        expect(tab.locator("html")).to_have_attribute("lang", "en-GB")
        expect(tab.get_by_role("link", name="Open the course")).to_be_visible()


def axe_problems(tab, site, pages):
    """axe-core's violations on each page, by name: `pages` yields (name, path), a
    path of None scanning the page the tab is on (after a click)."""
    axe, problems, checked = Axe(), {}, []
    for name, path in pages:
        if path is not None:
            tab.goto(site + path)
        expect(tab.locator("html")).to_have_attribute("lang", "es")
        violations = axe_violations(tab, axe)
        if violations:
            problems[name] = violations
        checked.append(name)
    return problems, checked


def spanish_pages(tab, context):
    spanish = lessons("es")
    first = spanish[0]
    course = first.get_parent().get_parent()
    yield "home", "/es/"
    yield "course", course.url
    yield "stage", first.get_parent().url
    yield "lesson", first.url
    answer_quiz(tab, first, right=False)
    expect(tab.locator("#quiz-result")).to_have_class(
        re.compile(r"\bresult--not-yet\b")
    )
    yield "quiz failed", None
    answer_quiz(tab, first, right=True)
    expect(tab.locator("#quiz-result")).to_have_class(re.compile(r"\bresult--passed\b"))
    yield "quiz passed", None
    learner = learner_of(context)
    LessonCompletion.objects.bulk_create(
        [LessonCompletion.about(lesson, learner=learner) for lesson in spanish],
        ignore_conflicts=True,  # the first, passed above
    )
    yield "completion", course.url + "completion/"
    expect(tab.locator("main")).to_contain_text("Curso terminado")
    yield "get help", "/es/get-help/"
    yield "browsing safely", "/es/browsing-safely/"
    yield "privacy", "/es/privacy/"
    yield "your progress", "/es/my-progress/"
    yield "search", "/es/search/?q=escuchar"
    yield "not found", "/es/no-such-page/"


def test_the_spanish_pages_pass_axe(tab, context, site_in_two_languages):
    problems, checked = axe_problems(
        tab, site_in_two_languages, spanish_pages(tab, context)
    )
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)
    assert len(checked) == 13


def box(tab, selector):
    return tab.locator(selector).first.bounding_box()


# (element, the box it sits in): laid out right to left, the element's distance
# from its box's left edge is its distance from the right edge left to right.
MIRRORED = [
    (".quick-exit__button", ".quick-exit"),
    (".site-header__name", ".site-header__inner"),
    ("main h1", "main"),
    ("main select", "main"),
    (".progress__bar", "main"),
    ("#quiz-form", "main"),
    ("#quiz-form input[type=radio]", "#quiz-form"),
    ('#quiz-form button[type="submit"]', "#quiz-form"),
]

LAYOUT = """(pairs) => ({
    edges: pairs.map(([selector, within]) => {
        const element = document.querySelector(selector);
        const frame = document.querySelector(within);
        if (!element || !frame) return null;
        const a = element.getBoundingClientRect(), b = frame.getBoundingClientRect();
        return [Math.round(a.left - b.left), Math.round(b.right - a.right)];
    }),
    breadcrumbGaps: [...document.querySelectorAll(".breadcrumbs li")]
        .map((item) => getComputedStyle(item, "::before"))
        .filter((before) => before.content !== "none")
        .map((before) => [before.marginInlineStart, before.marginInlineEnd]),
})"""


def test_a_right_to_left_language_is_laid_out_right_to_left(chromium, site, settings):
    """Arabic, added without a catalogue: its words stay English, but its pages
    (under /ar/) run right to left, as a mirror of the English ones. Screenshots in
    var/screenshots/ to look at."""
    settings.LANGUAGES = [*settings.LANGUAGES, ("ar", "العربية")]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = {"get-help": "/get-help/", "lesson": lessons()[0].url}
    for width, height in ((1280, 800), (390, 844)):
        with browsing(chromium, viewport={"width": width, "height": height}) as context:
            tab = context.new_page()
            for name, path in pages.items():
                layout = {}
                for language, prefix, direction in (
                    ("en", "", "ltr"),
                    ("ar", "/ar", "rtl"),
                ):
                    tab.goto(site + prefix + path)
                    where = (language, name, width)
                    expect(tab.locator("html")).to_have_attribute("dir", direction)
                    assert (
                        tab.evaluate(
                            "getComputedStyle(document.querySelector('main')).direction"
                        )
                        == direction
                    ), where
                    tab.screenshot(
                        path=SCREENSHOTS / f"{name}-{language}-{width}x{height}.png",
                        full_page=True,
                    )
                    overflow = tab.evaluate(
                        "document.documentElement.scrollWidth - window.innerWidth"
                    )
                    assert overflow <= 0, (*where, overflow)
                    inner = box(tab, ".site-header__inner")
                    site_name = box(tab, ".site-header__name")
                    exit_button = box(tab, ".quick-exit__button")
                    main = box(tab, "main")
                    assert main["x"] >= 0, (*where, main)
                    if direction == "rtl":
                        # The site's name at the right edge, the exit at the left.
                        assert site_name["x"] + site_name["width"] >= (
                            inner["x"] + inner["width"] - 24
                        ), (*where, site_name, inner)
                        assert exit_button["x"] < width / 2, (*where, exit_button)
                    else:
                        assert site_name["x"] <= inner["x"] + 24, (*where, site_name)
                        assert exit_button["x"] > width / 2, (*where, exit_button)
                    layout[direction] = tab.evaluate(LAYOUT, MIRRORED)

                ltr, rtl = layout["ltr"], layout["rtl"]
                for (selector, _within), left, right in zip(
                    MIRRORED, ltr["edges"], rtl["edges"], strict=True
                ):
                    if left is None:
                        assert right is None, (name, width, selector)
                        continue
                    assert abs(left[0] - right[1]) <= 2, (
                        name,
                        width,
                        selector,
                        left,
                        right,
                    )
                    assert abs(left[1] - right[0]) <= 2, (
                        name,
                        width,
                        selector,
                        left,
                        right,
                    )
                # The space between a breadcrumb's arrow and its link is on the
                # link's side in both directions (margin-inline-*, not -left/-right).
                assert rtl["breadcrumbGaps"] == ltr["breadcrumbGaps"], (
                    f"{name} at {width} px: the breadcrumbs' arrows' margins "
                    "(inline start, end) left to right and right to left",
                    ltr["breadcrumbGaps"],
                    rtl["breadcrumbGaps"],
                )

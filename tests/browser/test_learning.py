"""A learner's journey in a real browser, with the mouse and with the keyboard alone."""

from playwright.sync_api import expect

from lessons.forms import field_name
from tests.browser.conftest import answer_quiz, lessons


def test_new_learner_fails_retakes_passes_and_unlocks_the_next_stage(tab, site):
    all_lessons = lessons()
    tab.goto(site + "/")
    tab.click("text=Open the course")
    tab.click("text=Start the first lesson")
    assert tab.locator("h1").inner_text() == all_lessons[0].title
    answer_quiz(tab, all_lessons[0], right=False)
    assert "Not quite yet" in tab.locator("#quiz-result").inner_text()
    # Focus moves to the result, so it is read out.
    expect(tab.locator("#quiz-result")).to_be_focused()
    answer_quiz(tab, all_lessons[0], right=True)
    assert "You passed" in tab.locator("#quiz-result").inner_text()
    first_stage = [
        lesson
        for lesson in all_lessons
        if lesson.get_parent().pk == all_lessons[0].get_parent().pk
    ]
    for lesson in first_stage[1:]:
        tab.click("text=Go to the next lesson")
        assert tab.locator("h1").inner_text() == lesson.title
        answer_quiz(tab, lesson)
    tab.click("text=Go to the next lesson")
    next_one = all_lessons[len(first_stage)]
    assert tab.locator("h1").inner_text() == next_one.title  # stage 2 is open
    tab.goto(site + all_lessons[0].get_parent().get_parent().url)
    expect(tab.locator("main")).to_contain_text(
        f"The whole course: {len(first_stage)} of {len(all_lessons)} lessons finished"
    )


def test_another_learner_completes_the_whole_course(tab, site):
    tab.goto(site + lessons()[0].url)
    for lesson in lessons():
        assert tab.locator("h1").inner_text() == lesson.title
        answer_quiz(tab, lesson)
        link = tab.locator("#quiz-result a.button")
        link.click()
    # The completion page may still be arriving when the click returns; expect waits.
    expect(tab.locator("main")).to_contain_text("Course finished")
    tab.fill("#id_name", "Alex")
    tab.click("text=Show this name")
    assert tab.locator(".certificate__name").inner_text() == "Alex"


def focus_by_tabbing(tab, selector, limit=300):
    for _ in range(limit):
        if tab.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
        tab.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def answer_with_keyboard(tab, lesson):
    for question in lesson.questions:
        name = field_name(question)
        right = [option for option in question.options if option.correct]
        if question.many:
            for option in right:
                focus_by_tabbing(tab, f'input[name="{name}"][value="{option.id}"]')
                tab.keyboard.press("Space")
        else:
            # A radio group is one tab stop; arrow keys move within it.
            focus_by_tabbing(tab, f'input[name="{name}"]')
            target = f'input[name="{name}"][value="{right[0].id}"]'
            while not tab.evaluate("(s) => document.activeElement.matches(s)", target):
                tab.keyboard.press("ArrowDown")
            tab.keyboard.press("Space")
    follow_by_keyboard(tab, '.quiz__form button[type="submit"]')


def follow_by_keyboard(tab, selector):
    focus_by_tabbing(tab, selector)
    with tab.expect_navigation():
        tab.keyboard.press("Enter")


def test_the_whole_course_can_be_completed_with_the_keyboard_alone(tab, site):
    tab.goto(site + "/")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Exit this page"
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Skip to main content"
    follow_by_keyboard(tab, "a.button")  # Open the course
    follow_by_keyboard(tab, ".panel a.button")  # Start the first lesson
    for lesson in lessons():
        assert tab.locator("h1").inner_text() == lesson.title
        answer_with_keyboard(tab, lesson)
        assert "You passed" in tab.locator("#quiz-result").inner_text()
        follow_by_keyboard(tab, "#quiz-result a.button")
    expect(tab.locator("main")).to_contain_text("Course finished")


def test_focus_is_visible(tab, site):
    tab.goto(site + "/")
    tab.keyboard.press("Tab")
    tab.keyboard.press("Tab")
    outline = tab.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_on_a_phone_a_lesson_says_where_it_stands_beside_its_title(tab, site):
    all_lessons = lessons()
    stage = all_lessons[1].get_parent()
    in_stage = [lesson for lesson in all_lessons if lesson.get_parent().pk == stage.pk]
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(site + all_lessons[1].url)
    position = tab.locator(".lesson__position")
    title = tab.locator("h1")
    expect(position).to_contain_text(f"Lesson 2 of {len(in_stage)}")
    expect(position).to_be_in_viewport(ratio=1)
    expect(title).to_be_in_viewport(ratio=1)
    above, below = position.bounding_box(), title.bounding_box()
    # Right above the title, in the first screen.
    assert 0 <= below["y"] - (above["y"] + above["height"]) <= 16
    assert above["y"] + above["height"] <= 844


def test_a_returning_learner_continues_from_the_home_page(tab, site):
    first, second = lessons()[:2]
    tab.goto(site + first.url)
    answer_quiz(tab, first)
    tab.goto(site + "/")
    tab.get_by_role("link", name="Continue where you left off").click()
    expect(tab.locator("h1")).to_have_text(second.title)
    tab.goto(site + "/my-progress/")
    states = tab.locator(".lesson-state")
    expect(states.filter(has_text=first.title)).to_contain_text("Finished")
    expect(states.filter(has_text=second.title)).to_contain_text("Not started")

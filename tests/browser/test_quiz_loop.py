"""The quiz loop in a real browser: a try that did not pass keeps the learner's
answers, in the order they saw them; a pass shows the result and the next step."""

from playwright.sync_api import expect

from lessons.forms import field_name
from tests.browser.conftest import answer_quiz, lessons


def shown_order(tab, question):
    return tab.locator(f'input[name="{field_name(question)}"]').evaluate_all(
        "inputs => inputs.map(input => input.value)"
    )


def test_a_quiz_that_did_not_pass_keeps_the_answers_chosen(tab, site):
    lesson = lessons()[0]
    tab.goto(site + lesson.url)
    before = {q.id: shown_order(tab, q) for q in lesson.questions}
    answer_quiz(tab, lesson, right=False)
    expect(tab.locator("#quiz-result")).to_contain_text("Not quite yet")
    for question in lesson.questions:
        assert shown_order(tab, question) == before[question.id]
        wrong = [o for o in question.options if not o.correct] or question.options[:1]
        for option in question.options:
            box = tab.locator(
                f'input[name="{field_name(question)}"][value="{option.id}"]'
            )
            chosen = option in (wrong if question.many else wrong[:1])
            expect(box).to_be_checked(checked=chosen)
    expect(tab.locator(".question--wrong").first).to_contain_text(
        "This one was not quite right last time"
    )
    # Only what was not right is changed, and the same form passes.
    answer_quiz(tab, lesson, right=True)
    expect(tab.locator("#quiz-result")).to_contain_text("You passed")


def test_a_pass_shows_the_result_and_the_next_step(tab, site):
    first, second = lessons()[:2]
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(site + first.url)
    answer_quiz(tab, first)
    result = tab.locator("#quiz-result")
    expect(result).to_contain_text("You passed, and this lesson is finished.")
    expect(result).to_be_in_viewport()
    expect(tab.locator(".quiz__form")).to_have_count(0)
    next_step = result.get_by_role("link", name="Go to the next lesson")
    expect(next_step).to_be_in_viewport()
    retake = tab.get_by_role("link", name="Take the quiz again")
    expect(retake).to_be_visible()
    next_step.click()
    expect(tab.locator("h1")).to_have_text(second.title)
    tab.go_back()
    tab.goto(site + first.url)
    retake_form = tab.locator(".quiz__form")
    expect(retake_form).to_be_visible()
    expect(tab.locator(".quiz__history")).to_contain_text("You have passed this quiz.")

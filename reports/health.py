"""Content health: what in the course needs an editor's attention, and why."""

from dataclasses import dataclass

from django.urls import reverse

import textstat

MIN_WORDS, MAX_WORDS = 300, 700
MIN_QUESTIONS = 3
MAX_READING_GRADE = 8


@dataclass(frozen=True)
class Problem:
    title: str
    kind: str
    problem: str
    edit_url: str


def reading_grade(lesson):
    """Flesch-Kincaid school grade of the lesson's text."""
    return textstat.flesch_kincaid_grade(lesson.plain_text)


def lesson_problems(lesson):
    problems = []
    questions = lesson.questions
    if not questions:
        problems.append("No quiz")
    elif len(questions) < MIN_QUESTIONS:
        problems.append(f"Only {len(questions)} quiz question(s): aim for 3 to 5")
    for question in questions:
        missing = sum(not option.feedback.strip() for option in question.options)
        if missing:
            problems.append(
                f"{missing} answer(s) without feedback in “{question.prompt[:60]}”"
            )
    for block in lesson.body:
        if (
            block.block_type == "image"
            and not block.value.decorative
            and not (block.value.contextual_alt_text or "").strip()
        ):
            problems.append("An image has no alt text and is not marked decorative")
    words = lesson.word_count
    if not MIN_WORDS <= words <= MAX_WORDS:
        problems.append(f"{words} words: aim for {MIN_WORDS} to {MAX_WORDS}")
    grade = reading_grade(lesson)
    if grade > MAX_READING_GRADE:
        problems.append(
            f"Reading level is school grade {grade:g}: aim for {MAX_READING_GRADE} or below"
        )
    return problems


def content_health(lessons, services):
    rows = []
    for lesson in lessons:
        url = reverse("wagtailadmin_pages:edit", args=(lesson.pk,))
        rows += [
            Problem(lesson.title, "Lesson", problem, url)
            for problem in lesson_problems(lesson)
        ]
    for service in services:
        if service.needs_verification:
            url = reverse(
                "wagtailsnippets_home_supportservice:edit", args=(service.pk,)
            )
            rows.append(
                Problem(str(service), "Help line", _verification_problem(service), url)
            )
    return rows


def _verification_problem(service):
    if service.last_verified is None:
        return "Never checked: verify the number and website for your region"
    return f"Last checked on {service.last_verified:%d %B %Y}, over a year ago"

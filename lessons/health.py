"""What makes a lesson or guide need an editor's attention, and why.

These are the house rules of docs/content.md, written once: the content-health report
shows them in the admin, `load_course --check` shows them to authors of the shipped
course, and the tests hold the shipped course to them. The quiz rules come from the
second edition's review: each one stops a learner passing without reading, on cues
such as the longest answer or an absolute word in a false statement.
"""

import re
from collections import Counter

from django.utils.translation import gettext, ngettext

import textstat

MIN_WORDS, MAX_WORDS = 300, 700
MIN_QUESTIONS = 3
MAX_READING_GRADE = 8
# The right answer may be the longest one in at most this share of a quiz's
# single-choice questions (by chance it would be about one in three or four).
MAX_SHARE_RIGHT_IS_LONGEST = 1 / 3
MAX_TRUE_FALSE = 1
# Words that give away a false statement: few true things are always or never so.
ABSOLUTE_WORDS = re.compile(
    r"\b(only|always|never|all|every|everyone|everybody|everything|nobody|no one|"
    r"none|nothing|exactly|completely|totally|entirely|sure|certain|certainly|must|"
    r"forever|for good|guaranteed?)\b",
    re.IGNORECASE,
)


def reading_grade(page):
    """Flesch-Kincaid school grade of the page's text."""
    return textstat.flesch_kincaid_grade(page.plain_text)


def right_is_longest(question):
    """The right option is longer than every other: a cue a guesser can use."""
    (right,) = (option for option in question.options if option.correct)
    return all(
        len(right.text) > len(option.text)
        for option in question.options
        if option is not right
    )


def reading_problems(page):
    """Rules for anything learners read: lessons and guides."""
    problems = []
    for block in page.body:
        if (
            block.block_type == "image"
            and not block.value.decorative
            and not (block.value.contextual_alt_text or "").strip()
        ):
            problems.append(
                gettext("An image has no alt text and is not marked decorative")
            )
        if (
            block.block_type == "scenario"
            and not (block.value.get("model_answer") or "").strip()
        ):
            problems.append(
                gettext(
                    "The scenario “%(title)s” has no model answer: learners need one "
                    "way to respond"
                )
                % {"title": block.value["title"]}
            )
    words = page.word_count
    if not MIN_WORDS <= words <= MAX_WORDS:
        problems.append(
            ngettext(
                "%(words)d word: aim for %(least)d to %(most)d",
                "%(words)d words: aim for %(least)d to %(most)d",
                words,
            )
            % {"words": words, "least": MIN_WORDS, "most": MAX_WORDS}
        )
    grade = reading_grade(page)
    if grade > MAX_READING_GRADE:
        problems.append(
            gettext(
                "Reading level is school grade %(grade)s: aim for %(most)s or below"
            )
            % {"grade": f"{grade:g}", "most": MAX_READING_GRADE}
        )
    return problems


def quiz_problems(questions):
    # Where English says "question(s)", both of its forms do (the report's wording);
    # a translation still gets a singular and a plural.
    problems = []
    if not questions:
        return [gettext("No quiz")]
    if len(questions) < MIN_QUESTIONS:
        problems.append(
            ngettext(
                "Only %(count)d quiz question(s): aim for 3 to 5",
                "Only %(count)d quiz question(s): aim for 3 to 5",
                len(questions),
            )
            % {"count": len(questions)}
        )
    for question in questions:
        missing = sum(not option.feedback.strip() for option in question.options)
        if missing:
            problems.append(
                ngettext(
                    "%(count)d answer(s) without feedback in “%(question)s”",
                    "%(count)d answer(s) without feedback in “%(question)s”",
                    missing,
                )
                % {"count": missing, "question": question.prompt[:60]}
            )
    single = [q for q in questions if q.kind == "single_choice"]
    longest = sum(right_is_longest(q) for q in single)
    if single and longest > MAX_SHARE_RIGHT_IS_LONGEST * len(single):
        problems.append(
            gettext(
                "The right answer is the longest in %(longest)d of %(total)d "
                "single-choice questions: make a wrong answer as long and as specific"
            )
            % {"longest": longest, "total": len(single)}
        )
    statements = [q for q in questions if q.kind == "true_false"]
    if len(statements) > MAX_TRUE_FALSE:
        problems.append(
            gettext(
                "%(count)d true-or-false questions: use at most %(most)d, and ask "
                "about situations instead"
            )
            % {"count": len(statements), "most": MAX_TRUE_FALSE}
        )
    for question in statements:
        if "false" in question.right_ids and (
            word := ABSOLUTE_WORDS.search(question.prompt)
        ):
            problems.append(
                gettext(
                    "The false statement “%(statement)s” says “%(word)s”, which gives "
                    "the answer away"
                )
                % {"statement": question.prompt[:60], "word": word[0]}
            )
    return problems


def lesson_problems(lesson):
    return [*quiz_problems(lesson.questions), *reading_problems(lesson)]


def stage_problems(lessons):
    """Rules across a stage's quizzes: choose-all questions with the same number of
    right answers every time teach a guesser how many to tick."""
    counts = Counter(
        len(question.right_ids)
        for lesson in lessons
        for question in lesson.questions
        if question.kind == "multiple_choice"
    )
    if sum(counts.values()) > 1 and len(counts) == 1:
        (right,) = counts
        return [
            ngettext(
                "Every choose-all question has %(right)d right answer(s): vary the number",
                "Every choose-all question has %(right)d right answer(s): vary the number",
                right,
            )
            % {"right": right}
        ]
    return []


# A question is applied when it sets a scene: someone in the learner's life, or their
# own words. Recall questions ask about the lesson instead.
SCENE = re.compile(r"\byour (?!own\b)\w+|[“\"]", re.IGNORECASE)


def is_applied(question):
    return bool(SCENE.search(question.prompt))


def quiz_statistics(lessons):
    """Figures that show whether quizzes reward reading or guessing."""
    questions = [q for lesson in lessons for q in lesson.questions]
    single = [q for q in questions if q.kind == "single_choice"]
    choose_all = [q for q in questions if q.kind == "multiple_choice"]
    statements = [q for q in questions if q.kind == "true_false"]
    return {
        "questions": len(questions),
        "kinds": {
            "single choice": len(single),
            "choose all that apply": len(choose_all),
            "true or false": len(statements),
        },
        "applied": sum(map(is_applied, questions)),
        "single choice: options": Counter(len(q.options) for q in single),
        "single choice: stored position of the right answer": Counter(
            next(i for i, o in enumerate(q.options, 1) if o.correct) for q in single
        ),
        "single choice: right answer is the longest": sum(
            map(right_is_longest, single)
        ),
        "single choice: right answer is the shortest": sum(
            all(len(right.text) < len(o.text) for o in q.options if o is not right)
            for q in single
            for right in [next(o for o in q.options if o.correct)]
        ),
        "choose all: right answers of options": Counter(
            f"{len(q.right_ids)} of {len(q.options)}" for q in choose_all
        ),
        "true or false: answer": Counter(
            "true" if "true" in q.right_ids else "false" for q in statements
        ),
    }

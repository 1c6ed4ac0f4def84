"""What makes a lesson or guide need an editor's attention, and why.

These are the house rules of docs/content.md, written once: the content-health report
shows them in the admin, `load_course --check` shows them to authors of the shipped
course, and the tests hold the shipped course to them. The quiz rules come from the
second edition's review: each one stops a learner passing without reading, on cues
such as the longest answer or an absolute word in a false statement.
"""

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext, ngettext

import textstat
from textstat.textstat import textstatistics

MIN_WORDS, MAX_WORDS = 300, 700
MIN_QUESTIONS = 3
# English: the Flesch-Kincaid school grade, at most this.
MAX_READING_GRADE = 8
# Spanish: the Fernández Huerta reading ease (0 to 100, higher is easier), at least
# this: 70 and above reads as "fairly easy" ("bastante fácil") on its scale.
MIN_READING_EASE_ES = 70
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
    """Flesch-Kincaid school grade of the page's text (English)."""
    return textstat.flesch_kincaid_grade(page.plain_text)


# Spanish syllables, by the language's own rules rather than by hyphenation: a
# hyphenation dictionary (pyphen's, which textstat counts with) never splits off a
# lone vowel, so it counts "amor", "abuso" and "país" a syllable short, and a text
# reads easier than it is. A syllable is a run of vowels (with a word's final y, as
# in "muy"; a lone "y" is one), split where two strong vowels meet (a, e, o, and an
# accented í or ú): "le-er", "pa-ís", but "tie-ne", "cuan-do".
_SPANISH_VOWELS = re.compile(r"[aeiouáéíóúü]+(?:y\b)?|\by\b")
_STRONG = set("aeoáéíóú")


def spanish_syllables(word):
    runs = _SPANISH_VOWELS.findall(word.lower())
    count = sum(
        1 + sum(a in _STRONG and b in _STRONG for a, b in itertools.pairwise(run))
        for run in runs
    )
    return max(1, count)


class _SpanishText(textstatistics):
    """textstat's figures for a Spanish text: its own instance (textstat.set_lang
    changes the shared one, for every thread), counting syllables as above, and
    without rounding on the way (textstat rounds syllables per word to a tenth,
    which moves Fernández Huerta by up to 3 points)."""

    def syllable_count(self, text, lang=None):
        return sum(
            spanish_syllables(word)
            for word in self.remove_punctuation(text.lower()).split()
        )


_spanish = _SpanishText()
_spanish.set_lang("es")
_spanish.set_rounding(False)


@dataclass(frozen=True)
class ReadingFormula:
    """How reading level is measured in one language, and the house limit."""

    name: str  # the formula's own name, the same in every language
    measure: object  # the text -> its score
    limit: float
    higher_is_easier: bool
    # A lesson's length in this language's words: a few minutes' reading. Spanish
    # says the same in about 15% more words than English.
    words: tuple = (MIN_WORDS, MAX_WORDS)

    def score(self, page):
        return self.measure(page.plain_text)

    def too_hard(self, score):
        return score < self.limit if self.higher_is_easier else score > self.limit

    def problem(self, score):
        if self.higher_is_easier:
            return gettext(
                "Reading ease is %(score)s (%(formula)s, 0 to 100, higher is "
                "easier): aim for %(least)s or above"
            ) % {"score": f"{score:.1f}", "formula": self.name, "least": self.limit}
        return gettext(
            "Reading level is school grade %(grade)s (%(formula)s): aim for "
            "%(most)s or below"
        ) % {"grade": f"{score:g}", "formula": self.name, "most": self.limit}


# By language (the part of its code before any region): a formula made for it.
READING_FORMULAS = {
    "en": ReadingFormula(
        "Flesch-Kincaid", textstat.flesch_kincaid_grade, MAX_READING_GRADE, False
    ),
    "es": ReadingFormula(
        "Fernández Huerta",
        _spanish.fernandez_huerta,
        MIN_READING_EASE_ES,
        True,
        words=(350, 800),
    ),
}


def language_of(page):
    """The language code of a page (its locale's); the source language for a page
    not saved yet (load_course --check reads the source files)."""
    return page.locale.language_code if page.locale_id else settings.LANGUAGE_CODE


def reading_formula(language):
    """The formula for a language code (en-gb, es, es-mx...), or None where textstat
    has none suited to it."""
    return READING_FORMULAS.get(language.lower().split("-")[0])


@dataclass(frozen=True)
class ReadingLevel:
    formula: ReadingFormula
    score: float

    @property
    def too_hard(self):
        return self.formula.too_hard(self.score)

    @property
    def problem(self):
        return self.formula.problem(self.score)


def reading_level(page):
    """The page's reading level by the formula for its language, or None when there
    is none for it."""
    formula = reading_formula(language_of(page))
    return None if formula is None else ReadingLevel(formula, formula.score(page))


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
    formula = reading_formula(language_of(page))
    least, most = formula.words if formula else (MIN_WORDS, MAX_WORDS)
    if not least <= words <= most:
        problems.append(
            ngettext(
                "%(words)d word: aim for %(least)d to %(most)d",
                "%(words)d words: aim for %(least)d to %(most)d",
                words,
            )
            % {"words": words, "least": least, "most": most}
        )
    level = reading_level(page)
    if level is not None and level.too_hard:
        problems.append(level.problem)
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

"""Grading, on the server, from the stored quiz. Pure functions: no database."""

import hashlib
import json
from dataclasses import dataclass

from django.utils.translation import gettext


def right_answers_needed(pass_mark, total):
    """The pass rule: how many of `total` questions a learner must get right to reach
    `pass_mark` per cent. Whole numbers only, so no rounding can make the mark a
    learner is told differ from the one they are graded against."""
    return -(-pass_mark * total // 100)  # the ceiling of pass_mark% of total


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    id: str
    prompt: str
    many: bool
    explanation: str
    options: tuple[Option, ...]
    kind: str = "single_choice"  # the quiz block's type name

    @property
    def right_ids(self):
        return frozenset(option.id for option in self.options if option.correct)

    @property
    def hint(self):
        """What to tell the learner beside the prompt: "Choose all that apply." on a
        choose-all question, unless its prompt already says so (as editors often
        write it), so the hint never appears twice."""
        hint = gettext("Choose all that apply.")
        prompt = self.prompt.lower()
        # The hint's own words, in the reader's language, or English's usual ones.
        said = hint.lower().rstrip(".") in prompt or "all that apply" in prompt
        return hint if self.many and not said else ""

    @property
    def version(self):
        """A fingerprint of what learners saw: it changes when an editor rewords the
        question or its options, or changes the key. Reports use it to mark changes."""
        seen = [self.prompt, [(o.id, o.text, o.correct) for o in self.options]]
        return hashlib.sha256(json.dumps(seen).encode()).hexdigest()[:12]


def quiz_version(questions):
    """A fingerprint of a whole quiz as learners see it: a form carries it, so a form
    rendered before an editor published changes is never graded against the new key."""
    versions = [question.version for question in questions]
    return hashlib.sha256(json.dumps(versions).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    chosen: tuple[Option, ...]

    @property
    def correct(self):
        return frozenset(option.id for option in self.chosen) == self.question.right_ids

    @property
    def missed(self):
        """Right options the learner did not choose, on a choose-all question: they
        learn from these as much as from what they chose."""
        if not self.question.many:
            return ()
        return tuple(
            option
            for option in self.question.options
            if option.correct and option not in self.chosen
        )


@dataclass(frozen=True)
class QuizResult:
    results: tuple[QuestionResult, ...]
    pass_mark: int

    @property
    def score(self):
        return sum(result.correct for result in self.results)

    @property
    def total(self):
        return len(self.results)

    @property
    def needed(self):
        return right_answers_needed(self.pass_mark, self.total)

    @property
    def passed(self):
        return self.total > 0 and self.score >= self.needed


def grade(questions, answers, pass_mark):
    """Grade answers ({question id: set of option ids}) against the questions.

    A question left out of `answers` counts as answered wrongly; option ids that
    are not the question's own are ignored (forms reject them before this).
    """
    results = []
    for question in questions:
        chosen_ids = answers.get(question.id, set())
        chosen = tuple(option for option in question.options if option.id in chosen_ids)
        results.append(QuestionResult(question, chosen))
    return QuizResult(tuple(results), pass_mark)

"""Learners who never read the lesson: they answer from surface cues alone.

Each strategy sees only what a quiz form shows (each question's text, whether it is
choose-all, and its options' texts in the order shown) and returns, per question,
the positions it would tick. The shipped course must not let any of them pass more
than one lesson in ten (issue 9). Used by tests/shipped_course/test_guessing.py, with
the site's own shuffling, and by tests/benchmarks/guess_over_http.py against a
running server.
"""

import itertools
import random
import re
from dataclasses import dataclass

ABSOLUTE = re.compile(
    r"\b(only|always|never|all|every|everyone|nothing|none|exactly|completely|sure|"
    r"certain|must|forever|for good)\b",
    re.IGNORECASE,
)
HEDGES = re.compile(
    r"\b(can|could|may|might|often|some|sometimes|perhaps|maybe)\b", re.I
)
WORD = re.compile(r"[a-z']+")


@dataclass(frozen=True)
class Shown:
    """A question as a form shows it."""

    prompt: str
    many: bool
    options: tuple[str, ...]  # texts, in the order shown

    @property
    def is_true_false(self):
        return self.options == ("True", "False")


def _by(key, options, reverse=False):
    """Positions sorted by a cue, best first (ties keep the order shown)."""
    return sorted(range(len(options)), key=lambda i: key(options[i]), reverse=reverse)


def _overlap(prompt):
    words = set(WORD.findall(prompt.lower()))
    return lambda text: len(words & set(WORD.findall(text.lower())))


SINGLE = {
    "longest": lambda q, rng: _by(len, q.options, reverse=True)[0],
    "second longest": lambda q, rng: _by(len, q.options, reverse=True)[1],
    "shortest": lambda q, rng: _by(len, q.options)[0],
    "first": lambda q, rng: 0,
    "second": lambda q, rng: 1,
    "last": lambda q, rng: len(q.options) - 1,
    "random": lambda q, rng: rng.randrange(len(q.options)),
    "most hedged": lambda q, rng: _by(
        lambda t: len(HEDGES.findall(t)), q.options, reverse=True
    )[0],
    "echoes the question": lambda q, rng: _by(
        _overlap(q.prompt), q.options, reverse=True
    )[0],
    "no absolute words, then longest": lambda q, rng: _by(
        lambda t: (not ABSOLUTE.search(t), len(t)), q.options, reverse=True
    )[0],
}

MANY = {
    "all but the last": lambda q, rng: list(range(len(q.options) - 1)),
    "all but the shortest": lambda q, rng: _by(len, q.options, reverse=True)[:-1],
    "the two longest": lambda q, rng: _by(len, q.options, reverse=True)[:2],
    "the longest": lambda q, rng: _by(len, q.options, reverse=True)[:1],
    "the first two": lambda q, rng: [0, 1],
    "every option": lambda q, rng: list(range(len(q.options))),
    "without absolute words": lambda q, rng: (
        [i for i, t in enumerate(q.options) if not ABSOLUTE.search(t)] or [0]
    ),
    "random": lambda q, rng: (
        [i for i in range(len(q.options)) if rng.random() < 0.5]
        or [rng.randrange(len(q.options))]
    ),
}

TRUE_FALSE = {
    "false if absolute": lambda q, rng: [1 if ABSOLUTE.search(q.prompt) else 0],
    "always true": lambda q, rng: [0],
    "always false": lambda q, rng: [1],
}


@dataclass(frozen=True)
class Strategy:
    single: str
    many: str
    true_false: str

    def __str__(self):
        return f"single: {self.single}; choose-all: {self.many}; true/false: {self.true_false}"

    def answer(self, question, rng):
        """Positions to tick for one shown question."""
        if question.is_true_false:
            return TRUE_FALSE[self.true_false](question, rng)
        if question.many:
            return MANY[self.many](question, rng)
        return [SINGLE[self.single](question, rng)]


def every_strategy():
    return [
        Strategy(*combination)
        for combination in itertools.product(SINGLE, MANY, TRUE_FALSE)
    ]


def rng_for(seed):
    return random.Random(seed)  # noqa: S311 (a simulated guesser, not a secret)

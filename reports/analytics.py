"""What learners get wrong: per-question figures, from stored answers.

Only anonymous aggregates leave this module, and a question answered by fewer than
MIN_GROUP learners shows no figures at all, so that no one can be singled out.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

MIN_GROUP = 5
# Shown in place of a figure about too few learners, in the language of the page
# (lazy; the figures below hand it out as a plain string, ready for a download).
FEWER = format_lazy(gettext_lazy("fewer than {count}"), count=MIN_GROUP)
# A question's status, as the reports show it.
STATUS_LABELS = {
    "current": pgettext_lazy("question status", "current"),
    "changed": pgettext_lazy("question status", "changed"),
    "retired": pgettext_lazy("question status", "retired"),
}


@dataclass
class QuestionFigures:
    lesson: object
    question_id: str
    prompt: str
    status: str  # "current", "changed" (reworded or re-keyed since first answered) or "retired"
    options: tuple = ()
    learners: set = field(default_factory=set)
    answers: int = 0
    right: int = 0
    first_try: dict = field(default_factory=dict)  # learner id -> right on first try
    chosen: Counter = field(default_factory=Counter)

    @property
    def too_few(self):
        return len(self.learners) < MIN_GROUP

    def _hidden_or(self, value):
        return str(FEWER) if self.too_few else value

    @property
    def status_text(self):
        """The status in words, in the page's language."""
        return str(STATUS_LABELS[self.status])

    @property
    def learner_count(self):
        return self._hidden_or(len(self.learners))

    @property
    def answer_count(self):
        return self._hidden_or(self.answers)

    @property
    def first_try_right(self):
        share = (
            sum(self.first_try.values()) / len(self.first_try) if self.first_try else 0
        )
        return self._hidden_or(f"{share:.0%}")

    @property
    def right_overall(self):
        return self._hidden_or(
            f"{self.right / self.answers:.0%}" if self.answers else "0%"
        )

    @property
    def wrong_share(self):
        """The share of answers that were wrong, for the difficulty chart; None when
        too few learners answered for any figure to be shown."""
        if self.too_few or not self.answers:
            return None
        return 1 - self.right / self.answers

    @property
    def option_counts(self):
        if self.too_few:
            return str(FEWER)
        return "; ".join(f"{o.text} ({self.chosen[o.id]})" for o in self.options) or _(
            "(question retired)"
        )

    @property
    def option_tally(self):
        """The same figures for the screen: each option with its count and whether it
        is right, or `hidden` when too few learners answered."""
        if self.too_few:
            return {"hidden": str(FEWER)}
        return {
            "options": [
                {"text": o.text, "count": self.chosen[o.id], "correct": o.correct}
                for o in self.options
            ]
        }

    @property
    def most_chosen_wrong(self):
        if self.too_few:
            return str(FEWER)
        wrong = [
            (self.chosen[o.id], o.text)
            for o in self.options
            if not o.correct and self.chosen[o.id]
        ]
        if not wrong:
            return pgettext("no wrong answer chosen", "none")
        count, text = max(wrong)
        return f"{text} ({count})"

    @property
    def course_title(self):
        return self.lesson.get_parent().get_parent().title

    @property
    def stage_title(self):
        return self.lesson.get_parent().title


def question_figures(lessons, answers, rank=None):
    """Figures for every question of the lessons, current or not: one row for each
    question of each lesson, whatever language it was answered in.

    `lessons` are live lesson pages, in any languages: a lesson's translations share
    its translation key, and their questions share their ids, so a question's answers
    in every language are one row's figures. Each row shows the lesson's page that
    comes first by `rank` (a sort key: the editor's language, say), else the first
    given; a question only another translation has yet (one not brought up to date)
    is shown from that one. `answers` are dicts with question_id, chosen, correct,
    version, learner_id, lesson_id (the page it was answered on) and lesson_key,
    oldest first; they may belong to questions since removed.
    """
    translations = {}
    for page in lessons:
        translations.setdefault(page.translation_key, []).append(page)
    if rank is not None:
        for pages in translations.values():
            pages.sort(key=rank)
    # Each question as learners see it now on each page, to tell answers to an
    # earlier wording apart.
    versions = {
        page.pk: {question.id: question.version for question in page.questions}
        for page in lessons
    }
    place = {page.pk: n for n, page in enumerate(lessons)}
    shown = sorted(
        (pages[0] for pages in translations.values()), key=lambda p: place[p.pk]
    )
    rows, by_id = [], {}
    for lesson in shown:
        key = lesson.translation_key
        for page in translations[key]:
            for question in page.questions:
                if (key, question.id) in by_id:
                    continue
                row = QuestionFigures(
                    page, question.id, question.prompt, "current", question.options
                )
                row.version = question.version
                rows.append(row)
                by_id[key, question.id] = row
    for answer in answers:
        key = answer["lesson_key"]
        row = by_id.get((key, answer["question_id"]))
        if row is None:
            if key not in translations:
                continue
            row = QuestionFigures(
                translations[key][0],
                answer["question_id"],
                _("(removed question)"),
                "retired",
            )
            row.version = None
            rows.append(row)
            by_id[key, answer["question_id"]] = row
        current = versions.get(answer["lesson_id"], {})
        _count(row, answer, current.get(answer["question_id"], row.version))
    return rows


def _count(row, answer, version):
    """Count an answer; `version` is the question's as learners now see it on the
    page the answer was given on (each language has its own wording)."""
    learner = answer["learner_id"]
    row.learners.add(learner)
    row.answers += 1
    row.right += answer["correct"]
    row.first_try.setdefault(learner, answer["correct"])
    row.chosen.update(answer["chosen"])
    if row.status == "current" and answer["version"] and answer["version"] != version:
        row.status = "changed"


def hardest(rows, count=10):
    """The questions most often answered wrong, hardest first: those with figures."""
    rows = [row for row in rows if row.wrong_share is not None]
    return sorted(rows, key=lambda row: -row.wrong_share)[:count]


def shown(count):
    """A learner count as reports may show it."""
    return str(FEWER) if count < MIN_GROUP else count


@dataclass
class FunnelStep:
    level: str  # "course", "stage" or "lesson"
    title: str
    started: set
    finished: set

    @property
    def label(self):
        if self.level == "course":
            return _("Whole course")
        if self.level == "stage":
            return _("Stage: {title}").format(title=self.title)
        return _("Lesson: {title}").format(title=self.title)

    @property
    def started_count(self):
        return shown(len(self.started))

    @property
    def finished_count(self):
        return shown(len(self.finished))

    @property
    def drop_off(self):
        """The share of those who started this step who have not finished it; None
        when fewer than MIN_GROUP started, as for every other figure."""
        if len(self.started) < MIN_GROUP:
            return None
        return len(self.started - self.finished) / len(self.started)

    @property
    def drop_off_text(self):
        return str(FEWER) if self.drop_off is None else f"{self.drop_off:.0%}"


def completion_funnel(progress, activity, completions):
    """How many learners started and finished each stage and lesson of a course.

    `progress` is the course's CourseProgress (its stages and lessons); `activity`
    and `completions` are (learner id, lesson key) pairs: any attempt or completion,
    and finished lessons. A lesson is the same in every language (its translation
    key), so a learner who read it in two languages counts once.
    """
    started_by_lesson, finished_by_lesson = (
        _learners_by_lesson(activity),
        _learners_by_lesson(completions),
    )
    steps, course_started = [], set()
    stage_finishers = []
    for stage in progress.stages:
        keys = [lesson.key for lesson in stage.lessons]
        started = set().union(*(started_by_lesson.get(key, set()) for key in keys))
        finishers = [finished_by_lesson.get(key, set()) for key in keys]
        finished = set.intersection(*finishers) if finishers else set()
        steps.append(FunnelStep("stage", stage.page.title, started, finished))
        for lesson in stage.lessons:
            steps.append(
                FunnelStep(
                    "lesson",
                    lesson.page.title,
                    started_by_lesson.get(lesson.key, set()),
                    finished_by_lesson.get(lesson.key, set()),
                )
            )
        course_started |= started
        stage_finishers.append(finished)
    course_finished = set.intersection(*stage_finishers) if stage_finishers else set()
    return [
        FunnelStep("course", progress.course.title, course_started, course_finished),
        *steps,
    ]


def _learners_by_lesson(pairs):
    by_lesson = {}
    for learner, lesson in pairs:
        by_lesson.setdefault(lesson, set()).add(learner)
    return by_lesson

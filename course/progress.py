"""A learner's progress through one course, worked out in a fixed number of queries.

Progress is read from the page tree (stages are a course's children, lessons are
stages' children) and from LessonCompletion rows keyed by each lesson's translation
key, which its translations share: a lesson finished in one language is finished in
every language. Nothing here depends on how many lessons or attempts there are.

The course's outline (its live stages and lessons: ids, titles, addresses, order and
`always_open`; the pages above it; the view restrictions that apply) is the same for
every learner until an editor changes something, so it is kept in the cache as plain
tuples and read back without instantiating a page; `page` builds one (no query) only
where a template or view asks for it. It is keyed by the content version
(home/content_cache.py), which any save, publication, unpublication, move or deletion
of a page changes (course/signals.py): a publish is seen at once, in every process.
CoursePage.route finds stages and lessons by it too. The learner's part is one query:
the keys of the lessons they have finished, and when.

Each lesson's reading time is worked out with the outline (`reading_minutes`, the one
rule, which lesson pages use too), so a stage's and a course's times cost nothing.
"""

import math
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property

from django.db.models import Q

from wagtail.models import Page, PageViewRestriction

from home.content_cache import cached

# An outline row: a live stage or lesson, as the tree read gives it.
OUTLINE_FIELDS = (
    "id",
    "title",
    "slug",
    "path",
    "depth",
    "url_path",
    "live",
    "content_type",
    "translation_key",
)
ALWAYS_OPEN = "lessonpage__always_open"
# A lesson's reading time: the editor's figure, else worked out from its text.
READING = ("lessonpage__reading_minutes", "lessonpage__body")
WORDS_PER_MINUTE = 200


def reading_minutes(words, set_by_editor=None):
    """How long a text takes to read: the editor's figure if they gave one, else its
    words at an unhurried 200 a minute, rounded up, and never less than a minute."""
    return set_by_editor or max(1, math.ceil(words / WORDS_PER_MINUTE))


def words_in(body):
    """The words a learner reads in a StreamField (the text search indexes)."""
    return len(" ".join(body.stream_block.get_searchable_content(body)).split())


@dataclass
class Outline:
    """What every learner's progress through a course starts from."""

    # [(stage row, [lesson row + (always_open, minutes), ...]), ...] in course order.
    stages: list
    # The row of the course's urgent-help page if it is live, else None.
    urgent: tuple | None
    # The rows of the pages above the course, below the root (breadcrumbs).
    ancestors: list
    # The view restrictions (Wagtail's privacy settings) on the course, the pages
    # above it and the pages in it.
    restrictions: list

    @cached_property
    def by_url_path(self):
        """{url_path: (id, content type id)} of every stage and lesson, for routing."""
        return {
            row[5]: (row[0], row[7])
            for stage, lessons in self.stages
            for row in (stage, *lessons)
        }

    def restrictions_on(self, path):
        """The view restrictions that apply to the page at `path`: its own and its
        ancestors' (Wagtail's Page.get_view_restrictions, without the queries)."""
        return [r for r in self.restrictions if path.startswith(r.page.path)]


def read_outline(course, request=None):
    """The course's outline, from the cache while no editor has changed anything
    learners see (home/content_cache.py)."""
    key = f"course-outline:3:{course.pk}:{course.urgent_help_id}"
    return cached(request, key, lambda: build_outline(course))


def build_outline(course):
    # A course's other children (guides) stand outside the sequence.
    rows = (
        Page.objects.live()
        .filter(path__startswith=course.path)
        .filter(
            Q(depth=course.depth + 1, stagepage__isnull=False)
            | Q(depth=course.depth + 2)
            | Q(pk=course.urgent_help_id)
        )
        .order_by("path")
        .values_list(*OUTLINE_FIELDS, ALWAYS_OPEN, *READING)
    )
    stages, urgent, n = [], None, len(OUTLINE_FIELDS)
    for row in rows:
        depth, path = row[4], row[3]
        if row[0] == course.urgent_help_id:
            urgent = row[:n]
        elif depth == course.depth + 1:
            stages.append((row[:n], []))
        elif stages and path.startswith(stages[-1][0][3]):
            always_open, set_minutes, body = row[n:]
            minutes = reading_minutes(words_in(body), set_minutes)
            stages[-1][1].append((*row[:n], bool(always_open), minutes))
    above = Page.objects.ancestor_of(course).filter(depth__gt=1).order_by("path")
    ancestors = list(above.values_list(*OUTLINE_FIELDS))
    restrictions = list(
        PageViewRestriction.objects.filter(
            Q(page__path__startswith=course.path)
            | Q(page__in=Page.objects.ancestor_of(course))
        ).select_related("page")
    )
    return Outline(stages, urgent, ancestors, restrictions)


_ATTNAMES = tuple(
    "content_type_id" if name == "content_type" else name for name in OUTLINE_FIELDS
)


def page_from(row):
    """A Page with the outline's fields only (others load on access, as with .only)."""
    values = dict(zip(_ATTNAMES, row, strict=True))
    names = [f.attname for f in Page._meta.concrete_fields if f.attname in values]
    return Page.from_db("default", names, [values[name] for name in names])


class OutlineEntry:
    """A stage or lesson of the outline: its id, and its Page when asked for."""

    @property
    def pk(self):
        return self.row[0]

    @property
    def key(self):
        """The translation key: the same stage or lesson in every language."""
        return self.row[8]

    @cached_property
    def page(self):
        return page_from(self.row[: len(OUTLINE_FIELDS)])


@dataclass(eq=False)
class LessonProgress(OutlineEntry):
    row: tuple
    done: bool
    # An editor marked it never locked (safety content): see LessonPage.always_open.
    always_open: bool = False
    # Whether this learner may open it now: set with the stages' locks.
    is_open: bool = True
    # About how long it takes to read (reading_minutes).
    minutes: int = 0


# A pause is offered after every third lesson finished in one sitting: three
# lessons are about half an hour of heavy reading and quizzes, long enough to tire
# someone who is frightened or exhausted, and rare enough not to nag.
PAUSE_AFTER = 3
SITTING = timedelta(minutes=90)


@dataclass(frozen=True)
class Milestone:
    """What finishing a lesson marks: the stage it finished (or None), the stage
    that comes next, whether the whole course is finished, and whether it is a good
    moment to offer a pause."""

    stage: "StageProgress | None"
    next_stage: "StageProgress | None"
    course_finished: bool
    pause: bool


@dataclass(frozen=True)
class Position:
    """ "Lesson 2 of 4" in "Stage 1 of 5"."""

    lesson: int
    lessons: int
    stage: int
    stages: int


def score(done, total):
    """The score a learning system is told (a SCORM package's, an LTI grade book's):
    the share of the lessons passed, out of 100, to a whole number, halves up."""
    return (200 * done + total) // (2 * total) if total else 0


class LessonTally:
    """Counts over `self.lessons`, for a stage and for a whole course."""

    @property
    def total(self):
        return len(self.lessons)

    @property
    def done_count(self):
        return sum(lesson.done for lesson in self.lessons)

    @property
    def is_started(self):
        return self.done_count > 0

    @property
    def score(self):
        return score(self.done_count, self.total)

    @property
    def minutes(self):
        """About how long all its lessons take to read."""
        return sum(lesson.minutes for lesson in self.lessons)

    @property
    def minutes_left(self):
        return sum(lesson.minutes for lesson in self.lessons if not lesson.done)


@dataclass(eq=False)
class StageProgress(OutlineEntry, LessonTally):
    row: tuple
    lessons: list[LessonProgress] = field(default_factory=list)
    unlocked: bool = True
    # The stage a learner must finish before this one opens.
    waiting_for: "StageProgress | None" = None

    @property
    def always_open_lessons(self):
        return [lesson for lesson in self.lessons if lesson.always_open]

    @property
    def is_complete(self):
        # A stage with no lessons yet is complete, so it never blocks the next one.
        return self.done_count == self.total


@dataclass
class CourseProgress(LessonTally):
    course: Page
    stages: list[StageProgress]

    @classmethod
    def build(cls, course, learner, request=None):
        outline = read_outline(course, request)
        stages = [
            StageProgress(
                stage,
                [
                    LessonProgress(
                        row, done=False, always_open=row[-2], minutes=row[-1]
                    )
                    for row in rows
                ],
            )
            for stage, rows in outline.stages
        ]
        progress = cls(course, stages)
        progress.outline = outline
        # The course's urgent-help page, live, or None: read with the outline.
        progress.urgent_help = page_from(outline.urgent) if outline.urgent else None
        progress.finished_at = cls._completions(learner)
        progress.mark_done(progress.finished_at)
        return progress

    @staticmethod
    def _completions(learner):
        # Every lesson the learner finished, in any course and language, and when:
        # one short query whose SQL does not grow with the course (keys of other
        # courses match nothing).
        if learner is None:
            return {}
        return dict(learner.completions.values_list("lesson_key", "completed_at"))

    def finish(self, lesson_id, now):
        """Count a lesson as finished just now (its completion was just recorded), and
        say what that marks: None if it was finished before."""
        if self.is_done(lesson_id):
            return None
        stage, lesson = self._by_id.get(lesson_id, (None, None))
        if lesson is not None:
            self.mark_done([lesson.key])
            self.finished_at[lesson.key] = now
        if stage is None or not stage.is_complete:
            return Milestone(None, None, False, self._time_for_a_pause(now))
        return Milestone(
            stage,
            self.stage_after(stage),
            self.is_complete,
            self._time_for_a_pause(now),
        )

    def _time_for_a_pause(self, now):
        """Every PAUSE_AFTER lessons finished within SITTING of each other (counted
        from the completions' own times: nothing new is kept about the learner)."""
        recent = [at for at in self.finished_at.values() if at >= now - SITTING]
        return len(recent) % PAUSE_AFTER == 0

    def mark_done(self, lesson_keys):
        """Count these lessons (by translation key) finished too, and lock afresh."""
        lesson_keys = set(lesson_keys)
        for lesson in self.lessons:
            lesson.done = lesson.done or lesson.key in lesson_keys
        self._apply_locks()
        return self

    def _apply_locks(self):
        blocking = None
        for stage in self.stages:
            stage.unlocked = blocking is None
            stage.waiting_for = blocking
            for lesson in stage.lessons:
                lesson.is_open = stage.unlocked or lesson.always_open
            if self.course.is_sequential and blocking is None and not stage.is_complete:
                blocking = stage

    @cached_property
    def lessons(self):
        return [lesson for stage in self.stages for lesson in stage.lessons]

    @cached_property
    def _by_id(self):
        return {
            lesson.pk: (stage, lesson)
            for stage in self.stages
            for lesson in stage.lessons
        }

    @property
    def is_complete(self):
        return self.total > 0 and self.done_count == self.total

    def ancestors_of(self, page_id):
        """The pages above a stage or lesson of the course, below the root, for its
        breadcrumbs: the home page, then the course (for a stage or lesson), then its
        stage (for a lesson). None for a page not in the outline (a preview of one
        never published): the breadcrumbs read the tree."""
        above = [page_from(row) for row in self.outline.ancestors]
        if page_id == self.course.pk:
            return above
        if self.stage(page_id):
            return [*above, self.course]
        stage = self.stage_of(page_id)
        return [*above, self.course, stage.page] if stage else None

    def stage(self, stage_id):
        return next((s for s in self.stages if s.pk == stage_id), None)

    def stage_after(self, stage):
        following = self.stages[self.stages.index(stage) + 1 :]
        return following[0] if following else None

    def stage_of(self, lesson_id):
        return self._by_id.get(lesson_id, (None, None))[0]

    def position_of(self, lesson_id):
        """Where a lesson stands: (its number in its stage, the stage's lessons, the
        stage's number, the course's stages), or None for a page not in the outline."""
        stage, lesson = self._by_id.get(lesson_id, (None, None))
        if stage is None:
            return None
        return Position(
            stage.lessons.index(lesson) + 1,
            stage.total,
            self.stages.index(stage) + 1,
            len(self.stages),
        )

    def is_done(self, lesson_id):
        lesson = self.lesson(lesson_id)
        return lesson is not None and lesson.done

    def lesson(self, lesson_id):
        return self._by_id.get(lesson_id, (None, None))[1]

    def is_open(self, lesson_id):
        lesson = self.lesson(lesson_id)
        return lesson is not None and lesson.is_open

    def waiting_for(self, lesson_id):
        """The stage a learner must finish before this lesson opens, or None."""
        if self.is_open(lesson_id):
            return None
        stage = self.stage_of(lesson_id)
        return stage.waiting_for if stage else None

    @property
    def next_lesson(self):
        """Where to continue: the first open lesson not yet done."""
        for stage in self.stages:
            if not stage.unlocked:
                return None
            for lesson in stage.lessons:
                if not lesson.done:
                    return lesson.page
        return None

    def neighbours(self, lesson_id):
        """The lessons before and after this one, across stage boundaries; None where
        there is none, or where it is locked (from a lesson kept always open)."""
        lessons = self.lessons
        lesson = self.lesson(lesson_id)
        if lesson is None:
            return None, None
        i = lessons.index(lesson)
        before = lessons[i - 1] if i > 0 else None
        after = lessons[i + 1] if i + 1 < len(lessons) else None
        return tuple(
            lesson.page if lesson and lesson.is_open else None
            for lesson in (before, after)
        )

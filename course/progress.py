"""A learner's progress through one course, worked out in a fixed number of queries.

Progress is read from the page tree (stages are a course's children, lessons are
stages' children) and from LessonCompletion rows keyed by page id. Nothing here
depends on how many lessons or attempts there are.

The course's outline (its live stages and lessons: ids, titles, addresses, order and
`always_open`) is the same for every learner until an editor changes the tree, so it
is kept in the cache as plain tuples and read back without instantiating a page;
`page` builds one (no query) only where a template or view asks for it. Any save,
publication, unpublication, move or deletion of a page drops the outline of every
course above it (course/signals.py), so the next
request reads it afresh: a publish is seen at once. The learner's part is one query:
the ids of the lessons they have finished.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.core.cache import cache
from django.db.models import Q

from wagtail.models import Page

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
)
ALWAYS_OPEN = "lessonpage__always_open"
# A bound on staleness if an invalidation is missed (a cache that is not shared
# between processes, or one down while an editor published).
OUTLINE_TIMEOUT = 10 * 60


def outline_key(path):
    return f"course-outline:{path}"


def outline_keys_above(path):
    """The outline keys of every course whose tree holds the page at `path` (the
    course itself and its ancestors: an outline is keyed by its course's path)."""
    steps = Page.steplen
    return [outline_key(path[:end]) for end in range(steps, len(path) + 1, steps)]


def read_outline(course):
    """([(stage row, [lesson row + (always_open,), ...]), ...] in course order,
    the row of the course's urgent-help page if it is live, or None)."""
    key = outline_key(course.path)
    cached = cache.get(key)
    if cached is not None and cached[0] == (course.pk, course.urgent_help_id):
        return cached[1]
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
        .values_list(*OUTLINE_FIELDS, ALWAYS_OPEN)
    )
    stages, urgent = [], None
    for row in rows:
        depth, path = row[4], row[3]
        if row[0] == course.urgent_help_id:
            urgent = row[:-1]
        elif depth == course.depth + 1:
            stages.append((row[:-1], []))
        elif stages and path.startswith(stages[-1][0][3]):
            stages[-1][1].append((*row[:-1], bool(row[-1])))
    outline = (stages, urgent)
    cache.set(key, ((course.pk, course.urgent_help_id), outline), OUTLINE_TIMEOUT)
    return outline


_ATTNAMES = (*OUTLINE_FIELDS[:-1], "content_type_id")


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
    def build(cls, course, learner):
        outline, urgent = read_outline(course)
        stages = [
            StageProgress(
                stage,
                [LessonProgress(row, done=False, always_open=row[-1]) for row in rows],
            )
            for stage, rows in outline
        ]
        progress = cls(course, stages)
        # The course's urgent-help page, live, or None: read with the outline.
        progress.urgent_help = page_from(urgent) if urgent else None
        progress.mark_done(cls._completed_ids(learner))
        return progress

    @staticmethod
    def _completed_ids(learner):
        # Every lesson the learner finished, in any course: one short query whose
        # SQL does not grow with the course (ids of other courses match nothing).
        if learner is None:
            return set()
        return set(learner.completions.values_list("lesson_id", flat=True))

    def mark_done(self, lesson_ids):
        """Count these lessons finished too (as just recorded), and lock afresh."""
        lesson_ids = set(lesson_ids)
        for lesson in self.lessons:
            lesson.done = lesson.done or lesson.pk in lesson_ids
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

    def stage(self, stage_id):
        return next((s for s in self.stages if s.pk == stage_id), None)

    def stage_of(self, lesson_id):
        return self._by_id.get(lesson_id, (None, None))[0]

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

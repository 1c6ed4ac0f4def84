"""A learner's progress through one course, worked out in a fixed number of queries.

Progress is read from the page tree (stages are a course's children, lessons are
stages' children) and from LessonCompletion rows keyed by page id. Nothing here
depends on how many lessons or attempts there are: two queries build the whole map.
"""

from dataclasses import dataclass, field

from django.db.models import F, Q

from wagtail.models import Page


@dataclass
class LessonProgress:
    page: Page
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


@dataclass
class StageProgress(LessonTally):
    page: Page
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
        # A course's other children (guides) stand outside the sequence.
        pages = (
            Page.objects.live()
            .filter(path__startswith=course.path)
            .filter(
                Q(depth=course.depth + 1, stagepage__isnull=False)
                | Q(depth=course.depth + 2)
            )
            .only("id", "title", "slug", "path", "depth", "url_path", "live")
            .annotate(always_open=F("lessonpage__always_open"))
            .order_by("path")
        )
        stages, lesson_pages = [], []
        for page in pages:
            if page.depth == course.depth + 1:
                stages.append(StageProgress(page))
            elif stages and page.path.startswith(stages[-1].page.path):
                lesson_pages.append(page)
                stages[-1].lessons.append(
                    LessonProgress(page, done=False, always_open=bool(page.always_open))
                )
        done_ids = cls._completed_ids(learner, [page.pk for page in lesson_pages])
        for stage in stages:
            for lesson in stage.lessons:
                lesson.done = lesson.page.pk in done_ids
        progress = cls(course, stages)
        progress._apply_locks()
        return progress

    @staticmethod
    def _completed_ids(learner, lesson_ids):
        if learner is None or not lesson_ids:
            return set()
        return set(
            learner.completions.filter(lesson_id__in=lesson_ids).values_list(
                "lesson_id", flat=True
            )
        )

    def _apply_locks(self):
        blocking = None
        for stage in self.stages:
            stage.unlocked = blocking is None
            stage.waiting_for = blocking
            for lesson in stage.lessons:
                lesson.is_open = stage.unlocked or lesson.always_open
            if self.course.is_sequential and blocking is None and not stage.is_complete:
                blocking = stage

    @property
    def lessons(self):
        return [lesson for stage in self.stages for lesson in stage.lessons]

    @property
    def is_complete(self):
        return self.total > 0 and self.done_count == self.total

    def stage(self, stage_id):
        return next((s for s in self.stages if s.page.pk == stage_id), None)

    def stage_of(self, lesson_id):
        return next(
            (
                s
                for s in self.stages
                for lesson in s.lessons
                if lesson.page.pk == lesson_id
            ),
            None,
        )

    def is_done(self, lesson_id):
        return any(
            lesson.done for lesson in self.lessons if lesson.page.pk == lesson_id
        )

    def lesson(self, lesson_id):
        return next((x for x in self.lessons if x.page.pk == lesson_id), None)

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
        ids = [lesson.page.pk for lesson in lessons]
        if lesson_id not in ids:
            return None, None
        i = ids.index(lesson_id)
        before = lessons[i - 1] if i > 0 else None
        after = lessons[i + 1] if i + 1 < len(lessons) else None
        return tuple(
            lesson.page if lesson and lesson.is_open else None
            for lesson in (before, after)
        )

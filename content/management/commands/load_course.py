"""Load the shipped course from content/shipped/ into the page tree.

The content is data (TOML files), so wording changes are content diffs, not code.
Every file is read and checked before anything is saved, and the whole load is one
transaction: a bad file stops it with the file and the place named, and nothing is
half-loaded. Running the command again leaves a course that is already there alone.

`--check` saves nothing: it reads every file, prints each lesson's figures and the
content-health problems (lessons/health.py), and fails if there are any.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wagtail.actions.create import CreateAction

from content.loader import (
    SHIPPED,
    ContentError,
    course_dirs,
    read_course,
    read_services,
    read_toml,
)
from course.models import CoursePage
from home.models import HomePage, Place, SupportService
from lessons.health import (
    lesson_problems,
    quiz_statistics,
    reading_grade,
    reading_problems,
    stage_problems,
)


class Command(BaseCommand):
    help = "Load the shipped course (and the default help lines) if they are not there yet."

    def add_arguments(self, parser):
        parser.add_argument(
            "--content", type=Path, default=SHIPPED, help="Content folder to read."
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Save nothing: check every file and print figures and content-health problems.",
        )

    def handle(self, *args, content, check, **options):
        if check:
            return self.check_content(content)
        home = HomePage.objects.first()
        if home is None:
            raise CommandError("There is no home page. Run 'manage.py migrate' first.")
        try:
            help_lines = read_services(content / "support_services.toml")
            courses = [
                read_course(course_dir)
                for course_dir in course_dirs(content)
                if not self.already_there(read_toml(course_dir / "course.toml"))
            ]
        except (ContentError, OSError) as error:
            raise CommandError(f"Nothing was loaded.\n{error}") from error
        with transaction.atomic():
            self.load_help_lines(help_lines)
            for course in courses:
                self.load_course(home, course)

    def check_content(self, content):
        try:
            read_services(content / "support_services.toml")
            courses = [read_course(course_dir) for course_dir in course_dirs(content)]
        except (ContentError, OSError) as error:
            raise CommandError(f"The content cannot be loaded.\n{error}") from error
        problems = 0
        for course in courses:
            for stage in course.stages:
                lessons = [lesson for _path, lesson in stage.lessons]
                for path, lesson in stage.lessons:
                    problems += self.report(path, lesson, lesson_problems(lesson))
                for problem in stage_problems(lessons):
                    self.stdout.write(f"Stage “{stage.page.title}”: {problem}")
                    problems += 1
            for path, guide in course.guides:
                problems += self.report(path, guide, reading_problems(guide))
            lessons = [
                lesson for stage in course.stages for _p, lesson in stage.lessons
            ]
            self.stdout.write(f"\nQuizzes of “{course.page.title}”:")
            for name, figure in quiz_statistics(lessons).items():
                if hasattr(figure, "items"):
                    figure = ", ".join(f"{k}: {v}" for k, v in sorted(figure.items()))
                self.stdout.write(f"  {name}: {figure}")
        if problems:
            raise CommandError(f"{problems} problem(s) to fix.")
        self.stdout.write(self.style.SUCCESS("No problems."))

    def report(self, path, page, problems):
        quiz = getattr(page, "questions", None)
        figures = f"{page.word_count} words, grade {reading_grade(page):.1f}"
        if quiz is not None:
            figures += f", {len(quiz)} questions"
        self.stdout.write(f"{path.parent.name}/{path.name}: {figures}")
        for problem in problems:
            self.stdout.write(f"    {problem}")
        return len(problems)

    def already_there(self, data):
        if CoursePage.objects.filter(slug=data.get("slug")).exists():
            self.stdout.write(
                f"Course “{data.get('title')}”: already there, left as it is."
            )
            return True
        return False

    def load_help_lines(self, help_lines):
        places = self.load_places(help_lines.places)
        if SupportService.objects.exists():
            self.place_shipped_lines(help_lines.services, places)
            self.stdout.write("Help lines: already there, left as they are.")
            return
        for service in help_lines.services:
            # Published as a reviewer would, with a first revision and the audit
            # log's "created" and "published" entries.
            service.places = [places[slug] for slug in service.place_slugs]
            CreateAction(service, publish=True).execute(skip_permission_checks=True)
        self.stdout.write(
            self.style.SUCCESS(f"Help lines: added {len(help_lines.services)}.")
        )

    def load_places(self, places):
        """The shipped places, by slug; an editor's own places and changes are kept."""
        existing = {place.slug: place for place in Place.objects.all()}
        added = [place for place in places if place.slug not in existing]
        for place in added:
            place.save()
            existing[place.slug] = place
        if added:
            self.stdout.write(self.style.SUCCESS(f"Places: added {len(added)}."))
        return existing

    def place_shipped_lines(self, shipped, places):
        """A site from before places: its shipped lines that no one has given places
        yet get the shipped ones, as a new published revision (so the editor's next
        change starts from it). Until then a line with no place answers everywhere."""
        by_name_and_phone = {(line.name, line.phone): line for line in shipped}
        untagged = SupportService.objects.live().filter(places__isnull=True)
        placed = 0
        for line in untagged:
            match = by_name_and_phone.get((line.name, line.phone))
            if match is None or not match.place_slugs or line.has_unpublished_changes:
                continue
            line.places = [places[slug] for slug in match.place_slugs]
            line.save_revision(log_action=True).publish()
            placed += 1
        if placed:
            self.stdout.write(self.style.SUCCESS(f"Help lines: placed {placed}."))

    def load_course(self, home, course):
        publish(home, course.page, "course.toml")
        for stage in course.stages:
            publish(course.page, stage.page, f"stage “{stage.page.title}”")
            for path, lesson in stage.lessons:
                publish(stage.page, lesson, path)
        for path, guide in course.guides:
            publish(course.page, guide, path)
            if guide.slug == course.urgent_help:
                course.page.urgent_help = guide
                course.page.save_revision().publish()
        self.stdout.write(
            self.style.SUCCESS(
                f"Course “{course.page.title}”: added {len(course.stages)} stages, "
                f"{course.lesson_count} lessons and {len(course.guides)} guides, published."
            )
        )


def publish(parent, page, source):
    try:
        parent.add_child(instance=page)
    except ValidationError as error:
        # Checks that need the tree, such as a slug its siblings already use.
        raise CommandError(
            f"Nothing was loaded.\n{source}: {'; '.join(error.messages)}"
        ) from error
    page.save_revision().publish()
    return page

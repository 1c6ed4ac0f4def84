"""Load the shipped course from content/shipped/ into the page tree.

The content is data (TOML files), so wording changes are content diffs, not code.
Every file is read and checked before anything is saved, and the whole load is one
transaction: a bad file stops it with the file and the place named, and nothing is
half-loaded. Running the command again leaves a course that is already there alone.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from content.loader import (
    SHIPPED,
    ContentError,
    course_dirs,
    read_course,
    read_services,
    read_toml,
)
from course.models import CoursePage
from home.models import HomePage, SupportService


class Command(BaseCommand):
    help = "Load the shipped course (and the default help lines) if they are not there yet."

    def add_arguments(self, parser):
        parser.add_argument(
            "--content", type=Path, default=SHIPPED, help="Content folder to read."
        )

    def handle(self, *args, content, **options):
        home = HomePage.objects.first()
        if home is None:
            raise CommandError("There is no home page. Run 'manage.py migrate' first.")
        try:
            services = read_services(content / "support_services.toml")
            courses = [
                read_course(course_dir)
                for course_dir in course_dirs(content)
                if not self.already_there(read_toml(course_dir / "course.toml"))
            ]
        except (ContentError, OSError) as error:
            raise CommandError(f"Nothing was loaded.\n{error}") from error
        with transaction.atomic():
            self.load_services(services)
            for course in courses:
                self.load_course(home, course)

    def already_there(self, data):
        if CoursePage.objects.filter(slug=data.get("slug")).exists():
            self.stdout.write(
                f"Course “{data.get('title')}”: already there, left as it is."
            )
            return True
        return False

    def load_services(self, services):
        if SupportService.objects.exists():
            self.stdout.write("Help lines: already there, left as they are.")
            return
        for service in services:
            service.save()
        self.stdout.write(self.style.SUCCESS(f"Help lines: added {len(services)}."))

    def load_course(self, home, course):
        publish(home, course.page, "course.toml")
        for stage in course.stages:
            publish(course.page, stage.page, f"stage “{stage.page.title}”")
            for path, lesson in stage.lessons:
                publish(stage.page, lesson, path)
        self.stdout.write(
            self.style.SUCCESS(
                f"Course “{course.page.title}”: added {len(course.stages)} stages and "
                f"{course.lesson_count} lessons, published."
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

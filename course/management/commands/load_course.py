"""Load the shipped course from course/content/ into the page tree.

The content is data (TOML files), so wording changes are content diffs, not code.
Running the command again leaves a course that is already there alone.
"""

import re
import tomllib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.html import escape

from course.models import CoursePage, StagePage
from home.models import HomePage, SupportService
from lessons.models import LessonPage

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
BOLD = re.compile(r"\*\*(.+?)\*\*")


def read_toml(path):
    with path.open("rb") as f:
        return tomllib.load(f)


def paragraphs(text):
    """Rich text HTML from the content files' small plain-text format.

    Blocks are separated by blank lines. A block starting with '## ' or '### ' is a
    heading, a block whose lines all start with '- ' is a list, anything else is a
    paragraph; **words** are bold.
    """
    return "".join(_block_html(chunk) for chunk in text.strip().split("\n\n"))


def _block_html(chunk):
    lines = chunk.strip().splitlines()
    if all(line.startswith("- ") for line in lines):
        items = "".join(f"<li>{_inline(line[2:])}</li>" for line in lines)
        return f"<ul>{items}</ul>"
    words = chunk.split()
    tag = {"##": "h2", "###": "h3"}.get(words[0], "p")
    if tag != "p":
        words = words[1:]
    return f"<{tag}>{_inline(' '.join(words))}</{tag}>"


def _inline(text):
    return BOLD.sub(r"<b>\1</b>", escape(" ".join(text.split())))


def body_blocks(entries):
    blocks = []
    for entry in entries:
        kind = entry.pop("type")
        value = paragraphs(entry["text"]) if kind == "text" else entry
        blocks.append((kind, value))
    return blocks


def quiz_blocks(entries):
    return [(entry.pop("type"), entry) for entry in entries]


class Command(BaseCommand):
    help = "Load the shipped course (and the default help lines) if they are not there yet."

    def add_arguments(self, parser):
        parser.add_argument(
            "--content", type=Path, default=CONTENT_DIR, help="Content folder to read."
        )

    def handle(self, *args, **options):
        content = options["content"]
        home = HomePage.objects.first()
        if home is None:
            raise CommandError("There is no home page. Run 'manage.py migrate' first.")
        with transaction.atomic():
            self.load_services(content / "support_services.toml")
            for course_dir in sorted(
                p for p in content.iterdir() if (p / "course.toml").exists()
            ):
                self.load_course(home, course_dir)

    def load_services(self, path):
        if SupportService.objects.exists():
            self.stdout.write("Help lines: already there, left as they are.")
            return
        services = read_toml(path)["service"]
        for order, service in enumerate(services):
            SupportService.objects.create(sort_order=order, **service)
        self.stdout.write(self.style.SUCCESS(f"Help lines: added {len(services)}."))

    def load_course(self, home, course_dir):
        data = read_toml(course_dir / "course.toml")
        if CoursePage.objects.filter(slug=data["slug"]).exists():
            self.stdout.write(
                f"Course “{data['title']}”: already there, left as it is."
            )
            return
        course = self.publish(
            home,
            CoursePage(
                title=data["title"],
                slug=data["slug"],
                intro=paragraphs(data["intro"]),
                completion_message=paragraphs(data["completion_message"]),
            ),
        )
        lesson_count = 0
        stage_dirs = sorted(
            p for p in course_dir.iterdir() if (p / "stage.toml").exists()
        )
        for stage_dir in stage_dirs:
            stage_data = read_toml(stage_dir / "stage.toml")
            stage = self.publish(
                course,
                StagePage(
                    title=stage_data["title"],
                    slug=stage_data["slug"],
                    intro=paragraphs(stage_data["intro"]),
                ),
            )
            for lesson_file in sorted(stage_dir.glob("[0-9]*.toml")):
                self.publish(stage, self.build_lesson(read_toml(lesson_file)))
                lesson_count += 1
        self.stdout.write(
            self.style.SUCCESS(
                f"Course “{course.title}”: added {len(stage_dirs)} stages and {lesson_count} lessons, published."
            )
        )

    @staticmethod
    def build_lesson(data):
        lesson = LessonPage(
            title=data["title"],
            slug=data["slug"],
            content_note=data.get("content_note", ""),
            body=body_blocks(data["body"]),
            quiz=quiz_blocks(data.get("quiz", [])),
        )
        if "pass_mark" in data:
            lesson.pass_mark = data["pass_mark"]
        lesson.tags.add(*data.get("tags", []))
        return lesson

    @staticmethod
    def publish(parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

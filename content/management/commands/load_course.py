"""Load the shipped course from content/shipped/ into the page tree.

The content is data (TOML files), so wording changes are content diffs, not code.
Every file is read and checked before anything is saved, and the whole load is one
transaction: a bad file stops it with the file and the place named, and nothing is
half-loaded. Running the command again leaves a course that is already there alone.

Each translation shipped beside the source (content/shipped/es/ mirrors
content/shipped/, file for file) is loaded as wagtail-localize translations of the
source pages: the loader pairs each translated text with its source text, so block
ids, the quiz's answer key and every setting stay the source's, and editors see
in the admin which texts go out of date when the source changes.

`--check` saves nothing: it reads every file, prints each lesson's figures and the
content-health problems (lessons/health.py), and fails if there are any.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wagtail.actions.create import CreateAction
from wagtail.models import Locale

import polib
from wagtail_localize.models import Translation, TranslationSource

from content.loader import (
    SHIPPED,
    ContentError,
    course_dirs,
    read_course,
    read_home,
    read_services,
    text_pairs,
    translation_dirs,
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
            "--without-translations",
            action="store_true",
            help="Load the source language only (content/shipped/<language>/ is left out).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Save nothing: check every file and print figures and content-health problems.",
        )

    def handle(self, *args, content, check, without_translations, **options):
        if check:
            return self.check_content(content)
        home = HomePage.objects.first()
        if home is None:
            raise CommandError("There is no home page. Run 'manage.py migrate' first.")
        try:
            help_lines = read_services(content / "support_services.toml")
            sources = {path.name: read_course(path) for path in course_dirs(content)}
            courses = [
                course
                for course in sources.values()
                if not self.already_there(course.page)
            ]
            translations = (
                {} if without_translations else read_translations(content, sources)
            )
        except (ContentError, OSError) as error:
            raise CommandError(f"Nothing was loaded.\n{error}") from error
        with transaction.atomic():
            self.load_help_lines(help_lines)
            for course in courses:
                self.load_course(home, course)
            for code, (home_translation, translated) in translations.items():
                self.load_translation(code, home, home_translation, translated)

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

    def already_there(self, course):
        if CoursePage.objects.filter(slug=course.slug).exists():
            self.stdout.write(f"Course “{course.title}”: already there, left as it is.")
            return True
        return False

    def load_translation(self, code, home, home_translation, courses):
        """The pages of a language, each a translation of its source page; a course
        already translated is left as it is (editors translate in the admin)."""
        locale, _created = Locale.objects.get_or_create(language_code=code)
        if home_translation and not home.has_translation(locale):
            try:
                translate(home, home_translation, locale, "home.toml")
            except ContentError as error:  # an editor changed the source's shape
                self.stdout.write(f"Home page: not translated ({error}).")
        for source, translated in courses:
            course = CoursePage.objects.get(slug=source.page.slug, locale=home.locale)
            if course.has_translation(locale):
                self.stdout.write(
                    f"Course “{course.title}” in {code}: already there, left as it is."
                )
                continue
            # The course first, so that its pages' addresses are made under its
            # translated slug.
            translate(course, translated.page, locale, "course.toml")
            count = 1
            for page, translation, where in pages_of(course, source, translated):
                translate(page, translation, locale, where)
                count += 1
            # Again, now that the guide it links to has its translation.
            translate(course, translated.page, locale, "course.toml")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Course “{translated.page.title}” ({code}): translated {count} pages, published."
                )
            )

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


def read_translations(content, sources):
    """{language code: (home page translation or None, [(source Course, translated
    Course)])}, every file read and checked like the source's, and shaped like it."""
    found = {}
    for code, folder in translation_dirs(content).items():
        home_file = folder / "home.toml"
        home = read_home(home_file) if home_file.exists() else None
        courses = [
            (sources[path.name], read_course(path))
            for path in course_dirs(folder)
            if path.name in sources
        ]
        problems = []
        for source, translated in courses:
            for page, translation, where in pairs_of(source, translated, folder):
                try:
                    text_pairs(page, translation, where)
                except ContentError as error:
                    problems.append(str(error))
        if problems:
            raise ContentError("\n".join(problems))
        found[code] = (home, courses)
    return found


def pairs_of(source, translated, folder):
    """(source page, translated page, file) for each page of a course's files."""
    yield source.page, translated.page, folder / "course.toml"
    if len(source.stages) != len(translated.stages):
        raise ContentError(
            f"{folder}: {len(translated.stages)} stages, the source has {len(source.stages)}"
        )
    for stage, stage_translation in zip(source.stages, translated.stages, strict=True):
        yield stage.page, stage_translation.page, folder / "stage.toml"
        yield from _by_file_name(stage.lessons, stage_translation.lessons, folder)
    yield from _by_file_name(source.guides, translated.guides, folder)


def _by_file_name(sources, translations, folder):
    translated = {path.name: (path, page) for path, page in translations}
    for path, page in sources:
        if path.name not in translated:
            raise ContentError(f"{folder}: no translation of {path.name}")
        translated_path, translation = translated[path.name]
        yield page, translation, translated_path


def pages_of(course, source, translated):
    """(saved source page, translated page, file) for each page of a loaded course,
    parents before children, found in the tree by the source files' slugs (a page
    an editor has since removed is skipped)."""
    children = {page.slug: page for page in course.get_children().specific()}
    for stage, stage_translation in zip(source.stages, translated.stages, strict=True):
        stage_page = children.get(stage.page.slug)
        if stage_page is None:
            continue
        yield stage_page, stage_translation.page, "stage.toml"
        lessons = {page.slug: page for page in stage_page.get_children().specific()}
        for lesson, translation, path in _by_file_name(
            stage.lessons, stage_translation.lessons, Path()
        ):
            if lesson.slug in lessons:
                yield lessons[lesson.slug], translation, path
    for guide, translation, path in _by_file_name(
        source.guides, translated.guides, Path()
    ):
        if guide.slug in children:
            yield children[guide.slug], translation, path


def translate(page, translation, locale, where):
    """Make (or update) the page's translation from a translated copy of it, through
    wagtail-localize: its texts become the translation's strings, so the admin knows
    each one's source and sees when the source changes."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    job, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale
    )
    po = polib.POFile()
    for path, text, translated in text_pairs(page.specific, translation, where):
        po.append(polib.POEntry(msgctxt=path, msgid=text, msgstr=translated))
    job.import_po(po, tool_name="load_course")
    job.save_target(publish=False)
    # Published now, from the page as stored. (wagtail-localize would publish when
    # the load commits, from the page as it was before its children were added,
    # and so put back its old count of children, which hides them from routing.)
    job.get_target_instance().get_latest_revision().publish()

"""The shipped course, read from TOML files and checked before anything is saved.

Every lesson goes through the same block validation as an editor's save in the admin
(a question needs a right answer, every answer needs feedback), and its fields
through their model validators. A file that fails is named with the place in it.
"""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import escape

from wagtail.blocks.base import get_error_json_data
from wagtail.fields import StreamField

from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.segments.types import StringSegmentValue

from course.models import CoursePage, StagePage
from home.models import HomePage, Place, SupportService
from lessons.models import GuidePage, LessonPage

SHIPPED = Path(__file__).resolve().parent / "shipped"
BOLD = re.compile(r"\*\*(.+?)\*\*")


# A block id or list item id in a segment's path: positions pair them, not ids.
BLOCK_ID = re.compile(
    r"^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|None)$"
)


class ContentError(Exception):
    """A content file that cannot be loaded, with every reason why."""


def read_toml(path):
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{path}: not valid TOML: {error}") from error


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


@dataclass
class Stage:
    page: StagePage
    lessons: list  # (path, LessonPage) pairs


@dataclass
class Course:
    page: CoursePage
    stages: list
    guides: list  # (path, GuidePage) pairs
    urgent_help: str  # the slug of the guide linked as "If you're worried right now"

    @property
    def lesson_count(self):
        return sum(len(stage.lessons) for stage in self.stages)


@dataclass
class HelpLines:
    places: list  # unsaved Places
    services: list  # unsaved SupportServices, each with `place_slugs`


def read_services(path):
    """The default places and help lines as unsaved rows, each checked like an
    editor's save; a line's places must be among the file's places."""
    data = read_toml(path)
    places, services, problems = [], [], []
    for number, fields in enumerate(data.get("place", []), start=1):
        where = f"{path}: place {number} ({fields.get('name', 'no name')})"
        problems += checked(where, Place(sort_order=number, **fields), places)
    known = {place.slug for place in places}
    for number, fields in enumerate(data.get("service", []), start=1):
        where = f"{path}: service {number} ({fields.get('name', 'no name')})"
        place_slugs = fields.pop("places", [])
        unknown = sorted(set(place_slugs) - known)
        if unknown:
            problems.append(f"{where}: places not in the file: {', '.join(unknown)}")
        try:
            service = SupportService(sort_order=number, **fields)
        except TypeError as error:  # a key the model does not have
            problems.append(f"{where}: {error}")
            continue
        service.place_slugs = place_slugs
        problems += checked(where, service, services, exclude=["places"])
    if problems:
        raise ContentError("\n".join(problems))
    return HelpLines(places=places, services=services)


def checked(where, row, rows, exclude=None):
    """The row's problems, as an editor's save would find them; a row with none is
    added to rows. Uniqueness among the file's own rows is the database's to check."""
    try:
        row.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        return [
            f"{where}: {name}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    rows.append(row)
    return []


def course_dirs(content):
    return sorted(p for p in content.iterdir() if (p / "course.toml").exists())


def read_course(course_dir):
    """The course in a folder as unsaved pages, every lesson checked. Raises a
    ContentError listing every problem in every file."""
    data = read_toml(course_dir / "course.toml")
    page = CoursePage(
        title=data.get("title", ""),
        slug=data.get("slug", ""),
        intro=paragraphs(data.get("intro", "")),
        completion_message=paragraphs(data.get("completion_message", "")),
    )
    stage_dirs = sorted(p for p in course_dir.iterdir() if (p / "stage.toml").exists())
    stages, problems = read_each(read_stage, stage_dirs)
    guides, guide_problems = read_each(
        read_guide, sorted((course_dir / "guides").glob("[0-9]*.toml"))
    )
    problems += guide_problems
    problems += field_problems(course_dir / "course.toml", page, PAGE_FIELDS)
    problems += unknown_keys(course_dir / "course.toml", data, COURSE_KEYS)
    urgent_help = data.get("urgent_help", "")
    if urgent_help and urgent_help not in {guide.slug for _path, guide in guides}:
        problems.append(
            f"{course_dir / 'course.toml'}: urgent_help: no guide has the slug {urgent_help!r}"
        )
    if problems:
        raise ContentError("\n".join(problems))
    return Course(page, [stage for _path, stage in stages], guides, urgent_help)


def read_each(reader, paths):
    """[(path, what reader made)] and every problem, an unreadable file included."""
    items, problems = [], []
    for path in paths:
        try:
            item, item_problems = reader(path)
        except ContentError as error:
            problems.append(str(error))
            continue
        items.append((path, item))
        problems += item_problems
    return items, problems


def read_stage(stage_dir):
    data = read_toml(stage_dir / "stage.toml")
    page = StagePage(
        title=data.get("title", ""),
        slug=data.get("slug", ""),
        intro=paragraphs(data.get("intro", "")),
    )
    lessons, problems = read_each(read_lesson, sorted(stage_dir.glob("[0-9]*.toml")))
    problems += field_problems(stage_dir / "stage.toml", page, PAGE_FIELDS)
    return Stage(page, lessons), problems


def read_lesson(path):
    data = read_toml(path)
    body, body_problems = stream(path, "body", data.get("body", []))
    quiz, quiz_problems = stream(path, "quiz", data.get("quiz", []))
    lesson = LessonPage(
        title=data.get("title", ""),
        slug=data.get("slug", ""),
        content_note=data.get("content_note", ""),
        always_open=data.get("always_open", False),
        body=body,
        quiz=quiz,
    )
    if "pass_mark" in data:
        lesson.pass_mark = data["pass_mark"]
    lesson.tags.add(*data.get("tags", []))
    problems = [
        *unknown_keys(path, data, LESSON_KEYS),
        *field_problems(path, lesson, LESSON_FIELDS),
        *body_problems,
        *quiz_problems,
    ]
    return lesson, problems


def read_guide(path):
    data = read_toml(path)
    body, body_problems = stream(path, "body", data.get("body", []))
    guide = GuidePage(
        title=data.get("title", ""),
        slug=data.get("slug", ""),
        content_note=data.get("content_note", ""),
        body=body,
    )
    guide.tags.add(*data.get("tags", []))
    problems = [
        *unknown_keys(path, data, GUIDE_KEYS),
        *field_problems(path, guide, GUIDE_FIELDS),
        *body_problems,
    ]
    return guide, problems


PAGE_FIELDS = ("title", "slug")
GUIDE_FIELDS = (*PAGE_FIELDS, "content_note")
LESSON_FIELDS = (*GUIDE_FIELDS, "pass_mark", "always_open")
COURSE_KEYS = {"title", "slug", "intro", "completion_message", "urgent_help"}
GUIDE_KEYS = {"title", "slug", "content_note", "tags", "body"}
LESSON_KEYS = {*GUIDE_KEYS, "pass_mark", "always_open", "quiz"}


def unknown_keys(path, data, known):
    """A misspelt key would otherwise be ignored without a word."""
    return [
        f"{path}: unknown key {key!r} (use one of: {', '.join(sorted(known))})"
        for key in sorted(data.keys() - known)
    ]


def field_problems(path, page, names):
    """The model's own validators on the plain fields a file sets."""
    problems = []
    for name in names:
        try:
            page._meta.get_field(name).clean(getattr(page, name), page)
        except ValidationError as error:
            problems += [f"{path}: {name}: {message}" for message in error.messages]
    return problems


def stream(path, name, entries):
    """A StreamField value from a file's [[body]] or [[quiz]] entries, and what is
    wrong with it, checked by the blocks the admin uses."""
    stream_block = LessonPage._meta.get_field(
        name
    ).stream_block  # guides share the body
    raw, problems = [], []
    for number, entry in enumerate(entries, start=1):
        entry = dict(entry)
        kind = entry.pop("type", None)
        if kind not in stream_block.child_blocks:
            known = ", ".join(stream_block.child_blocks)
            problems.append(
                f"{path}: {name} block {number}: unknown type {kind!r} (use one of: {known})"
            )
            continue
        value = paragraphs(entry.get("text", "")) if kind == "text" else entry
        raw.append({"type": kind, "value": value})
    value = stream_block.to_python(raw)
    try:
        stream_block.clean(value)
    except ValidationError as error:
        problems += [
            f"{path}: {_place(name, value, where)}: {message}"
            for where, message in _messages(get_error_json_data(error))
        ]
    return value, problems


def _messages(data, where=()):
    """(place, message) pairs from a block error's JSON form, depth first."""
    for message in data.get("messages", []):
        yield where, message
    for key, inner in data.get("blockErrors", {}).items():
        yield from _messages(inner, (*where, key))


def _place(name, value, where):
    """Where in a stream an error is, as an author would look for it."""
    if not where:
        return name
    index, *inside = where
    child = value[int(index)]
    what = "question" if name == "quiz" else "block"
    place = f"{name} {what} {int(index) + 1}"
    if hasattr(child.value, "get"):
        prompt = child.value.get("question") or child.value.get("statement")
        if prompt:
            place += f" (“{prompt[:60]}”)"
    for part, following in zip(inside, [*inside[1:], None], strict=True):
        if str(part).isdigit():
            continue  # named with the list it belongs to, below
        if following is not None and str(following).isdigit():
            # "options", 1 -> "option 2"
            place += f", {part.removesuffix('s')} {int(following) + 1}"
        else:
            place += f", {part}"
    return place


def translation_dirs(content):
    """{language code: folder} for each language shipped beside the source: a
    translation mirrors the source's files (content/shipped/es/alongside/...)."""
    return {
        code: content / code
        for code, _name in settings.LANGUAGES
        if code != settings.LANGUAGE_CODE and (content / code).is_dir()
    }


def read_home(path):
    """A translation of the home page: its title and welcome."""
    data = read_toml(path)
    problems = unknown_keys(path, data, {"title", "slug", "intro"})
    if problems:
        raise ContentError("\n".join(problems))
    return HomePage(
        title=data.get("title", ""),
        slug=data.get("slug", ""),
        intro=paragraphs(data.get("intro", "")),
    )


def text_pairs(source, translated, where):
    """[(segment path, source text, translated text)] for every text of a page,
    paired in reading order, as wagtail-localize reads them. A translation must
    have the source's shape (blocks, options, paragraphs); where it does not, the
    problem is named and nothing is paired."""
    ours, theirs = _strings(source), _strings(translated)
    shapes = [_shape(s.path) for s in ours], [_shape(s.path) for s in theirs]
    if shapes[0] != shapes[1]:
        first = next(
            (i for i, (a, b) in enumerate(zip(*shapes, strict=False)) if a != b),
            min(map(len, shapes)),
        )
        source_has, here = (
            shape[first] if first < len(shape) else "nothing" for shape in shapes
        )
        raise ContentError(
            f"{where}: not shaped like its source (every block, option and paragraph "
            f"needs its translation, in the same order): text {first + 1} is "
            f"{source_has} in the source, {here} here"
        )
    return [
        (a.path, a.string.data, b.string.data)
        for a, b in zip(ours, theirs, strict=True)
    ]


def _strings(page):
    for field in page._meta.fields:
        if isinstance(field, StreamField):
            # Read back as a save would store it: blocks and list items with ids.
            stored = field.get_prep_value(getattr(page, field.name))
            setattr(page, field.name, field.to_python(stored))
    return [s for s in extract_segments(page) if isinstance(s, StringSegmentValue)]


def _shape(path):
    return ".".join("*" if BLOCK_ID.match(part) else part for part in path.split("."))

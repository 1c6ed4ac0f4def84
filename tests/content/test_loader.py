"""The loader checks every file the way the admin checks an editor's save, and a bad
file loads nothing."""

import re
import shutil
import tomllib

from django.core.management import CommandError, call_command

import pytest

from content.loader import SHIPPED
from course.models import CoursePage
from home.models import SupportService
from lessons.models import LessonPage

pytestmark = pytest.mark.django_db

LESSON = (
    "alongside/2-blame-and-overprotection/02-words-that-blame-and-words-that-help.toml"
)

BROKEN_QUESTIONS = """
[[quiz]]
type = "single_choice"
question = "Which of these has no right answer?"
explanation = ""
options = [
  { text = "This one", correct = false, feedback = "Not this." },
  { text = "Nor this", correct = false, feedback = "Nor this." },
]

[[quiz]]
type = "true_false"
statement = "This statement has no feedback for False."
answer = "true"
feedback_true = "Yes."
feedback_false = ""
"""


@pytest.fixture
def content(tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(SHIPPED, copy)
    return copy


def load(content):
    with pytest.raises(CommandError) as error:
        call_command("load_course", "--content", str(content))
    assert not CoursePage.objects.exists()
    assert not LessonPage.objects.exists()
    assert not SupportService.objects.exists()
    return str(error.value)


def test_a_question_without_a_right_answer_or_feedback_loads_nothing(
    content, home_page
):
    lesson = content / LESSON
    before = len(tomllib.loads(lesson.read_text())["quiz"])
    with lesson.open("a") as f:
        f.write(BROKEN_QUESTIONS)
    message = load(content)
    assert "Nothing was loaded." in message
    assert (
        f"{lesson}: quiz question {before + 1} (“Which of these has no right answer?”), "
        "options: Mark exactly one answer as right."
    ) in message
    assert (
        f"{lesson}: quiz question {before + 2} (“This statement has no feedback for False.”), "
        "feedback_false: This field is required."
    ) in message


def test_every_bad_file_is_named_at_once(content, home_page):
    stage = content / "alongside/1-understanding"
    lesson = stage / "01-what-the-bond-is.toml"
    kinds = [block["type"] for block in tomllib.loads(lesson.read_text())["body"]]
    lesson.write_text(
        lesson.read_text().replace('type = "key_points"', 'type = "keypoints"', 1)
    )
    (stage / "stage.toml").write_text(
        'title = ""\nslug = "understanding-the-bond"\nintro = "x"\n'
    )
    extra = stage / "05-not-toml.toml"
    extra.write_text("title = 'unterminated\n")
    message = load(content)
    number = kinds.index("key_points") + 1
    assert f"{lesson}: body block {number}: unknown type 'keypoints'" in message
    assert f"{stage / 'stage.toml'}: title: This field cannot be blank." in message
    assert f"{extra}: not valid TOML" in message


def test_a_pass_mark_outside_1_to_100_is_refused(content, home_page):
    lesson = content / LESSON
    lesson.write_text("pass_mark = 140\n" + lesson.read_text())
    message = load(content)
    assert (
        f"{lesson}: pass_mark: Ensure this value is less than or equal to 100."
        in message
    )


def test_a_help_line_with_an_unknown_field_is_refused(content, home_page):
    services = content / "support_services.toml"
    services.write_text(services.read_text().replace("hours =", "opening_hours =", 1))
    message = load(content)
    assert f"{services}: service 1 (Emergency services)" in message
    assert "opening_hours" in message


def test_a_slug_used_twice_in_one_stage_loads_nothing(content, home_page):
    stage = content / "alongside/3-listening"
    first = (stage / "01-a-safe-space-to-talk.toml").read_text()
    (stage / "04-copy.toml").write_text(first)
    message = load(content)
    assert "04-copy.toml" in message
    assert "slug" in message.lower()


def test_a_misspelt_key_is_named_not_ignored(content, home_page):
    lesson = content / LESSON
    lesson.write_text("alway_open = true\n" + lesson.read_text())
    message = load(content)
    assert f"{lesson}: unknown key 'alway_open'" in message


def test_a_guide_cannot_carry_a_quiz(content, home_page):
    (guide,) = (content / "alongside/guides").glob("02-*.toml")
    with guide.open("a") as f:
        f.write(BROKEN_QUESTIONS)
    assert f"{guide}: unknown key 'quiz'" in load(content)


def test_the_urgent_page_must_be_one_of_the_guides(content, home_page):
    course = content / "alongside/course.toml"
    text = course.read_text()
    assert "urgent_help = " in text
    course.write_text(
        "\n".join(
            'urgent_help = "nowhere"' if line.startswith("urgent_help") else line
            for line in text.splitlines()
        )
    )
    assert "urgent_help: no guide has the slug 'nowhere'" in load(content)


def test_check_saves_nothing_and_reports_figures(home_page, capsys):
    call_command("load_course", "--check")
    out = capsys.readouterr().out
    assert "01-what-the-bond-is.toml:" in out
    assert "words, grade" in out
    assert "single choice: right answer is the longest:" in out
    assert out.rstrip().endswith("No problems.")
    assert not CoursePage.objects.exists()
    assert not SupportService.objects.exists()


GUESSABLE = (
    'title = "Guessable"\nslug = "guessable"\n\n[[body]]\ntype = "text"\ntext = """\n'
    + "You can help by staying close. " * 60
    + '\n"""\n'
    + """
[[quiz]]
type = "single_choice"
question = "Your friend says she is scared. What helps most?"
options = [
  { text = "Listen, and ask her what would help her most right now", correct = true, feedback = "Yes." },
  { text = "Tell her", correct = false, feedback = "No." },
  { text = "Leave", correct = false, feedback = "No." },
]
"""
    * 3
)


def test_check_fails_on_a_guessable_quiz_and_says_why(content, home_page, capsys):
    stage = content / "alongside/3-listening"
    (stage / "09-guessable.toml").write_text(GUESSABLE)
    with pytest.raises(CommandError, match=r"1 problem\(s\) to fix"):
        call_command("load_course", "--check", "--content", str(content))
    out = capsys.readouterr().out
    assert re.search(r"3-listening/09-guessable.toml: \d+ words, grade", out)
    assert "The right answer is the longest in 3 of 3 single-choice questions" in out
    assert not CoursePage.objects.exists()


def test_a_translation_shaped_unlike_its_source_loads_nothing(content, home_page):
    lesson = content / "es" / "alongside" / "1-understanding" / "02-why-it-forms.toml"
    text = lesson.read_text()
    # The first question loses its last option: its answer key no longer pairs up.
    last_option = tomllib.loads(text)["quiz"][0]["options"][-1]["text"]
    line = next(line for line in text.splitlines() if last_option in line)
    lesson.write_text(text.replace(line + "\n", "", 1))
    message = load(content)
    assert "02-why-it-forms.toml: not shaped like its source" in message

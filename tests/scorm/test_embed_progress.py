"""Every page of an organisation's embed carries the learner's progress as data, for
static/js/embed-progress.js to tell the page around the frame (a SCORM launcher)."""

import json
import re

from django.test import Client

import pytest

from course.progress import score
from tests.helpers import lessons_of, make_org, start_embed, submit


def progress_in(html):
    match = re.search(
        r'<script id="alongside-progress" type="application/json">(.*?)</script>', html
    )
    return json.loads(match.group(1)) if match else None


def test_an_embedded_page_carries_the_learners_progress(course):
    organisation = make_org(origins="https://harbour.example")
    prefix = start_embed(organisation, course)
    learner = Client()
    lesson = lessons_of(course)[0]
    assert submit(learner, lesson, prefix=prefix).status_code == 200
    stage = lesson.get_parent()
    for url in (course.url, stage.url, lesson.url):
        html = learner.get(prefix + url).content.decode()
        progress = progress_in(html)
        assert progress["course"] == {
            "id": course.pk,
            "done": 1,
            "total": 4,
            "score": 25,
            "passed": False,
        }
        assert progress["stages"][str(stage.pk)] == {
            "done": 1,
            "total": 2,
            "score": 50,
            "passed": False,
        }
        assert 'data-embed-origins="https://harbour.example"' in html
        assert progress["key"] == prefix.rsplit("/", 1)[-1]
        assert "/static/js/embed-progress.js" in html


def test_a_stage_is_passed_when_each_of_its_lessons_is(course):
    prefix = start_embed(make_org(), course)
    learner = Client()
    first, second = lessons_of(course)[:2]
    submit(learner, first, prefix=prefix)
    html = submit(learner, second, prefix=prefix).content.decode()
    stages = progress_in(html)["stages"]
    assert stages[str(first.get_parent().pk)]["passed"] is True
    assert [stage["passed"] for stage in stages.values()] == [True, False]


def test_pages_outside_the_course_carry_the_key_only(course):
    prefix = start_embed(make_org(), course)
    progress = progress_in(Client().get(prefix + "/my-progress/").content.decode())
    assert progress["course"] is None
    assert progress["key"] == prefix.rsplit("/", 1)[-1]


def test_pages_outside_an_embed_carry_nothing(course):
    html = Client().get(course.url).content.decode()
    assert progress_in(html) is None
    assert "embed-progress.js" not in html


@pytest.mark.parametrize(
    ("done", "total", "expected"),
    [(0, 16, 0), (2, 16, 13), (1, 3, 33), (2, 3, 67), (16, 16, 100), (0, 0, 0)],
)
def test_the_score_is_the_share_of_lessons_passed_out_of_100_halves_up(
    done, total, expected
):
    assert score(done, total) == expected

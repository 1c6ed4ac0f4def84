"""Assignment and Grade Services against the test platform's token and score
endpoints: finishing lessons sends the placed lesson's or stage's score to the
platform's grade book; a failed send waits and goes again, never lost."""

import io
import time

from django.core.management import call_command
from django.test import Client

import pytest

from learners.models import Learner
from lti.grades import SEND_TIMEOUT
from lti.models import GradeLink
from tests.helpers import SITE_ORIGIN, lessons_of, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _platform_knows_our_key_set(platform):
    """As a platform fetches it, to check our token requests."""
    platform.tool_jwks = Client().get("/lti/jwks/").json()


def launch_placed(platform, page, resource, sub="person-a"):
    """A learner's launch of `page`, placed with a grade book column `resource`."""
    response = platform.launch(
        target=f"http://testserver/lti/launch/{page.pk}/",
        sub=sub,
        changes=platform.grade_book(resource),
    )
    assert response.status_code == 302
    return response["Location"][: -len(page.url)]


def scores_sent(platform):
    return [
        (address, score["userId"], score["scoreGiven"], score["activityProgress"])
        for address, score in platform.scores
    ]


def test_finishing_a_placed_lesson_sends_its_score(course, platform, registered):
    lesson = lessons_of(course)[0]
    prefix = launch_placed(platform, lesson, "lesson-1")
    assert not GradeLink.objects.exists()  # nothing stored before the first answer
    submit(Client(), lesson, right=False, prefix=prefix)
    assert platform.scores == []  # a failed quiz finishes nothing
    submit(Client(), lesson, prefix=prefix)
    assert scores_sent(platform) == [
        ("/lineitems/lesson-1/lineitem/scores?type_id=1", "person-a", 100, "Completed")
    ]
    score = platform.scores[0][1]
    assert (score["scoreMaximum"], score["gradingProgress"]) == (100, "FullyGraded")
    link = GradeLink.objects.get()
    assert (link.pending_score, link.sent_score, link.sub) == (None, 100, "person-a")


def test_a_placed_stage_scores_the_share_of_its_lessons_finished(
    course, platform, registered
):
    first, second = lessons_of(course)[:2]
    stage = first.get_parent()
    prefix = launch_placed(platform, stage, "stage-1")
    submit(Client(), first, prefix=prefix)
    submit(Client(), second, prefix=prefix)
    assert [score for _a, _u, score, _p in scores_sent(platform)] == [50, 100]


def test_a_failed_send_waits_and_goes_again(course, platform, registered):
    lesson = lessons_of(course)[0]
    prefix = launch_placed(platform, lesson, "lesson-1")
    platform.failing = 1
    submit(Client(), lesson, prefix=prefix)
    link = GradeLink.objects.get()
    assert (link.pending_score, link.failures) == (100, 1)
    assert "503" in link.last_error
    assert platform.scores == []
    out = io.StringIO()
    call_command("send_lti_scores", stdout=out)
    assert "Sent 1 scores; 0 still waiting." in out.getvalue()
    assert scores_sent(platform)[0][2] == 100
    link.refresh_from_db()
    assert (link.pending_score, link.sent_score, link.failures) == (None, 100, 0)
    call_command("send_lti_scores", stdout=io.StringIO())
    assert len(platform.scores) == 1  # sent once


def test_a_platform_out_of_reach_keeps_the_score_for_later(
    course, platform, registered
):
    lesson = lessons_of(course)[0]
    prefix = launch_placed(platform, lesson, "lesson-1")
    platform.stop()  # the platform is gone: connections are refused
    submit(Client(), lesson, prefix=prefix)
    link = GradeLink.objects.get()
    assert (link.pending_score, link.failures) == (100, 1)
    out = io.StringIO()
    call_command("send_lti_scores", stdout=out)
    assert "Sent 0 scores; 1 still waiting." in out.getvalue()


def test_a_platform_that_hangs_holds_the_learner_up_two_seconds_at_most(
    course, platform, registered
):
    lesson = lessons_of(course)[0]
    prefix = launch_placed(platform, lesson, "lesson-1")
    platform.hanging = 10
    started = time.monotonic()
    submit(Client(), lesson, prefix=prefix)
    assert time.monotonic() - started < SEND_TIMEOUT + 3  # with room for a slow machine
    link = GradeLink.objects.get()
    assert (link.pending_score, link.failures) == (100, 1)
    assert "timed out" in link.last_error.lower()


def test_the_next_launch_sends_a_score_still_waiting(course, platform, registered):
    lesson = lessons_of(course)[0]
    prefix = launch_placed(platform, lesson, "lesson-1")
    platform.failing = 1
    submit(Client(), lesson, prefix=prefix)
    assert platform.scores == []
    launch_placed(platform, lesson, "lesson-1")
    assert scores_sent(platform)[0][2] == 100


def test_each_placement_has_its_own_column(course, platform, registered):
    lesson = lessons_of(course)[0]
    stage = lesson.get_parent()
    prefix = launch_placed(platform, stage, "stage-1")
    submit(Client(), lesson, prefix=prefix)
    assert launch_placed(platform, lesson, "lesson-1") == prefix  # the same learner
    assert {address for address, *_ in scores_sent(platform)} == {
        "/lineitems/stage-1/lineitem/scores?type_id=1",
        "/lineitems/lesson-1/lineitem/scores?type_id=1",
    }
    assert GradeLink.objects.count() == 2


def test_deleting_their_progress_deletes_what_was_kept_for_the_grade_book(
    course, platform, registered
):
    lesson = lessons_of(course)[0]
    prefix = launch_placed(platform, lesson, "lesson-1")
    submit(Client(), lesson, prefix=prefix)
    deleted = Client().post(prefix + "/my-progress/delete/", HTTP_ORIGIN=SITE_ORIGIN)
    assert deleted.status_code == 302
    assert not Learner.objects.exists()
    assert not GradeLink.objects.exists()


def test_a_launch_without_grade_services_stores_nothing_for_grades(
    course, platform, registered
):
    lesson = lessons_of(course)[0]
    response = platform.launch(target=f"http://testserver/lti/launch/{lesson.pk}/")
    prefix = response["Location"][: -len(lesson.url)]
    submit(Client(), lesson, prefix=prefix)
    assert not GradeLink.objects.exists()
    assert platform.scores == []


def test_merged_progress_keeps_one_link_per_grade_book_column(
    course, platform, registered
):
    lesson = lessons_of(course)[0]
    for sub in ("person-a", "person-b"):
        submit(
            Client(), lesson, prefix=launch_placed(platform, lesson, "lesson-1", sub)
        )
    submit(
        Client(),
        lesson,
        prefix=launch_placed(platform, lesson.get_parent(), "stage-1", "person-a"),
    )
    source = GradeLink.objects.get(lineitem__contains="stage-1").learner
    target = GradeLink.objects.get(sub="person-b").learner
    target.absorb(source)
    assert sorted(
        (link.sub, link.lineitem.split("/")[-2]) for link in GradeLink.objects.all()
    ) == [("person-a", "stage-1"), ("person-b", "lesson-1")]
    assert {link.learner for link in GradeLink.objects.all()} == {target}

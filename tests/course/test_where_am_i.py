"""Where a learner is: "Lesson 2 of 4" by the title, reading times for stages and the
course, the moment a stage is finished (once), a pause after a long stretch, the
place to continue from on the home page, and every lesson's state on Your progress."""

import re
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from course.models import LessonCompletion
from course.progress import PAUSE_AFTER, SITTING, CourseProgress, reading_minutes
from course.templatetags.course_tags import duration
from home.edge_cache import ASKED
from tests.factories import LessonPageFactory
from tests.helpers import answers_for, first_write_in, form_token, lessons_of, submit

pytestmark = pytest.mark.django_db

PAUSE = "A pause, if you would like one"


@pytest.fixture
def course(make_course):
    return make_course(stages=2, lessons=4)


def test_a_lesson_says_where_it_stands_beside_its_title(client, course):
    second = lessons_of(course)[1]
    html = client.get(second.url).content.decode()
    assert re.search(
        r'<p class="lesson__position">Lesson 2 of 4 <span class="lesson__stage">'
        r"· Stage 1 of 2</span></p>\s*<h1 id=\"page-title\">",
        html,
    )


def test_reading_time_is_the_editors_figure_else_the_words_at_200_a_minute():
    assert reading_minutes(450) == 3
    assert reading_minutes(0) == 1
    assert reading_minutes(450, set_by_editor=10) == 10


def test_stage_and_course_times_add_up_their_lessons_reading_times(make_course):
    course = make_course(stages=2, lessons=1)
    first_stage, second_stage = course.get_children()
    LessonPageFactory(parent=first_stage, reading_minutes=12)
    words = " ".join(["word"] * 1000)  # 5 minutes at 200 a minute
    LessonPageFactory(parent=second_stage, body=[("text", f"<p>{words}</p>")])
    progress = CourseProgress.build(course, None)
    assert [stage.minutes for stage in progress.stages] == [1 + 12, 1 + 5]
    assert progress.minutes == 19
    html = Client().get(course.url).content.decode()
    assert "2 lessons, about 13 minutes of reading" in html
    assert "2 lessons, about 6 minutes of reading" in html
    assert "2 stages and 4 lessons: about 19 minutes of reading in all." in html
    assert "Reading times are worked out from the length of each lesson" in html
    stage_html = Client().get(first_stage.url).content.decode()
    assert "2 lessons, about 13 minutes of reading in all." in stage_html
    assert "About 12 minutes" in stage_html


def test_times_are_said_in_words():
    assert duration(1) == "about 1 minute"
    assert duration(25) == "about 25 minutes"
    assert duration(60) == "about 1 hour"
    assert duration(71) == "about 1 hour 10 minutes"
    assert duration(118) == "about 2 hours"


def test_finishing_a_stage_is_marked_once_with_what_comes_next(client, course):
    lessons = lessons_of(course)
    first_stage, second_stage = course.get_children()
    for lesson in lessons[:3]:
        assert "You have finished Stage" not in submit(client, lesson).content.decode()
    token = form_token(client.get(lessons[3].url).content.decode())
    html = submit(client, lessons[3], token=token).content.decode()
    assert f"You have finished Stage 1: {first_stage.title}." in html
    assert f"Next comes Stage 2: {second_stage.title}. It is open now" in html
    # The same form sent again shows the recorded result, not the moment again.
    again = submit(client, lessons[3], token=token).content.decode()
    assert "You passed" in again
    assert "You have finished Stage" not in again
    # Passing it again later is no new moment either.
    assert "You have finished Stage" not in submit(client, lessons[3]).content.decode()
    # The stage page says so from then on.
    assert (
        "You have finished this stage." in client.get(first_stage.url).content.decode()
    )


def test_finishing_the_last_stage_is_marked_as_the_whole_course(client, make_course):
    course = make_course(stages=1, lessons=1)
    html = submit(client, lessons_of(course)[0]).content.decode()
    assert "You have finished every stage of the course." in html


def test_a_lesson_without_a_quiz_says_its_stage_is_finished_on_the_next_page(
    client, make_course
):
    course = make_course(stages=2, lessons=1, quiz=[])
    stage = course.get_children().first()
    page = client.get(lessons_of(course)[0].url).content.decode()
    response = client.post(
        lessons_of(course)[0].url + "done/", first_write_in(page), follow=True
    )
    assert f"and with it the stage “{stage.title}”" in response.content.decode()


def test_a_lesson_without_a_quiz_offers_the_pause_on_the_next_page(client, make_course):
    course = make_course(stages=1, lessons=PAUSE_AFTER, quiz=[])
    for lesson in lessons_of(course):
        page = client.get(lesson.url).content.decode()
        response = client.post(lesson.url + "done/", first_write_in(page), follow=True)
        html = response.content.decode()
    assert "You have done a lot in one sitting." in html
    assert "breathe in slowly for a count of 4 and out for 6" in html


def test_a_pause_is_offered_after_every_few_lessons_in_one_sitting(client, course):
    lessons = lessons_of(course)
    said = [PAUSE in submit(client, lesson).content.decode() for lesson in lessons]
    assert said == [(n + 1) % PAUSE_AFTER == 0 for n in range(len(lessons))]
    assert said.count(True) == 2  # after the third and the sixth, of eight
    html = submit(client, lessons[0]).content.decode()  # passed before: no new lesson
    assert PAUSE not in html


def test_lessons_finished_long_ago_do_not_count_towards_a_pause(client, course):
    lessons = lessons_of(course)
    for lesson in lessons[:2]:
        submit(client, lesson)
    LessonCompletion.objects.update(
        completed_at=timezone.now() - SITTING - timedelta(minutes=1)
    )
    assert PAUSE not in submit(client, lessons[2]).content.decode()


def test_the_pause_has_a_grounding_idea_and_folds_away(client, course):
    for lesson in lessons_of(course)[:PAUSE_AFTER]:
        html = submit(client, lesson).content.decode()
    pause = re.search(r'<details class="pause" open>.*?</details>', html, re.S).group(0)
    assert "5 things you can see" in pause
    assert "Breathe in slowly" in pause
    assert "<summary" in pause  # a summary folds it away, without JavaScript


def test_the_home_page_offers_a_returning_learner_the_place_to_continue(
    client, course, home_page
):
    first, second, *_ = lessons_of(course)
    html = client.get(home_page.url).content.decode()
    assert "Continue where you left off" not in html
    submit(client, first)
    html = client.get(home_page.url).content.decode()
    assert "You have finished 1 of 8 lessons." in html
    assert re.search(
        rf'<a class="button" href="{re.escape(second.url)}">Continue where you left off',
        html,
    )


def test_the_home_page_stays_the_same_for_every_visitor_without_a_cookie(
    course, home_page
):
    submit(Client(), lessons_of(course)[0])  # someone else's progress
    response = Client().get(home_page.url, HTTP_X_EDGE_CACHE=ASKED)
    assert response.has_header("X-Accel-Expires")
    assert "Continue where you left off" not in response.content.decode()


def states_on_your_progress(client):
    html = client.get(reverse("my_progress")).content.decode()
    return dict(
        re.findall(
            r'<li class="lesson-state lesson-state--\w+">(?:<a href="[^"]+">)?([^<]+)'
            r'(?:</a>)? <span class="lesson-state__label">([^<]+)</span>',
            html,
        )
    )


def test_your_progress_lists_every_lesson_with_its_state(client, course):
    lessons = lessons_of(course)
    submit(client, lessons[0])
    page = client.get(lessons[1].url).content.decode()
    data = answers_for(lessons[1], right=False, token=form_token(page))
    client.post(lessons[1].url + "quiz/", data)
    states = states_on_your_progress(client)
    assert states[lessons[0].title] == "Finished"
    assert states[lessons[1].title] == "Started"
    assert states[lessons[2].title] == "Not started"
    assert states[lessons[4].title] == "Locked"
    assert len(states) == 8

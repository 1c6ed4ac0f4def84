"""Progress through a course: completion, stage locks, continue links, completion page."""

from django.contrib.messages import get_messages

import pytest

from course.models import CoursePage, LessonCompletion
from tests.factories import LessonPageFactory, StagePageFactory
from tests.helpers import lessons_of, submit

pytestmark = pytest.mark.django_db


def finish(client, lessons):
    for lesson in lessons:
        assert "You passed" in submit(client, lesson).content.decode()


def test_course_page_shows_progress_per_stage_and_overall(client, course):
    first, second, *_ = lessons_of(course)
    finish(client, [first])
    html = client.get(course.url).content.decode()
    assert "The whole course: 1 of 4 lessons finished" in html
    assert "This stage: 1 of 2 lessons finished" in html
    assert "This stage: 0 of 2 lessons finished" in html
    assert "Continue where you left off" in html
    assert f'href="{second.url}"' in html


def test_new_learner_is_offered_the_first_lesson(client, course):
    html = client.get(course.url).content.decode()
    assert "Start the first lesson" in html
    assert lessons_of(course)[0].url in html


def test_later_stages_are_locked_and_say_what_to_finish_first(client, course):
    first_stage, second_stage = course.get_children()
    html = client.get(course.url).content.decode()
    assert f"Finish “{first_stage.title}” first." in html
    assert f'href="{second_stage.url}"' not in html
    stage_html = client.get(second_stage.url).content.decode()
    assert client.get(second_stage.url).status_code == 200
    assert "This stage is locked." in stage_html


def test_direct_link_to_a_locked_lesson_leads_to_where_the_learner_is(client, course):
    lessons = lessons_of(course)
    response = client.get(lessons[2].url)
    assert response.status_code == 302
    assert response["Location"] == lessons[0].url
    message = str(list(get_messages(response.wsgi_request))[0])
    assert "opens when you finish the stage" in message


def test_answers_to_a_locked_lesson_are_not_recorded(client, course):
    locked = lessons_of(course)[2]
    response = client.post(
        locked.url + "quiz/", {"submission": "6f1c1d5e-0000-4000-8000-00000000000a"}
    )
    assert response.status_code == 302
    assert not LessonCompletion.objects.exists()


def test_finishing_a_stage_opens_the_next(client, course):
    lessons = lessons_of(course)
    finish(client, lessons[:2])
    assert client.get(lessons[2].url).status_code == 200


def test_open_navigation_unlocks_every_stage(client, make_course):
    course = make_course(navigation=CoursePage.OPEN)
    assert client.get(lessons_of(course)[3].url).status_code == 200


def test_stage_without_lessons_does_not_block_the_course(client, make_course):
    course = make_course(stages=1, lessons=1)
    StagePageFactory(parent=course)
    later = StagePageFactory(parent=course)
    lesson = LessonPageFactory(parent=later)
    finish(client, lessons_of(course)[:1])
    assert client.get(lesson.url).status_code == 200


def test_completion_page_waits_for_the_whole_course(client, course):
    response = client.get(course.url + "completion/")
    assert response.status_code == 302
    assert response["Location"] == course.url


def test_completion_page_names_no_one_unless_the_learner_types_a_name(client, course):
    finish(client, lessons_of(course))
    html = client.get(course.url + "completion/").content.decode()
    assert "You have worked through all 2 stages and 4 lessons" in html
    named = client.post(
        course.url + "completion/", {"name": "Sam Example"}
    ).content.decode()
    assert "Sam Example" in named
    # Nothing typed is kept: the next visit is anonymous again.
    assert "Sam Example" not in client.get(course.url + "completion/").content.decode()


def test_completion_page_rejects_an_overlong_name_with_a_400(client, course):
    finish(client, lessons_of(course))
    response = client.post(course.url + "completion/", {"name": "x" * 500})
    assert response.status_code == 400
    assert "Ensure this value has at most 80 characters" in response.content.decode()


def test_completion_page_refuses_other_methods(client, course):
    assert client.delete(course.url + "completion/").status_code == 405


def test_last_lesson_result_links_to_the_completion_page(client, course):
    lessons = lessons_of(course)
    finish(client, lessons[:-1])
    html = submit(client, lessons[-1]).content.decode()
    assert f'href="{course.url}completion/"' in html


def test_a_lesson_kept_always_open_opens_in_a_locked_stage(client, make_course):
    course = make_course(stages=2, lessons=2)
    first, second, kept_open, locked = lessons_of(course)
    kept_open.always_open = True
    kept_open.save_revision().publish()
    response = client.get(kept_open.url)
    assert response.status_code == 200
    progress = course.progress_for(response.wsgi_request)
    assert progress.is_open(kept_open.pk)
    assert progress.waiting_for(kept_open.pk) is None
    assert not progress.is_open(locked.pk)
    assert progress.waiting_for(locked.pk).page.pk == first.get_parent().pk
    assert client.get(locked.url).status_code == 302
    # Where to continue is still the sequence, not the lesson kept open.
    assert progress.next_lesson.pk == first.pk
    # Its pager offers the open lesson before it, not the locked one after it.
    previous, following = progress.neighbours(kept_open.pk)
    assert previous.pk == second.pk
    assert following is None


def test_the_urgent_page_must_be_a_guide_of_the_same_course(make_course):
    from django.core.exceptions import ValidationError

    from tests.factories import GuidePageFactory

    course, other = make_course(), make_course()
    course.urgent_help = GuidePageFactory(parent=other)
    with pytest.raises(ValidationError):
        course.full_clean()
    course.urgent_help = lessons_of(course)[0]
    with pytest.raises(ValidationError):
        course.full_clean()
    course.urgent_help = GuidePageFactory(parent=course)
    course.full_clean()

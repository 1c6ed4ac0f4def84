"""Concurrent submissions against a real HTTP server and a real database."""

import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import Cookie, CookieJar

import pytest

from course.models import LessonCompletion
from learners.models import Learner
from lessons.models import QuizAttempt
from tests.helpers import (
    PASSWORD,
    answers_for,
    csrf_token_in,
    first_write_in,
    form_token,
    lessons_of,
    make_user,
)

# serialized_rollback restores the home page and site that migrations create.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Browser:
    """A tiny cookie-keeping HTTP client, like one browser with several tabs."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar)
        )

    def set_cookie(self, name, value):
        host = urllib.parse.urlsplit(self.base_url).hostname
        self.jar.set_cookie(
            Cookie(
                0,
                name,
                value,
                None,
                False,
                host,
                False,
                False,
                "/",
                True,
                False,
                None,
                False,
                None,
                None,
                {},
            )
        )

    def get(self, path):
        with self.opener.open(self.base_url + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path, data):
        body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(
            self.base_url + path, data=body, headers={"Referer": self.base_url + path}
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def quiz_data(self, lesson):
        html = self.get(lesson.url)
        data = answers_for(lesson, token=form_token(html))
        data["csrfmiddlewaretoken"] = csrf_token_in(html)
        data |= first_write_in(html)
        return data


def sent_four_times_at_once(browser, lesson):
    """The same quiz form, sent from four tabs at the same moment: the statuses."""
    data = browser.quiz_data(lesson)
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(
            pool.map(lambda _: browser.post(lesson.url + "quiz/", data), range(4))
        )


def test_the_same_quiz_sent_from_two_tabs_at_once_counts_once(live_server, make_course):
    course = make_course()
    lesson = lessons_of(course)[0]
    browser = Browser(live_server.url)
    browser.get(course.url)
    browser.post(
        lesson.url + "quiz/",
        browser.quiz_data(lesson)
        | {"submission": "6f1c1d5e-0000-4000-8000-0000000000c1"},
    )
    assert sent_four_times_at_once(browser, lesson) == [200] * 4
    assert Learner.objects.count() == 1
    assert QuizAttempt.objects.count() == 2
    assert LessonCompletion.objects.count() == 1


def test_many_learners_submitting_at_once_all_get_through(live_server, make_course):
    course = make_course()
    lesson = lessons_of(course)[0]
    browsers = [Browser(live_server.url) for _ in range(12)]
    prepared = [(browser, browser.quiz_data(lesson)) for browser in browsers]
    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(
            pool.map(lambda pair: pair[0].post(lesson.url + "quiz/", pair[1]), prepared)
        )
    assert statuses == [200] * 12
    assert QuizAttempt.objects.count() == 12
    assert LessonCompletion.objects.count() == 12


def test_a_first_visitors_form_sent_twice_at_once_makes_one_learner(
    live_server, make_course
):
    """No learner cookie yet: both requests race to create the learner."""
    course = make_course()
    lesson = lessons_of(course)[0]
    browser = Browser(live_server.url)
    assert sent_four_times_at_once(browser, lesson) == [200] * 4
    assert Learner.objects.count() == 1
    assert QuizAttempt.objects.count() == 1


def test_a_signed_in_learners_first_form_sent_twice_at_once_makes_one_learner(
    live_server, make_course
):
    course = make_course()
    lesson = lessons_of(course)[0]
    make_user("quiet-heron")
    browser = Browser(live_server.url)
    token = csrf_token_in(browser.get("/account/login/"))
    browser.post(
        "/account/login/",
        {"username": "quiet-heron", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert sent_four_times_at_once(browser, lesson) == [200] * 4
    assert Learner.objects.get().user.username == "quiet-heron"
    assert QuizAttempt.objects.count() == 1

"""Prints SQL query counts and latency for the lesson page and a quiz submission,
for courses of 5 and 50 lessons and a learner with few or many attempts.

Run: ./dev test tests/benchmarks/bench_requests.py -s
Figures only: nothing here asserts a speed.
"""

import statistics
import time
import uuid

from django.db import connection

import pytest

from tests.test_concurrency import Browser
from tests.test_query_counts import learner_at_last_stage, queries_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ROUNDS = 30


def median_ms(action):
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def test_print_request_figures(live_server, make_course):
    rows = []
    for stages, attempts in ((1, 0), (10, 0), (10, 200)):
        course = make_course(stages=stages, lessons=5)
        client, lesson = learner_at_last_stage(course, attempts=attempts)
        page_queries, quiz_queries = queries_for(client, lesson)
        browser = Browser(live_server.url)
        browser.set_cookie("lk", client.cookies["lk"].value)
        page_ms = median_ms(
            lambda lesson=lesson, browser=browser: browser.get(lesson.url)
        )
        data = browser.quiz_data(lesson)

        def post(browser=browser, lesson=lesson, data=data):
            status = browser.post(
                lesson.url + "quiz/", data | {"submission": str(uuid.uuid4())}
            )
            assert status == 200

        quiz_ms = median_ms(post)
        rows.append(
            (stages * 5, attempts, page_queries, quiz_queries, page_ms, quiz_ms)
        )
    print(  # noqa: T201
        f"\n{connection.vendor}: median of {ROUNDS} requests over HTTP (live server)"
    )
    print(  # noqa: T201
        "lessons  attempts  page queries  quiz queries  page ms  quiz ms"
    )
    for row in rows:
        print(  # noqa: T201
            "{:>7}  {:>8}  {:>12}  {:>12}  {:>7.1f}  {:>7.1f}".format(*row)
        )

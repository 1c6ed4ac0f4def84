"""Prints p50 server CPU (ms) and SQL queries per request for a lesson page (anonymous
and returning learner), a quiz submission and the course page, for the shipped course and at 500 lessons.

In-process: django.test.Client under production settings
(`alongside.settings.production`, https, the local-memory cache unless REDIS_URL is
set) on a throwaway SQLite database (or DATABASE_URL: give it an empty one), so the
figures are the application's CPU alone, with no web server or network. The shipped
course is loaded (24 lessons today: the first column is that size, PERF-REVIEW's was
16); the 500-lesson course adds copies of its stage "understanding-the-bond" (4 lessons
each), as PERF-REVIEW did. CPU is the process's
CPU time per request (time.process_time), the median of ROUNDS requests after a
warm-up; queries are counted with connection.execute_wrapper. Figures only: nothing here
asserts a speed.

Run: .venv/bin/python tests/benchmarks/bench_lesson_cpu.py [--rounds 50]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def configure():
    sys.path.insert(0, str(ROOT))
    folder = tempfile.mkdtemp(prefix="alongside-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "alongside.settings.production"
    os.environ.setdefault("SECRET_KEY", "bench-" + uuid.uuid4().hex)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    import django

    django.setup()


def cpu_and_queries(action, rounds):
    from django.db import connection

    action()  # warm-up
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        action()
    timings = []
    for _ in range(rounds):
        start = time.process_time()
        action()
        timings.append((time.process_time() - start) * 1000)
    return statistics.median(timings), len(queries)


def grow(course, lessons_wanted):
    """Copies of the stage 'understanding-the-bond' until the course has enough."""
    from lessons.models import LessonPage

    stage = course.get_children().get(slug="understanding-the-bond")
    i = 0
    while LessonPage.objects.descendant_of(course).count() < lessons_wanted:
        i += 1
        stage.copy(
            recursive=True,
            keep_live=True,
            log_action=None,
            update_attrs={"slug": f"extra-stage-{i}", "title": f"Extra stage {i}"},
        )


def measure(course, rounds):
    from django.test import Client

    from course.models import LessonCompletion
    from learners.models import Learner
    from lessons.models import LessonPage
    from tests.helpers import answers_for, form_token

    lessons = list(LessonPage.objects.live().descendant_of(course).order_by("path"))
    first, target = lessons[0], lessons[-1]
    anonymous = Client(secure=True)
    learner = Client(secure=True)
    page = learner.get(first.url).content.decode()
    data = answers_for(first, token=form_token(page))
    assert learner.post(first.url + "quiz/", data).status_code == 200
    me = Learner.objects.latest("pk")
    LessonCompletion.objects.bulk_create(
        [LessonCompletion(learner=me, lesson=lesson) for lesson in lessons[1:-1]],
        ignore_conflicts=True,
    )

    def get(client, url):
        def action():
            assert client.get(url).status_code == 200

        return action

    def post():
        data = answers_for(target, token=str(uuid.uuid4()))
        assert learner.post(target.url + "quiz/", data).status_code == 200

    return {
        "lesson GET anonymous": cpu_and_queries(get(anonymous, first.url), rounds),
        "lesson GET returning learner": cpu_and_queries(
            get(learner, target.url), rounds
        ),
        "quiz POST": cpu_and_queries(post, rounds),
        "course page (learner)": cpu_and_queries(get(learner, course.url), rounds),
        "course page anonymous": cpu_and_queries(get(anonymous, course.url), rounds),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    configure()
    from django.core.management import call_command
    from django.db import connection

    from course.models import CoursePage

    call_command("migrate", verbosity=0)
    call_command("load_course", verbosity=0)
    course = CoursePage.objects.get()
    results = {}
    for size in (24, 500):
        grow(course, size)
        results[size] = measure(CoursePage.objects.get(pk=course.pk), args.rounds)
    print(  # noqa: T201
        f"{connection.vendor}, production settings, in-process Client, "
        f"p50 CPU ms of {args.rounds} requests (queries per request)"
    )
    print(f"{'request':<30} {'shipped (24)':>16} {'500 lessons':>16}")  # noqa: T201
    for name in results[24]:
        cells = [
            f"{results[size][name][0]:6.1f} ms ({results[size][name][1]:2})"
            for size in (24, 500)
        ]
        print(f"{name:<30} {cells[0]:>16} {cells[1]:>16}")  # noqa: T201


if __name__ == "__main__":
    main()

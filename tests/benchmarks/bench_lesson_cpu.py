"""Prints p50 server CPU (ms) and SQL queries per request for a lesson page (anonymous
and returning learner), a quiz submission and the course page, at 16 and at 500
lessons, and with --answers at a million stored answers, with the time the quiz
questions report takes.

In-process: django.test.Client under production settings
(`alongside.settings.production`, https, the local-memory cache unless REDIS_URL is
set) on a throwaway SQLite database (or DATABASE_URL: give it an empty one), so the
figures are the application's CPU alone, with no web server or network. The shipped
course is loaded (24 lessons) and cut to the first size (its last lessons deleted);
larger sizes add copies of its stage "understanding-the-bond" (4 lessons each), as
PERF-REVIEW did. CPU is the process's CPU time per request (time.process_time), the
median of ROUNDS requests after a warm-up (what does not change between publishes is
then in the cache, as it is on a site in use); queries are counted with
connection.execute_wrapper. Figures only: nothing here asserts a speed.

--answers N then fills QuizAttempt and QuestionAnswer (bulk inserts) until N answers
are stored, from made-up learners spread over every lesson, and measures again at the
largest size, and times the quiz questions report (all answers, every course), as an
administrator would get it. Meant for PostgreSQL:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_perf \\
        .venv/bin/python tests/benchmarks/bench_lesson_cpu.py --answers 1000000

Run: .venv/bin/python tests/benchmarks/bench_lesson_cpu.py [--rounds 50]
"""

import argparse
import os
import random
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
    from django.conf import settings
    from django.core.management import call_command

    # Production serves hashed static files from a manifest: collect them here, in
    # the throwaway folder, rather than into the checkout.
    settings.STATIC_ROOT = f"{folder}/static"
    call_command("collectstatic", interactive=False, verbosity=0)


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


def resize(course, lessons_wanted):
    """Delete the course's last lessons, or add copies of the stage
    'understanding-the-bond', until it has as many lessons as wanted."""
    from lessons.models import LessonPage

    lessons = LessonPage.objects.descendant_of(course)
    for lesson in lessons.order_by("-path")[: max(0, lessons.count() - lessons_wanted)]:
        lesson.delete()
    stage = course.get_children().get(slug="understanding-the-bond")
    i = course.get_children().filter(slug__startswith="extra-stage-").count()
    while lessons.count() < lessons_wanted:  # bounded: each copy adds lessons
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


def fill_answers(course, wanted, batch=20_000):
    """Made-up learners' attempts (4 answers each, as most quizzes have) on every
    lesson, in bulk inserts, until `wanted` answers are stored."""
    from django.db import transaction

    from learners.models import Learner
    from lessons.models import LessonPage, QuestionAnswer, QuizAttempt

    lessons = list(LessonPage.objects.live().descendant_of(course))
    quizzes = [(lesson, lesson.questions) for lesson in lessons if lesson.questions]
    rng = random.Random(11)  # noqa: S311 (made-up answers, not secrets)
    stored = QuestionAnswer.objects.count()
    while stored < wanted:  # bounded: each round stores about `batch` answers
        with transaction.atomic():
            learners = Learner.objects.bulk_create(
                Learner(key_hash=uuid.uuid4().hex + uuid.uuid4().hex)
                for _ in range(batch // 40)
            )
            attempts, chosen = [], []
            for learner in learners:
                for lesson, questions in rng.sample(quizzes, min(10, len(quizzes))):
                    answers = [
                        (question, rng.choice(question.options))
                        for question in questions
                    ]
                    right = sum(option.correct for _, option in answers)
                    attempts.append(
                        QuizAttempt(
                            learner=learner,
                            lesson=lesson,
                            lesson_title=lesson.title,
                            submission=uuid.uuid4(),
                            score=right,
                            total=len(answers),
                            passed=right * 10 >= len(answers) * 6,
                        )
                    )
                    chosen.append(answers)
            attempts = QuizAttempt.objects.bulk_create(attempts, batch_size=5000)
            stored += len(
                QuestionAnswer.objects.bulk_create(
                    (
                        QuestionAnswer(
                            attempt=attempt,
                            question_id=question.id,
                            chosen=[option.id],
                            correct=option.correct,
                            version=question.version,
                        )
                        for attempt, answers in zip(attempts, chosen, strict=True)
                        for question, option in answers
                    ),
                    batch_size=5000,
                )
            )
    return stored


def report_time():
    """CPU and wall seconds of the quiz questions report, rendered for an
    administrator (the view itself: the admin's sign-in steps are not measured)."""
    from django.contrib.auth import get_user_model
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.cache import SessionStore
    from django.test import RequestFactory

    from reports.views import QuizQuestionReportView

    admin = get_user_model().objects.filter(is_superuser=True).first()
    if admin is None:
        admin = get_user_model().objects.create_superuser("bench-admin", password=None)
    request = RequestFactory().get("/admin/reports/quiz-questions/", secure=True)
    request.user = admin
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    wall, cpu = time.perf_counter(), time.process_time()
    response = QuizQuestionReportView.as_view()(request)
    response.render()
    assert response.status_code == 200
    return time.process_time() - cpu, time.perf_counter() - wall


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--sizes", type=int, nargs="+", default=[16, 500])
    parser.add_argument(
        "--answers", type=int, default=0, help="then measure at this many answers"
    )
    args = parser.parse_args()
    configure()
    from django.core.management import call_command
    from django.db import connection

    from course.models import CoursePage
    from lessons.models import QuestionAnswer

    call_command("migrate", verbosity=0)
    call_command("load_course", verbosity=0)
    course = CoursePage.objects.get()
    columns = {}
    for size in sorted(args.sizes):
        resize(course, size)
        columns[f"{size} lessons"] = measure(
            CoursePage.objects.get(pk=course.pk), args.rounds
        )
    report = None
    if args.answers:
        stored = fill_answers(course, args.answers)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        columns[f"+{stored:,} answers"] = measure(
            CoursePage.objects.get(pk=course.pk), args.rounds
        )
        report = (QuestionAnswer.objects.count(), *report_time())
    print(  # noqa: T201
        f"{connection.vendor}, production settings, in-process Client, "
        f"p50 CPU ms of {args.rounds} requests (queries per request)"
    )
    names = list(columns)
    print(f"{'request':<30}" + "".join(f"{n:>20}" for n in names))  # noqa: T201
    for row in columns[names[0]]:
        cells = [
            f"{columns[n][row][0]:6.1f} ms ({columns[n][row][1]:2})" for n in names
        ]
        print(f"{row:<30}" + "".join(f"{c:>20}" for c in cells))  # noqa: T201
    if report:
        answers, cpu, wall = report
        print(  # noqa: T201
            f"quiz questions report over {answers:,} answers: "
            f"{cpu:.1f} s CPU, {wall:.1f} s wall"
        )


if __name__ == "__main__":
    main()

"""Alongside side by side with wagtail/bakerydemo, the peer of issue 11, interleaved.

Both sites run on this machine under gunicorn with 2 sync workers, production
settings, each on a PostgreSQL database of its own and a Redis cache (a database
number of its own), on the Wagtail and Django versions of our requirements.txt.
The shared tool bench_pages.py (wrk, the two sites taking turns so machine noise
hits both alike) measures the pairs
  our anonymous lesson page  vs  a bakerydemo blog post
  our course page            vs  bakerydemo's home page
and this script prints, per pair, the ratio alongside/bakerydemo of every round
(two runs back to back) and the server CPU per request of each side (the gunicorn
process tree's CPU time over the requests wrk counted: steadier than req/s on a
shared machine).

bench_pages.py sends GET requests only, so a quiz submission cannot be set against
the blog post there: --quiz runs tests/benchmarks/bench_lesson_cpu.py afterwards (in
process, on PostgreSQL and Redis too) for the quiz POST's CPU per request.

bakerydemo is never copied into this repository: it is cloned into var/bakerydemo
(git-ignored) with a virtualenv of its own, var/bakerydemo/.venv. Without network,
give a clone or a bare git directory: --bakerydemo PATH.

Run: .venv/bin/python tests/benchmarks/compare_bakerydemo.py [--repeat 3] [--quiz]
Every wait is bounded; both servers are stopped at the end, also on failure.
Figures only: nothing here asserts a speed.
"""

import argparse
import contextlib
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from interleaved import BENCH_PAGES, bench_pages, pair_table, run, say, snapshot

ROOT = Path(__file__).resolve().parents[2]
PEER = ROOT / "var" / "bakerydemo"
BAKERYDEMO_GIT = "https://github.com/wagtail/bakerydemo"
# Ours, pinned in requirements.txt, installed into bakerydemo's venv too: the same
# framework, server and drivers on both sides.
SHARED_PINS = (
    "wagtail",
    "django",
    "gunicorn",
    "psycopg[binary]",
    "django-redis",
    "whitenoise",
)
# What nginx sends to the app servers in ./dev stack (deploy/nginx.conf): both sites
# then take the request as https from a trusted proxy, with no redirect.
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}
# bakerydemo's production settings, with its two caches on a Redis database of its
# own (its own settings put them on databases 0 and 1, which others here use).
PEER_SETTINGS = """\
from .production import *  # noqa: F403

for alias, cache in CACHES.items():  # noqa: F405
    cache["LOCATION"] = "{redis}"
    cache["KEY_PREFIX"] = alias
"""


def pinned(name):
    """Our requirements.txt line for a package, e.g. 'wagtail==8.0.1'."""
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if re.split(r"==", line.strip())[0].lower() == name:
            return line.strip()
    sys.exit(f"{name} is not pinned in requirements.txt")


def get_peer(source):
    if not (PEER / "manage.py").exists():
        say(f"Cloning bakerydemo from {source} into {PEER}")
        try:
            run(["git", "clone", "--quiet", source, PEER], timeout=600)
        except subprocess.TimeoutExpired:
            sys.exit(f"git clone of {source} timed out; give --bakerydemo PATH")
    return run(["git", "-C", PEER, "log", "-1", "--format=%h %cs"], 30).strip()


def peer_venv():
    """bakerydemo's own requirements, except that Wagtail, Django and the server
    and drivers are ours. Installed again only when that list changes."""
    venv = PEER / ".venv"
    if not (venv / "bin" / "pip").exists():
        run([sys.executable, "-m", "venv", venv], 300)
    wanted = [pinned(name) for name in SHARED_PINS]
    for line in (PEER / "requirements" / "base.txt").read_text().splitlines():
        name = re.split(r"[<>=!~\[ ]", line.strip())[0].lower()
        if name and not name.startswith("#") and name not in ("wagtail", "django"):
            wanted.append(line.strip())
    text = "\n".join(wanted) + "\n"
    marker = venv / "bench-requirements.txt"
    if not marker.exists() or marker.read_text() != text:
        say("Installing bakerydemo's requirements:", ", ".join(wanted))
        (venv / "pending-requirements.txt").write_text(text)
        run(
            [
                venv / "bin" / "pip",
                "install",
                "--quiet",
                "-r",
                venv / "pending-requirements.txt",
            ],
            1200,
        )
        marker.write_text(text)
    return venv / "bin"


def postgres_db(base, name, fresh):
    """The URL of a database of its own on the local PostgreSQL, created if missing."""
    if not re.fullmatch(r"\w+", name):
        sys.exit(f"not a plain database name: {name!r}")
    admin = f"{base}/postgres"
    query = f"SELECT 1 FROM pg_database WHERE datname='{name}'"  # noqa: S608 (checked)
    exists = run(["psql", admin, "-tAc", query], 60).strip()
    if exists and fresh:
        run(["psql", admin, "-qc", f'DROP DATABASE "{name}" WITH (FORCE)'], 120)
        exists = ""
    if not exists:
        run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], 120)
    return f"{base}/{name}"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch_status(url, timeout=10):
    request = urllib.request.Request(url, headers=PROXY_HEADERS)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


class Servers:
    """gunicorn servers started here, each in a session of its own, and stopped here
    (SIGTERM, then SIGKILL after 20 s) whatever happens."""

    def __init__(self, logs):
        self.logs = logs
        self.processes = []

    def start(self, name, gunicorn, app, cwd, env, probe):
        port = free_port()
        log = (self.logs / f"{name}.log").open("w")
        process = subprocess.Popen(  # noqa: S603 (the venv's gunicorn)
            [
                str(gunicorn),
                app,
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--error-logfile",
                "-",
                # Not gunicorn's default ~/.gunicorn/gunicorn.ctl, which others share.
                "--control-socket",
                str(self.logs / f"{name}.ctl"),
            ],
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while fetch_status(base + probe, timeout=120) != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"{name} did not answer 200 on {probe}; see {log.name}")
            time.sleep(1)
        return base, process.pid

    def stop(self):
        for process in self.processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def our_env(tree, database_url, redis_url):
    """The environment ./dev stack gives the app servers (production settings)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alongside.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "TRUSTED_PROXY_COUNT": "1",
        "CSRF_TRUSTED_ORIGINS": "https://localhost,https://127.0.0.1",
        "WAGTAILADMIN_BASE_URL": "https://localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "ERROR_PAGES_DIR": str(tree / "error-pages"),
    }


def prepare_ours(tree, env):
    python = ROOT / ".venv" / "bin" / "python"
    # As ./dev stack: static files first (the pages name them through the manifest),
    # then the database and the course. Once per snapshot: collecting again rewrites
    # the files under a stack that bench_proxy_cache.py may be serving from it.
    if not (tree / "staticfiles" / "staticfiles.json").exists():
        run([python, "manage.py", "collectstatic", "--noinput"], 600, cwd=tree, env=env)
    for command in (["migrate", "--noinput"], ["load_course"], ["housekeeping"]):
        run([python, "manage.py", *command], 600, cwd=tree, env=env)
    paths = run(
        [
            python,
            "manage.py",
            "shell",
            "-c",
            "from course.models import CoursePage; from lessons.models import LessonPage; "
            "course = CoursePage.objects.live().first(); "
            "lesson = LessonPage.objects.live().descendant_of(course).order_by('path').first(); "
            "print(course.get_url_parts()[2], lesson.get_url_parts()[2])",
        ],
        120,
        cwd=tree,
        env=env,
    ).split()
    return paths[-2], paths[-1]


def prepare_peer(bin_dir, env):
    python = bin_dir / "python"
    run([python, "manage.py", "migrate", "--noinput"], 900, cwd=PEER, env=env)
    count = subprocess.run(  # noqa: S603 (psql, fixed query)
        ["psql", env["DATABASE_URL"], "-tAc", "SELECT count(*) FROM blog_blogpage"],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.strip()
    if count in ("", "0"):
        say("Loading bakerydemo's demo data (load_initial_data)")
        run([python, "manage.py", "load_initial_data"], 900, cwd=PEER, env=env)
    if not (PEER / "bakerydemo" / "collect_static" / "staticfiles.json").exists():
        run([python, "manage.py", "collectstatic", "--noinput"], 900, cwd=PEER, env=env)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--bakerydemo",
        default=BAKERYDEMO_GIT,
        help="where to clone bakerydemo from (URL, clone or bare git dir)",
    )
    parser.add_argument("--bench-pages", default=str(BENCH_PAGES))
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db-prefix", default="bench_compare_")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379")
    parser.add_argument(
        "--redis-db",
        type=int,
        nargs=2,
        default=(13, 14),
        metavar=("OURS", "PEER"),
        help="Redis database numbers (flushed)",
    )
    parser.add_argument("--commit", default="HEAD", help="our commit to measure")
    parser.add_argument(
        "--fresh", action="store_true", help="recreate bakerydemo's database"
    )
    parser.add_argument(
        "--post", default="/blog/wild-yeast/", help="bakerydemo blog post"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="bench_pages.py invocations"
    )
    parser.add_argument(
        "-r", "--runs", type=int, default=3, help="rounds per invocation"
    )
    parser.add_argument(
        "-d", "--duration", type=int, default=15, help="seconds per wrk run"
    )
    parser.add_argument("-c", "--connections", type=int, default=16)
    parser.add_argument(
        "--quiz",
        action="store_true",
        help="then the quiz POST's CPU with bench_lesson_cpu.py",
    )
    args = parser.parse_args()
    # A stop from outside still runs the finally below, which stops the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))

    sha, tree = snapshot(args.commit)
    commit = get_peer(args.bakerydemo)
    peer_bin = peer_venv()
    versions = run(
        [
            peer_bin / "python",
            "-c",
            "import django, wagtail; print(django.get_version(), wagtail.__version__)",
        ],
        60,
    )
    say(
        f"Alongside {sha} ({tree}): {pinned('django')}, {pinned('wagtail')}; "
        f"bakerydemo {commit}, its venv: Django, Wagtail {versions.strip()}"
    )
    ours_redis = f"{args.redis}/{args.redis_db[0]}"
    peer_redis = f"{args.redis}/{args.redis_db[1]}"
    (PEER / "bakerydemo" / "settings" / "bench.py").write_text(
        PEER_SETTINGS.format(redis=peer_redis)
    )
    # Ours is created afresh every time: its migrations change from commit to commit.
    ours_db = postgres_db(args.postgres, args.db_prefix + "alongside", fresh=True)
    peer_db = postgres_db(args.postgres, args.db_prefix + "bakerydemo", args.fresh)
    env = our_env(tree, ours_db, ours_redis)
    peer_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.bench",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DATABASE_URL": peer_db,
        "REDIS_URL": peer_redis,  # so that its settings choose Redis; bench.py places it
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    say("Preparing both sites (migrate, demo data / shipped course, collectstatic)")
    course, lesson = prepare_ours(tree, env)
    prepare_peer(peer_bin, peer_env)
    for url in (ours_redis, peer_redis):  # no cache left from another run or database
        run(["redis-cli", "-u", url, "flushdb"], 30)

    logs = PEER / "logs"
    logs.mkdir(exist_ok=True)
    servers = Servers(logs)
    try:
        peer_base, peer_pid = servers.start(
            "bakerydemo",
            peer_bin / "gunicorn",
            "bakerydemo.wsgi",
            PEER,
            peer_env,
            args.post,
        )
        ours_base, ours_pid = servers.start(
            "alongside",
            ROOT / ".venv" / "bin" / "gunicorn",
            "alongside.wsgi",
            tree,
            env,
            lesson,
        )
        # The first request for a page may make its images' renditions: slow.
        for base, path in ((ours_base, course), (peer_base, "/")):
            if fetch_status(base + path, timeout=120) != 200:
                sys.exit(f"{base}{path} does not answer 200")
        arguments = [
            "-u", f"bakerydemo={peer_base}", "-u", f"alongside={ours_base}",
            "--pid", f"bakerydemo={peer_pid}", "--pid", f"alongside={ours_pid}",
            *[part for name, value in PROXY_HEADERS.items() for part in ("-H", f"{name}: {value}")],
            "-p", f"lesson-vs-post=bakerydemo:{args.post}", "-p", f"lesson-vs-post=alongside:{lesson}",
            "-p", "course-vs-home=bakerydemo:/", "-p", f"course-vs-home=alongside:{course}",
            "-r", args.runs, "-d", args.duration, "-c", args.connections, "--raw",
            # On a busy machine bakerydemo's home page takes over wrk's default 5 s:
            # such requests would cost CPU yet count as errors, not as requests.
            "--timeout", 30,
        ]  # fmt: skip
        # Two pages, two sites: warm-up, runs and pauses, with room to spare.
        budget = 4 * (args.runs * (args.duration + 2) + 4) + 120
        rows = bench_pages(arguments, args.repeat, logs, budget, tool=args.bench_pages)
    finally:
        servers.stop()
    say(
        f"\nPostgreSQL for both; Redis databases {args.redis_db[0]} (ours) and "
        f"{args.redis_db[1]} (bakerydemo); gunicorn 2 sync workers each. "
        "A = Alongside, B = bakerydemo:"
    )
    pair_table(
        rows,
        [
            (
                "lesson (anonymous) vs blog post",
                ("alongside", lesson),
                ("bakerydemo", args.post),
            ),
            ("course page vs home page", ("alongside", course), ("bakerydemo", "/")),
        ],
    )

    if args.quiz:
        say(
            "\nQuiz POST: bench_pages.py sends GET only, so in process instead "
            "(bench_lesson_cpu.py, production settings, PostgreSQL and Redis):"
        )
        cpu_db = postgres_db(args.postgres, args.db_prefix + "cpu", fresh=True)
        run(["redis-cli", "-u", ours_redis, "flushdb"], 30)
        cpu_env = {**os.environ, "DATABASE_URL": cpu_db, "REDIS_URL": ours_redis}
        say(
            run(
                [
                    ROOT / ".venv" / "bin" / "python",
                    tree / "tests" / "benchmarks" / "bench_lesson_cpu.py",
                ],
                1800,
                cwd=tree,
                env=cpu_env,
            )
        )


if __name__ == "__main__":
    main()

"""Faults survived: the production stack under a bounded load of scripted learners,
with one fault at a time, and a table of what learners met.

    .venv/bin/python -m tests.benchmarks.faults           # 30 s a phase
    .venv/bin/python -m tests.benchmarks.faults --short   # 12 s a phase (CI)

It starts its own Redis and its own PostgreSQL cluster on free loopback ports (so
the machine's shared servers are never touched), then `./dev stack` on free ports
with STACK_DIR=var/stack-faults. Learners (tests/benchmarks/learner.py) read lessons
and answer quizzes, sending a failed quiz form again with its submission id. Each
phase starts the fault a third of the way in and ends it at two thirds:

  baseline      nothing goes wrong
  redis killed  SIGKILL, then started again
  redis hung    SIGSTOP, then SIGCONT
  postgres      restarted (stopped, a pause, started)
  app killed    SIGKILL to one app server, master and workers (last: it stays dead)

Promises (tests/stack/test_faults.py checks them): no failed request (a 5xx or no
answer), except the calm 503 page while PostgreSQL is down and the requests an app
server was answering when it was killed, which the learner sends again; p99 under
300 ms while Redis is down or hung; every quiz submission a learner was shown the
result of is recorded once, none lost and none doubled. Every wait is bounded.
"""

import argparse
import contextlib
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks.learner import AnswerBook, Browser, Learner

ROOT = Path(__file__).resolve().parents[2]
STACK_DIR = ROOT / "var" / "stack-faults"
LEARNERS = 6
THINK = (0.2, 0.6)  # seconds between a learner's pages
P99_LIMIT_MS = 300


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def say(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def run(command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)  # noqa: S603


class Redis:
    """A redis-server of our own, with no persistence."""

    def __init__(self, folder):
        self.port, self.folder, self.process = free_port(), folder, None
        folder.mkdir(parents=True, exist_ok=True)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--dir", str(self.folder), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2),
            ):
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def signal(self, number):
        self.process.send_signal(number)

    def kill(self):
        self.signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.signal(signal.SIGCONT)
            self.kill()


class Postgres:
    """A PostgreSQL cluster of our own, run by the postgres user, trust auth."""

    def __init__(self, folder):
        self.port, self.folder = free_port(), folder
        self.data = folder / "data"

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/alongside"

    def _as_postgres(self, *command):
        return run(["runuser", "-u", "postgres", "--", *command], timeout=120)

    def start(self):
        if (self.data / "postmaster.pid").exists():  # left by a run cut short
            with contextlib.suppress(subprocess.CalledProcessError):
                self._as_postgres(
                    "pg_ctl", "stop", "-w", "-m", "immediate", "-D", str(self.data)
                )
        if not (self.data / "PG_VERSION").exists():
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir(parents=True)
            shutil.chown(self.folder, "postgres", "postgres")
            self._as_postgres(
                "initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust"
            )
        # A cluster for one run: durability is not what is tested (restarts here
        # are clean), and without fsync the migrations take half the time.
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._as_postgres(
            "pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-o", options,
            "-l", str(self.folder / "postgres.log"),
        )  # fmt: skip

    def stop(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self._as_postgres(
                "pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.data)
            )

    def psql(self, sql, database="alongside", **variables):
        """The rows psql prints, | between columns; SQL from standard input, so
        that psql fills in the :'variables'."""
        return run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
            + ["-d", database, "-tA", "-v", "ON_ERROR_STOP=1"]
            + [f"--set={name}={value}" for name, value in variables.items()],
            input=sql,
            timeout=30,
        ).stdout

    def create_database(self):
        if "1" not in self.psql(
            "SELECT 1 FROM pg_database WHERE datname = 'alongside'", "postgres"
        ):
            self.psql("CREATE DATABASE alongside", "postgres")


class Stack:
    """`./dev stack` with its own folder and free ports, on our Redis and PostgreSQL."""

    def __init__(self, redis, postgres, folder):
        self.port, self.apps = free_port(), [free_port(), free_port()]
        self.redis, self.postgres, self.process = redis, postgres, None
        self.folder = folder
        self.log = folder / "stack.log"
        self.base = f"https://127.0.0.1:{self.port}"
        self.certificate = folder / "tls.crt"

    def start(self):
        env = {
            **os.environ,
            "STACK_DIR": str(self.folder),
            "STACK_PORT": str(self.port),
            "STACK_APP_PORTS": " ".join(map(str, self.apps)),
            "DATABASE_URL": self.postgres.url,
            # For the dev script's own psql and createdb calls.
            "PGPORT": str(self.postgres.port),
            "REDIS_URL": self.redis.url,
            "ADMIN_USERNAME": "faults-owner",
        }
        with self.log.open("w") as out:
            self.process = subprocess.Popen(  # noqa: S603
                [str(ROOT / "dev"), "stack"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        browser = Browser(str(self.certificate), [])
        # Migrating a new database takes a minute or more on a busy machine.
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"./dev stack stopped:\n{self.tail()}")
            ready = self.certificate.exists() and browser.get(
                self.base + "/get-help/", "ready"
            )
            if ready and ready.status == 200:
                return
            time.sleep(1)
        raise RuntimeError(f"./dev stack did not answer:\n{self.tail()}")

    def tail(self):
        return self.log.read_text()[-3000:]

    def pid_file(self, port):
        return self.folder / f"gunicorn-{port}.pid"

    def kill_app_server(self, port):
        """SIGKILL to one app server's master and workers, as when its machine is lost."""
        pid = int(self.pid_file(port).read_text())
        subprocess.run(["pkill", "-KILL", "-P", str(pid)], check=False)  # noqa: S603, S607
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

    def stop(self):
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


@dataclass
class Row:
    phase: str
    requests: int
    failed: int  # 5xx (other than allowed) or no answer
    calm: int  # calm 503 pages while PostgreSQL was down
    resent: int  # failed quiz POSTs of a killed app server, sent again by the learner
    p50_ms: float
    p99_ms: float  # of the requests during the fault
    confirmed: int  # quiz submissions whose result a learner saw
    unconfirmed: int  # quiz submissions never answered (the learner gave up)
    lost: int  # confirmed, but not in the database
    doubled: int  # in the database more than once

    HEADER = (
        "phase            requests  failed  calm 503  resent  p50 ms  p99 ms"
        "  quizzes  unanswered  lost  doubled"
    )

    def line(self):
        return (
            f"{self.phase:<15}  {self.requests:>8}  {self.failed:>6}  {self.calm:>8}"
            f"  {self.resent:>6}  {self.p50_ms:>6.0f}  {self.p99_ms:>6.0f}"
            f"  {self.confirmed:>7}  {self.unconfirmed:>10}  {self.lost:>4}"
            f"  {self.doubled:>7}"
        )


def percentile(values, share):
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[
        round(share * 100) - 1
    ]


class Phases:
    def __init__(self, stack, redis, postgres, seconds, verbose=False):
        self.stack, self.redis, self.postgres = stack, redis, postgres
        self.seconds, self.verbose = seconds, verbose
        self.book = AnswerBook()  # shared by all phases: learners keep their notes

    def load(self, name, fault):
        """Learners for `seconds`; `fault(wait_until)` runs beside them and returns
        the (start, end) of the fault in time.monotonic()."""
        log, sents, stop = [], [], threading.Event()

        def learn(number):
            seed = f"{name}:{number}"
            learner = Learner(
                Browser(str(self.stack.certificate), log),
                self.stack.base,
                self.book,
                random.Random(seed),  # noqa: S311 (answers, not secrets)
                THINK,
            )
            sents.append(learner.sent)
            for _step in range(100_000):  # ends with the phase, well before this
                if stop.is_set():
                    return
                learner.step()

        self.since = self.postgres.psql("SELECT now()").strip()
        threads = [
            threading.Thread(target=learn, args=(n,), daemon=True)
            for n in range(LEARNERS)
        ]
        began = time.monotonic()
        for thread in threads:
            thread.start()

        def wait_until(share):
            time.sleep(max(0.0, began + share * self.seconds - time.monotonic()))

        window = fault(wait_until)
        wait_until(1)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        return log, sents, window

    def row(self, name, log, sents, window, calm_allowed=False, resend_allowed=False):
        start, end = window
        failed = calm = resent = 0
        for request in log:
            if 0 < request.status < 500:
                continue
            # A 503 page during the outage, or just as it began or ended.
            in_window = request.ended >= start and request.started <= end + 0.5
            if calm_allowed and request.calm and in_window:
                calm += 1
            elif resend_allowed and request.name == "quiz" and in_window:
                resent += 1  # the learner sends it again: counted in lost/doubled
            else:
                failed += 1
                if self.verbose:
                    say(
                        f"  {name}: {request.name} {request.status or 'no answer'}"
                        f" at {request.started - start:+.2f} s from the fault's"
                        f" start, {(request.ended - request.started) * 1000:.0f} ms:"
                        f" {request.failure[:120]}"
                    )
        during = [
            (r.ended - r.started) * 1000
            for r in log
            if r.ended >= start and r.started <= end
        ]
        everything = [(r.ended - r.started) * 1000 for r in log]
        # Two new learners may share a submission id (a page kept by the proxy's
        # cache): the site keeps one attempt per learner and id, so ids are
        # counted per learner that sent them.
        sent_by, confirmed_by = Counter(), Counter()
        for learner_sent in sents:
            sent_by.update(learner_sent)
            confirmed_by.update(s for s, ok in learner_sent.items() if ok)
        rows = self.recorded(sent_by)
        return Row(
            name,
            len(log),
            failed,
            calm,
            resent,
            percentile(everything, 0.5),
            percentile(during or everything, 0.99),
            confirmed_by.total(),
            sent_by.total() - confirmed_by.total(),
            sum(max(0, n - rows.get(s, 0)) for s, n in confirmed_by.items()),
            sum(max(0, rows[s] - n) for s, n in sent_by.items() if s in rows),
        )

    def recorded(self, sent):
        """{submission id: rows in the database}, for the ids sent in this phase
        (a page kept by the proxy's cache may have given an id to earlier ones)."""
        out = self.postgres.psql(
            "SELECT submission, count(*) FROM lessons_quizattempt"
            " WHERE submitted_at >= :'since' GROUP BY submission",
            since=self.since,
        )
        rows = (line.split("|") for line in out.splitlines() if "|" in line)
        return {
            submission: int(count) for submission, count in rows if submission in sent
        }

    # The phases, in order.

    def baseline(self):
        def nothing(wait_until):
            wait_until(1 / 3)
            start = time.monotonic()
            wait_until(2 / 3)
            return start, time.monotonic()

        return self.row("baseline", *self.load("baseline", nothing))

    def redis_killed(self):
        def fault(wait_until):
            wait_until(1 / 3)
            start = time.monotonic()
            self.redis.kill()
            wait_until(2 / 3)
            self.redis.start()
            return start, time.monotonic()

        return self.row("redis killed", *self.load("redis-killed", fault))

    def redis_hung(self):
        def fault(wait_until):
            wait_until(1 / 3)
            start = time.monotonic()
            self.redis.signal(signal.SIGSTOP)
            wait_until(2 / 3)
            self.redis.signal(signal.SIGCONT)
            return start, time.monotonic()

        return self.row("redis hung", *self.load("redis-hung", fault))

    def postgres_restarted(self):
        def fault(wait_until):
            wait_until(1 / 3)
            start = time.monotonic()
            self.postgres.stop()
            wait_until(1 / 2)
            self.postgres.start()
            return start, time.monotonic()

        return self.row(
            "postgres restart", *self.load("postgres", fault), calm_allowed=True
        )

    def app_server_killed(self):
        def fault(wait_until):
            wait_until(1 / 3)
            start = time.monotonic()
            self.stack.kill_app_server(self.stack.apps[0])
            # In-flight requests fail at once; a second covers the slowest of them.
            return start, start + 1

        return self.row(
            "app killed", *self.load("app-killed", fault), resend_allowed=True
        )

    def all(self, report=lambda row: None):
        rows = []
        for phase in (
            self.baseline,
            self.redis_killed,
            self.redis_hung,
            self.postgres_restarted,
            self.app_server_killed,  # last: that app server stays dead
        ):
            rows.append(phase())
            report(rows[-1])
            self.settle()
        return rows

    def settle(self):
        """Wait (at most 20 s) until the app servers answer through the proxy again,
        so that what one fault leaves behind is not counted against the next."""
        browser = Browser(str(self.stack.certificate), [])
        # Any cookie of ours makes the request personal: past the proxy's cache.
        browser.session.cookies.set("settle", "1")
        answered = 0
        for _ in range(40):
            ok = browser.get(self.stack.base + "/get-help/", "settle").status == 200
            answered = answered + 1 if ok else 0
            if answered == 3:
                return
            time.sleep(0.5)


@contextlib.contextmanager
def started_stack(folder=STACK_DIR):
    """Our Redis, our PostgreSQL and ./dev stack on them, all in `folder`; all
    stopped afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    redis = Redis(folder / "redis")
    postgres = Postgres(folder / "postgres")
    stack = Stack(redis, postgres, folder)
    try:
        redis.start()
        postgres.start()
        postgres.create_database()
        stack.start()
        yield stack, redis, postgres
    finally:
        stack.stop()
        postgres.stop()
        redis.stop()


def faults(seconds, report=lambda row: None, verbose=False):
    """Run every phase; returns the table's rows (and reports each as it comes)."""
    with started_stack() as (stack, redis, postgres):
        return Phases(stack, redis, postgres, seconds, verbose).all(report)


def stop_cleanly_on_sigterm():
    """SIGTERM (from `timeout`, say) stops the servers started here, as Ctrl-C does."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="12 s a phase, for CI")
    parser.add_argument("--seconds", type=float, help="seconds a phase (default 30)")
    parser.add_argument("--verbose", action="store_true", help="list each failure")
    args = parser.parse_args()
    stop_cleanly_on_sigterm()
    seconds = args.seconds or (12 if args.short else 30)
    say(
        f"{LEARNERS} learners, {THINK[0]}-{THINK[1]} s between pages, {seconds:g} s a phase"
    )
    say(Row.HEADER)
    faults(seconds, lambda row: say(row.line()), args.verbose)


if __name__ == "__main__":
    main()

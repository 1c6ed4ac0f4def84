"""Learners at scale: scripted learners (tests/benchmarks/locustfile.py) read lessons
and answer quizzes through the proxy, at 10, 50 and 200 at once; prints requests/s,
p50 and p99 and errors for each, and the app servers' CPU time per request.

    .venv/bin/python -m tests.benchmarks.load                 # a stack of its own
    .venv/bin/python -m tests.benchmarks.load --seconds 20 --users 10 50
    .venv/bin/python -m tests.benchmarks.load https://localhost:8443 --certificate var/stack/tls.crt

Without an address it starts its own Redis, PostgreSQL cluster and `./dev stack`
in var/stack-load (as tests/benchmarks/faults.py does) and stops them at the end.
Learners wait 1 to 3 seconds between pages (--think), as readers do; --think 0,0
asks for as much as the stack can give. locust comes from requirements-bench.txt,
installed into this Python's environment when missing. Figures only: on a shared
machine they move with whatever else runs.
"""

import argparse
import contextlib
import csv
import importlib.util
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.benchmarks.faults import ROOT, say, started_stack, stop_cleanly_on_sigterm

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
REQUIREMENTS = ROOT / "requirements-bench.txt"


def ensure_locust():
    if importlib.util.find_spec("locust") is None:
        say(f"Installing locust from {REQUIREMENTS.name}...")
        subprocess.run(  # noqa: S603 (pip, with our own requirements file)
            [sys.executable, "-m", "pip", "install", "--quiet"]
            + ["--disable-pip-version-check", "-r", str(REQUIREMENTS)],
            check=True,
        )


def cpu_seconds(pids):
    """User and system CPU time of these processes so far, in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def app_server_pids(stack):
    """The gunicorn masters and their workers of a stack we started."""
    pids = []
    for port in stack.apps:
        master = stack.pid_file(port).read_text().strip()
        children = Path(f"/proc/{master}/task/{master}/children").read_text()
        pids += [int(master), *map(int, children.split())]
    return pids


def run_locust(base, certificate, users, seconds, think):
    """One headless locust run; returns the rows of its stats CSV by name."""
    with tempfile.TemporaryDirectory() as folder:
        prefix = Path(folder) / "run"
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "LOAD_CERTIFICATE": str(certificate or ""),
            "LOAD_THINK": think,
        }
        done = subprocess.run(  # noqa: S603 (locust, with our locustfile)
            [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"]
            + ["--host", base, "-u", str(users), "-r", str(max(1, users // 5))]
            + ["-t", f"{seconds}s", "--stop-timeout", "10", "--reset-stats"]
            + ["--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"]
            + ["--exit-code-on-error", "0"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=seconds + 120,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"locust failed:\n{done.stderr[-3000:]}")
        with open(f"{prefix}_stats.csv", newline="") as stats:
            rows = {row["Name"]: row for row in csv.DictReader(stats)}
        with open(f"{prefix}_failures.csv", newline="") as failures:
            errors = [
                f"{row['Occurrences']} x {row['Method']} {row['Name']}: {row['Error']}"
                for row in csv.DictReader(failures)
            ]
        return rows, errors


def measure(base, certificate, levels, seconds, think, pids=None):
    say(
        f"{seconds} s at each level after the learners have arrived; "
        f"{think.replace(',', ' to ')} s between a learner's pages"
    )
    say(
        "learners  requests  req/s  p50 ms  p99 ms  quiz p99  errors  app CPU ms/request"
    )
    results = []
    for users in levels:
        cpu_before = cpu_seconds(pids) if pids else None
        rows, errors = run_locust(base, certificate, users, seconds, think)
        total, quiz = rows["Aggregated"], rows.get("quiz", {})
        requests = int(total["Request Count"])
        cpu = "-"
        if pids and requests:
            # Includes the ramp-up before locust's stats reset: an upper bound.
            cpu = f"{(cpu_seconds(pids) - cpu_before) * 1000 / requests:.0f} (at most)"
        result = {
            "users": users,
            "requests": requests,
            "rps": float(total["Requests/s"]),
            "p50": float(total["50%"] or 0),
            "p99": float(total["99%"] or 0),
            "quiz_p99": float(quiz.get("99%") or 0),
            "errors": int(total["Failure Count"]),
        }
        results.append(result)
        say(
            f"{users:>8}  {requests:>8}  {result['rps']:>5.1f}  {result['p50']:>6.0f}"
            f"  {result['p99']:>6.0f}  {result['quiz_p99']:>8.0f}"
            f"  {result['errors']:>6}  {cpu}"
        )
        for error in errors:
            say(f"          {error}")
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", nargs="?", help="the site's https address")
    parser.add_argument("--certificate", help="its TLS certificate, if self-made")
    parser.add_argument("--users", type=int, nargs="+", default=[10, 50, 200])
    parser.add_argument("--seconds", type=int, default=30, help="at each level")
    parser.add_argument("--think", default="1,3", help="low,high seconds")
    args = parser.parse_args()
    stop_cleanly_on_sigterm()
    ensure_locust()
    if args.base:
        measure(args.base, args.certificate, args.users, args.seconds, args.think)
        return
    with started_stack(ROOT / "var" / "stack-load") as (stack, _redis, _postgres):
        say(
            f"The stack: {stack.base} (2 app servers of 2 workers, nginx, PostgreSQL, Redis)"
        )
        measure(
            stack.base,
            stack.certificate,
            args.users,
            args.seconds,
            args.think,
            app_server_pids(stack),
        )


if __name__ == "__main__":
    main()

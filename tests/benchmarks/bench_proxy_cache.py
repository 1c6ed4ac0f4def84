"""The anonymous lesson page through the stack's proxy cache against a static file
from the same nginx, interleaved (issue 11's goal: the page at 10% or more of nginx's
static-file rate on the same machine).

Against a running `./dev stack`: both requests go through its nginx over TLS, as a
learner's browser would send them (no cookie: anonymous). bench_pages.py measures
them in turns; this script prints each round's ratio lesson/static and the server
CPU per request (give --stack-dir, or --pid of the `./dev stack` process: its process
tree holds nginx and both app servers). The X-Cache header of a few requests says
whether the page came from nginx's cache (HIT) or from an app server (MISS, BYPASS,
or none before the cache existed).

Run (the stack started with STACK_DIR=var/stack-NAME STACK_PORT=PORT ./dev stack):
  .venv/bin/python tests/benchmarks/bench_proxy_cache.py https://127.0.0.1:PORT \\
      [/static/css/site.HASH.css] --stack-dir var/stack-NAME [--repeat 3]
Without a static path, the lesson page's first stylesheet is used. Or let the script
start the stack (and stop it at the end) from a snapshot of a commit, on free ports,
its own database (bench_proxy_cache, created afresh) and Redis database 12:
  .venv/bin/python tests/benchmarks/bench_proxy_cache.py --start HEAD [--repeat 3]
(--start checkout: the shared checkout as it is, uncommitted changes and all).
Figures only: nothing here asserts a speed.
"""

import argparse
import contextlib
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from interleaved import BENCH_PAGES, bench_pages, pair_table, run, say, snapshot

ROOT = Path(__file__).resolve().parents[2]
# The shipped course's first lesson.
LESSON = "/standing-alongside/understanding-the-bond/what-the-bond-is/"
GOAL = 0.10


def get(url, context):
    """Status, headers and body of one request without cookies (anonymous)."""
    request = urllib.request.Request(url)
    try:
        with urllib.request.urlopen(request, timeout=30, context=context) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, b""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def started_stack(ref, redis_db, lesson):
    """`./dev stack` of a commit's snapshot (or of the checkout), in a session of its
    own; yields (base URL, STACK_DIR, pid) once the lesson page answers, and stops
    it (SIGTERM, SIGKILL after 30 s) however the benchmark ends."""
    tree = ROOT if ref == "checkout" else snapshot(ref)[1]
    stack_dir = ROOT / "var" / "stack-bench-proxy-cache"
    stack_dir.mkdir(parents=True, exist_ok=True)
    database = "bench_proxy_cache"
    run(
        [
            "dropdb",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "--if-exists",
            "--force",
            database,
        ],
        120,
    )
    redis = f"redis://127.0.0.1:6379/{redis_db}"
    run(["redis-cli", "-u", redis, "flushdb"], 30)
    port = free_port()
    env = {
        **os.environ,
        "STACK_DIR": str(stack_dir),
        "STACK_PORT": str(port),
        "STACK_APP_PORTS": f"{free_port()} {free_port()}",
        "STACK_PURGE_PORT": str(free_port()),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "REDIS_URL": redis,
        "ADMIN_USERNAME": "bench-owner",
    }
    log = stack_dir / "stack.log"
    say(f"Starting ./dev stack from {tree} (log: {log})")
    with log.open("w") as out:
        process = subprocess.Popen(  # noqa: S603 (our own script)
            [str(tree / "dev"), "stack"],
            cwd=tree,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"https://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 400
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"./dev stack did not start:\n{log.read_text()[-3000:]}")
            # OSError too while ./dev has not yet made the certificate.
            with contextlib.suppress(OSError, ssl.SSLError):
                context = ssl.create_default_context(cafile=stack_dir / "tls.crt")
                if get(base + lesson, context)[0] == 200:
                    break
            time.sleep(2)
        yield base, stack_dir, process.pid
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def stack_pid(stack_dir):
    """The `./dev stack` process: the parent of nginx's master, whose pid file is in
    the stack's folder."""
    nginx = (Path(stack_dir) / "nginx.pid").read_text().strip()
    stat = Path(f"/proc/{nginx}/stat").read_text()
    return int(stat[stat.rfind(")") + 2 :].split()[1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "base", nargs="?", help="the stack's address, e.g. https://127.0.0.1:8443"
    )
    parser.add_argument("static", nargs="?", help="a static file's path from nginx")
    parser.add_argument("--lesson", default=LESSON)
    parser.add_argument("--stack-dir", help="the stack's STACK_DIR (finds the pid)")
    parser.add_argument("--pid", type=int, help="the `./dev stack` process id")
    parser.add_argument("--cafile", help="the stack's tls.crt (default: STACK_DIR's)")
    parser.add_argument("--start", metavar="COMMIT", help="start a stack of COMMIT")
    parser.add_argument("--redis-db", type=int, default=12, help="with --start")
    parser.add_argument("--bench-pages", default=str(BENCH_PAGES))
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("-r", "--runs", type=int, default=3)
    parser.add_argument("-d", "--duration", type=int, default=15)
    parser.add_argument("-c", "--connections", type=int, default=16)
    args = parser.parse_args()
    # A stop from outside still stops a stack started here.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    if args.start:
        if args.base:
            sys.exit(
                "--start gives the address; the static file is then the page's CSS"
            )
        with started_stack(args.start, args.redis_db, args.lesson) as started:
            args.base, args.stack_dir, args.pid = started
            measure(args)
    elif args.base:
        measure(args)
    else:
        sys.exit("give the stack's address, or --start COMMIT")


def measure(args):
    base = args.base.rstrip("/")
    if urlsplit(base).hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("only a stack on this machine (loopback)")

    cafile = args.cafile or (args.stack_dir and Path(args.stack_dir) / "tls.crt")
    if not cafile:
        sys.exit("give --stack-dir or --cafile: the stack's certificate is its own")
    context = ssl.create_default_context(cafile=cafile)

    status, headers, body = get(base + args.lesson, context)
    if status != 200:
        sys.exit(f"{base}{args.lesson} answered {status}")
    static = args.static
    if not static:
        found = re.search(rb'href="(/static/[^"]+\.css)"', body)
        if not found:
            sys.exit("no stylesheet on the lesson page: give the static path")
        static = found.group(1).decode()
    if get(base + static, context)[0] != 200:
        sys.exit(f"{base}{static} does not answer 200")

    def x_cache(count=5):
        seen = Counter(
            get(base + args.lesson, context)[1].get("X-Cache", "(none)")
            for _ in range(count)
        )
        return ", ".join(f"{value} x{n}" for value, n in seen.items())

    say(f"Lesson page X-Cache before the runs: {x_cache()}")
    pid = args.pid or (args.stack_dir and stack_pid(args.stack_dir))
    arguments = [
        "-u", f"static={base}", "-u", f"lesson={base}",
        "-p", f"page=static:{static}", "-p", f"page=lesson:{args.lesson}",
        "-r", args.runs, "-d", args.duration, "-c", args.connections, "--raw",
        # Without the cache the page can take over wrk's default 5 s on a busy machine.
        "--timeout", 30,
    ]  # fmt: skip
    if pid:
        arguments += ["--pid", f"static={pid}", "--pid", f"lesson={pid}"]
    else:
        say("No --stack-dir or --pid: no server CPU per request.")
    folder = ROOT / "var" / "bench-proxy-cache"
    folder.mkdir(parents=True, exist_ok=True)
    budget = 2 * (args.runs * (args.duration + 2) + 4) + 120
    rows = bench_pages(arguments, args.repeat, folder, budget, tool=args.bench_pages)
    say(f"Lesson page X-Cache after the runs: {x_cache()}")
    say(
        f"\nA = the lesson page through nginx, B = {static} from nginx; goal A/B >= {GOAL}"
    )
    pair_table(
        rows, [("lesson vs static", ("lesson", args.lesson), ("static", static))]
    )


if __name__ == "__main__":
    main()

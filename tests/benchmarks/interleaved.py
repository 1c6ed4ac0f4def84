"""Runs the shared tool bench_pages.py (../shared/tools/bench_pages.py: wrk, the
targets taking turns so that machine noise hits them alike) a few times, and sets two
targets side by side round by round: the ratio of each pair of runs made one right
after the other, and the server CPU per request of each side. On a machine shared
with others these are the steady figures; req/s alone is not.

Used by compare_bakerydemo.py and bench_proxy_cache.py, with snapshot(): our code at
a commit, since others change the shared checkout while a benchmark runs.
"""

import csv
import statistics
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH_PAGES = ROOT.parent / "shared" / "tools" / "bench_pages.py"


def say(*text):
    print(*text, flush=True)  # noqa: T201


def run(cmd, timeout, **kwargs):
    """A command, bounded; stops the script with its output if it fails."""
    result = subprocess.run(  # noqa: S603 (fixed commands, no shell)
        [str(part) for part in cmd],
        capture_output=True,
        text=True,
        timeout=timeout,
        **kwargs,
    )
    if result.returncode:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{result.stdout}{result.stderr}")
    return result.stdout


def snapshot(commit):
    """Our code at a commit, exported into var/ (others edit the checkout meanwhile:
    a figure belongs to a commit). The checkout's .venv runs it, linked in for
    ./dev."""
    sha = run(["git", "-C", ROOT, "rev-parse", "--short", commit], 30).strip()
    tree = ROOT / "var" / "bench-alongside" / sha
    if not (tree / "manage.py").exists():
        tree.mkdir(parents=True, exist_ok=True)
        archive = tree.parent / f"{sha}.tar"
        run(["git", "-C", ROOT, "archive", "-o", archive, sha], 120)
        with tarfile.open(archive) as tar:
            tar.extractall(tree, filter="data")
        archive.unlink()
    if not (tree / ".venv").exists():  # else ./dev would make a venv of its own
        (tree / ".venv").symlink_to(ROOT / ".venv")
    return sha, tree


def bench_pages(arguments, repeat, folder, budget, tool=BENCH_PAGES):
    """bench_pages.py ARGUMENTS, `repeat` times, each within `budget` seconds; its
    output is printed and the runs come back as rows of its CSV (plus `batch`)."""
    rows = []
    for batch in range(1, repeat + 1):
        path = Path(folder) / f"batch-{batch}.csv"
        path.unlink(missing_ok=True)
        command = [sys.executable, tool, *arguments, "--csv", path]
        say(f"\n## bench_pages.py, invocation {batch} of {repeat}:")
        say(
            " ".join(f"'{part}'" if " " in str(part) else str(part) for part in command)
        )
        say(run(command, budget))
        with path.open() as f:
            rows += [dict(row, batch=batch) for row in csv.DictReader(f)]
    return rows


def pair_table(rows, pairs):
    """Prints one line per pair (title, (label A, path A), (label B, path B)):
    A/B of each round's req/s, and each side's median server CPU per request."""
    say(
        "\n| pair | A | B | rounds | A/B req/s: median (min-max) | "
        "A CPU ms/req | B CPU ms/req | load1 |"
    )
    say("|---|---|---|---|---|---|---|---|")
    for title, a, b in pairs:
        side_a, side_b = (
            {
                (r["batch"], r["run"]): r
                for r in rows
                if (r["target"], r["path"]) == side
            }
            for side in (a, b)
        )
        rounds = sorted(set(side_a) & set(side_b))
        if not rounds:
            say(f"| {title} | {a[0]} {a[1]} | {b[0]} {b[1]} | 0 | - | - | - | - |")
            continue

        def value(side, key, rounds=rounds):
            return [float(side[k][key]) for k in rounds]

        ratios = [
            x / y
            for x, y in zip(
                value(side_a, "req_per_s"), value(side_b, "req_per_s"), strict=True
            )
        ]
        loads = value(side_a, "load1") + value(side_b, "load1")
        say(
            f"| {title} | {a[0]} {a[1]} | {b[0]} {b[1]} | {len(rounds)} | "
            f"{statistics.median(ratios):.3f} ({min(ratios):.3f}-{max(ratios):.3f}) | "
            f"{statistics.median(value(side_a, 'server_cpu_ms_per_req')):.2f} | "
            f"{statistics.median(value(side_b, 'server_cpu_ms_per_req')):.2f} | "
            f"{min(loads):.1f}-{max(loads):.1f} |"
        )
    errors = sum(int(r["non2xx"]) + int(r["socket_errors"]) for r in rows)
    say(f"\nnon-2xx responses and socket errors over all runs: {errors}")

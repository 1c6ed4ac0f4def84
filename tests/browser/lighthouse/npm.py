"""Lighthouse for the browser check (tests/browser/test_lighthouse.py), installed from
npm at the versions pinned in this folder's package-lock.json into var/lighthouse-npm,
by `./dev browser` (python -m tests.browser.lighthouse.npm) or by the first test that
needs it, never by hand. audit.mjs is copied beside its node_modules, where Node finds
the packages it imports."""

import fcntl
import filecmp
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE.parents[2] / "var" / "lighthouse-npm"


def install():
    """The path of audit.mjs, ready to run with node."""
    TARGET.mkdir(parents=True, exist_ok=True)
    with open(TARGET / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = TARGET / ".installed-package-lock.json"
        if not (
            done.exists()
            and filecmp.cmp(done, HERE / "package-lock.json", shallow=False)
        ):
            for name in ("package.json", "package-lock.json"):
                shutil.copy(HERE / name, TARGET / name)
            subprocess.run(
                ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"],  # noqa: S607
                cwd=TARGET,
                check=True,
                capture_output=True,
            )
            shutil.copy(HERE / "package-lock.json", done)
        shutil.copy(HERE / "audit.mjs", TARGET / "audit.mjs")
    return TARGET / "audit.mjs"


if __name__ == "__main__":
    install()

"""Lighthouse 12 (npm, pinned in tests/browser/lighthouse/) in Debian's Chromium: 100
for accessibility and 100 for best practices on the home page, a course, a lesson and
the get-help page, with its phone settings and its desktop ones. The 8 runs share one
browser: about a minute and a half."""

import json
import os
import shutil
import subprocess

import pytest

from tests.browser.conftest import CHROMIUM, lessons
from tests.browser.lighthouse.npm import install
from tests.browser.stack import AGAINST_STACK

pytestmark = pytest.mark.skipif(
    AGAINST_STACK, reason="the live server only: the stack's certificate is our own"
)


# Playwright starts before the live server, as for every browser test: started later
# in the run, it would leave Django on other database connections (conftest.py).
@pytest.mark.usefixtures("playwright")
def test_lighthouse_gives_100_for_accessibility_and_best_practices(site):
    audit = install()
    lesson = lessons()[0]
    pages = ["/", lesson.get_parent().get_parent().url, lesson.url, "/get-help/"]
    done = subprocess.run(  # noqa: S603 (our own script and addresses)
        [shutil.which("node") or "node", str(audit), *[site + path for path in pages]],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    results = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(results) == 8
    below = [r for r in results if set(r["scores"].values()) != {100}]
    assert below == [], json.dumps(below, indent=1)

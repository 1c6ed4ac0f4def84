"""Browser tests: Debian's Chromium driven by Playwright against a live server, or
against the production stack with BROWSER_AGAINST=stack (tests/browser/stack.py).

Run with ./dev browser (which installs Chromium with apt when it is missing).
"""

import io
import os
from contextlib import contextmanager

from django.conf import settings
from django.core.management import call_command

import pytest
from playwright.sync_api import sync_playwright

from home.models import DEFAULT_QUICK_EXIT_URL
from learners.models import Learner, hash_learner_key
from lessons.forms import field_name
from lessons.models import LessonPage

from .stack import AGAINST_STACK, forget_the_last_test, nothing_kept, running_stack

# Playwright's sync API runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EXIT_URL = DEFAULT_QUICK_EXIT_URL


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            item.add_marker(
                pytest.mark.django_db(transaction=True, serialized_rollback=True)
            )


@pytest.fixture(scope="session")
def playwright():
    # One Playwright for the whole run: starting a second one in the same thread
    # leaves Django on different database connections for the tests after it.
    with sync_playwright() as instance:
        yield instance


def launch(playwright, *extra_flags):
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=[*FLAGS, *extra_flags]
    )


@pytest.fixture(scope="session")
def site_flags(request):
    """Against the stack, Chromium trusts its certificate."""
    return [request.getfixturevalue("stack").trust_flag()] if AGAINST_STACK else []


@pytest.fixture(scope="session")
def chromium(playwright, site_flags):
    browser = launch(playwright, *site_flags)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def chromium_blocking_third_party_cookies(playwright, site_flags):
    browser = launch(playwright, "--test-third-party-cookie-phaseout", *site_flags)
    yield browser
    browser.close()


@contextmanager
def browsing(browser, **options):
    """A fresh browser context, closed afterwards even when a test fails."""
    context = browser.new_context(**options)
    # No outside host is reachable here: answer for the neutral exit site ourselves.
    context.route(
        EXIT_URL + "**",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            body="<title>Weather</title><h1>Weather</h1>",
        ),
    )
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def no_third_party_cookies(chromium_blocking_third_party_cookies):
    """A browser context that blocks third-party cookies, as browsers do more and
    more: where an organisation's embed, a SCORM package or an LTI launch runs."""
    with browsing(chromium_blocking_third_party_cookies) as context:
        yield context


@pytest.fixture
def context(chromium):
    with browsing(chromium) as context:
        yield context


@pytest.fixture
def tab(context):
    return context.new_page()


def load_course(translations=False):
    # The source language only, unless a test asks: translating the course takes
    # a further 15 seconds, and most tests read English.
    options = [] if translations else ["--without-translations"]
    call_command("load_course", *options, stdout=io.StringIO())


if AGAINST_STACK:

    @pytest.fixture(scope="session")
    def stack(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), running_stack() as stack:
            yield stack

    @pytest.fixture
    def site(stack, home_page):
        forget_the_last_test()
        load_course()
        nothing_kept(stack)
        return stack.url

    @pytest.fixture
    def site_in_two_languages(stack, home_page):
        forget_the_last_test()
        load_course(translations=True)
        nothing_kept(stack)
        return stack.url

else:

    @pytest.fixture
    def site(live_server, home_page):
        load_course()
        return live_server.url

    @pytest.fixture
    def site_in_two_languages(live_server, home_page):
        """The course in English and in its Spanish translation (/es/...)."""
        load_course(translations=True)
        return live_server.url


def lessons(language="en-gb"):
    return list(
        LessonPage.objects.live()
        .filter(locale__language_code=language)
        .order_by("path")
    )


def answer_quiz(page, lesson, right=True):
    """Answer a lesson's quiz in a tab or a frame (a Page or a FrameLocator)."""
    for question in lesson.questions:
        chosen = [o for o in question.options if o.correct == right] or list(
            question.options[:1]
        )
        name = field_name(question)
        for option in chosen if question.many else chosen[:1]:
            page.locator(f'input[name="{name}"][value="{option.id}"]').check()
        # After a try that did not pass, the last answers are still chosen.
        for option in question.options if question.many else ():
            if option not in chosen:
                page.locator(f'input[name="{name}"][value="{option.id}"]').uncheck()
    # The quiz's one button, whatever the language it speaks.
    page.locator('#quiz-form button[type="submit"]').click()


def learner_of(context):
    key = next(
        c["value"]
        for c in context.cookies()
        if c["name"] == settings.LEARNER_COOKIE_NAME
    )
    return Learner.objects.get(key_hash=hash_learner_key(key))

"""Helpers shared by the tests: test data built once, courses, learners answering
quizzes, people signing in, organisations embedding the course. Fixtures live in
conftest.py."""

import csv
import io
import re
from contextlib import contextmanager
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import reverse

from wagtail.test.utils import WagtailPageTestCase

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from lessons.forms import field_name
from lessons.models import LessonPage
from organisations.models import Organisation

from .factories import CoursePageFactory, LessonPageFactory, StagePageFactory

PASSWORD = "a long enough passphrase"
SITE_ORIGIN = "http://testserver"  # the Django test client's host


@contextmanager
def built_once(django_db_blocker):
    """For data several tests only read, built once for a wider scope (a module, a
    folder) in a fixture: inside a transaction rolled back when the scope ends, while
    each test runs in a savepoint of its own within it (pytest-django's `db`), so no
    test sees another's writes. A live server cannot see data in a transaction that
    is still open: tests with transaction=True build their own."""
    built_once.open += 1
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        built_once.open -= 1


built_once.open = 0  # how many such transactions are open now


def build_course(home, stages=2, lessons=2, quiz=None, **course_fields):
    course = CoursePageFactory(parent=home, **course_fields)
    for _ in range(stages):
        stage = StagePageFactory(parent=course)
        for _ in range(lessons):
            kwargs = {} if quiz is None else {"quiz": quiz}
            LessonPageFactory(parent=stage, **kwargs)
    return course


def lessons_of(course):
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def form_token(html):
    return re.search(r'name="submission" value="([^"]+)"', html).group(1)


def first_write_in(html):
    """The nonce a form carries while the browser has no learner yet."""
    match = re.search(r'name="first_write" value="([^"]+)"', html)
    return {"first_write": match.group(1)} if match else {}


def answers_for(lesson, right=True, token=None):
    """POST data answering every question rightly (or wrongly) from the stored quiz."""
    data = {"submission": token or "6f1c1d5e-0000-4000-8000-000000000001"}
    for question in lesson.questions:
        options = [o for o in question.options if o.correct == right] or list(
            question.options
        )
        ids = [o.id for o in options]
        data[field_name(question)] = ids if question.many else ids[0]
    return data


def submit(client, lesson, right=True, token=None, prefix=""):
    """Answer a lesson's quiz from its page, as a learner would (prefix: an embed's)."""
    url = prefix + lesson.url
    page = client.get(url).content.decode()
    data = answers_for(lesson, right, token or form_token(page)) | first_write_in(page)
    # A browser sends its Origin with every POST; an embed refuses a POST without one.
    return client.post(url + "quiz/", data, HTTP_ORIGIN=SITE_ORIGIN)


def csrf_token_in(html):
    """The CSRF token a page's form carries."""
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def make_user(username, *groups, superuser=False):
    """An account with the shared test password, in the named groups."""
    users = get_user_model().objects
    make = users.create_superuser if superuser else users.create_user
    user = make(username, password=PASSWORD)
    user.groups.add(*(Group.objects.get(name=name) for name in groups))
    return user


def signed_in(client, user):
    """`client` signed in as `user`, the way the sign-in forms leave a session: for
    someone who can use the admin, through its second step too (tests of the second
    step itself are in tests/accounts/test_second_step.py)."""
    client.force_login(user)
    if user.has_perm("wagtailadmin.access_admin"):
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="Test app")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def client_for(user):
    return signed_in(Client(), user)


class AdminTestCase(WagtailPageTestCase):
    """Wagtail's page test case, signing in as the sign-in forms do (django-axes
    refuses `client.login`, which gives it no request)."""

    def login(self, username="admin"):
        return signed_in(self.client, make_user(username, superuser=True))


def make_org(
    slug="harbour", origins="https://harbour.example\nhttp://localhost:9000", **fields
):
    organisation = Organisation(
        name=slug.title(), slug=slug, allowed_origins=origins, **fields
    )
    organisation.full_clean()
    organisation.save()
    return organisation


def start_embed(organisation, course):
    """Open an organisation's embed of a course; returns the frame's address prefix
    (/embed/<organisation>/<learner key>), which every page in the frame carries."""
    response = Client().get(f"/embed/{organisation.slug}/page/{course.pk}/")
    assert response.status_code == 302
    return response["Location"].removesuffix("?started")[: -len(course.url)]


# Anything a page would load: src, srcset, action, data, <link href> and CSS url().
RESOURCE = re.compile(
    r"""(?:src|srcset|action|data)=["']([^"']+)["']|<link[^>]+href=["']([^"']+)["']|url\(\s*["']?([^"')]+)"""
)


def other_hosts(html):
    found = set()
    for match in RESOURCE.finditer(html):
        url = next(group for group in match.groups() if group)
        host = urlsplit(url.strip()).hostname
        if url.strip().startswith("//") or (
            host and host not in ("testserver", "localhost")
        ):
            found.add(url)
    return found


def report_rows(client, report, **params):
    """A report's rows as its CSV export gives them (report: the URL name)."""
    response = client.get(reverse(report), {"export": "csv", **params})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def quick_exit_link(href, embedded=False):
    """The quick exit as every page must have it (for assertInHTML)."""
    target = ' target="_top"' if embedded else ""
    return (
        f'<a class="quick-exit__button" href="{href}" rel="noreferrer nofollow"'
        f"{target} data-quick-exit>Exit this page</a>"
    )

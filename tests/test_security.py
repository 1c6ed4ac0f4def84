"""Every address the site answers, walked: each URL pattern (the admin's too), every
page of the course tree, and all of it again inside an organisation's embed.

- No POST is accepted without a CSRF token, or with one but from a foreign origin.
- Every response carries the security headers, whoever asks and whatever the status.
- No page shows one learner another learner's progress, name or keys.

(No learner identifier reaches the server's logs: tests/home/test_logs.py reads the
log of a real server after a scripted session.)"""

import re

from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from wagtail.models import Page

import pytest

from learners.models import Learner
from tests.helpers import (
    PASSWORD,
    SITE_ORIGIN,
    client_for,
    lessons_of,
    make_org,
    make_user,
    start_embed,
    submit,
)

pytestmark = pytest.mark.django_db

FOREIGN_ORIGIN = "https://attacker.example"


def patterns(resolvers, prefix=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            yield from patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def concrete(pattern, sample):
    """An address for a pattern, its parameters filled with real ids where a real
    object helps (a page, a course, an organisation) and a plausible value elsewhere."""

    def fill(match):
        converter, name = match.group(1) or "str", match.group(2)
        if converter == "int":
            return str(sample.get(name, sample["page_id"]))
        return str(sample.get(name, "x"))

    path = re.sub(r"<(?:(\w+):)?(\w+)>", fill, pattern)
    # Regular-expression patterns: a number for each number group, a word for others.
    path = re.sub(r"\(\?P<\w+>\\d\+\)|\(\\d\+\)", str(sample["page_id"]), path)
    path = re.sub(r"\([^)]*\)[*+?]?", "x", path)
    return "/" + path.strip("^$").replace("\\", "")


@pytest.fixture
def site(course):
    """Two learners with progress, an organisation's embed, an editor: and every
    address the site answers, with ids that exist."""
    lesson = lessons_of(course)[0]
    organisation = make_org()
    sample = {
        "page_id": lesson.pk,
        "pk": lesson.pk,
        "course_id": course.pk,
        "org": organisation.slug,
        "slug": organisation.slug,
        "app_label": "home",
        "model_name": "supportservice",
    }
    addresses = {concrete(p, sample) for p in patterns(get_resolver().url_patterns)}
    for page in Page.objects.live().specific():
        if page.url:
            addresses |= {page.url, page.url + "quiz/", page.url + "done/"}
            addresses.add(page.url + "completion/")
    prefix = start_embed(organisation, course)
    learner_addresses = sorted(a for a in addresses if not a.startswith("/admin/"))
    # Wagtail's own page for trying out error reports: a 500 on purpose.
    addresses.discard("/admin/failwhale/")
    return {
        "course": course,
        "admin": sorted(a for a in addresses if a.startswith("/admin/")),
        "learner": learner_addresses,
        "embed": [prefix + a for a in learner_addresses if not a.startswith("/embed/")],
    }


def everyone():
    """A signed-in administrator (through the second step), a learner with an
    account, an anonymous learner with progress, and a stranger."""
    admin = client_for(make_user("owner", superuser=True))
    account = client_for(make_user("quiet-heron"))
    anonymous = Client()
    return {
        "admin": admin,
        "account": account,
        "anonymous": anonymous,
        "stranger": Client(),
    }


def csrf_enforcing(client):
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    return strict


def refused(response):
    return response.status_code in (403, 404, 405)


# Forms sent without a CSRF token on purpose, each refused from another origin all
# the same: the reading preference (home/comfort.py), in every page's footer (and
# under an embed's address).
NEEDS_NO_TOKEN = ("/reading/",)


def test_no_post_without_a_token_or_from_another_origin_is_accepted(site):
    people = everyone()
    submit(people["anonymous"], lessons_of(site["course"])[0])
    # A page with a form gives each client a CSRF cookie, as a browser would have.
    for who, client in people.items():
        client.get("/account/" if who in ("admin", "account") else "/my-progress/")
    checked = 0
    for who, client in people.items():
        strict = csrf_enforcing(client)
        token = client.cookies[settings.CSRF_COOKIE_NAME].value
        addresses = site["learner"] + site["embed"]
        if who == "admin":
            addresses = site["admin"] + addresses
        for address in addresses:
            without_token = strict.post(address, {}, HTTP_ORIGIN=SITE_ORIGIN)
            if not address.endswith(NEEDS_NO_TOKEN):
                assert refused(without_token), (who, address, without_token.status_code)
            foreign = strict.post(
                address, {"csrfmiddlewaretoken": token}, HTTP_ORIGIN=FOREIGN_ORIGIN
            )
            assert refused(foreign), (who, address, foreign.status_code)
            checked += 2
    assert checked > 1000
    every = len(site["admin"]) + len(site["learner"]) + len(site["embed"])
    print(f"{checked} POSTs refused, over {every} addresses")  # noqa: T201


HEADERS = {
    "Permissions-Policy": "camera=()",
    "Content-Security-Policy": "default-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def test_every_response_carries_the_security_headers(site):
    people = everyone()
    submit(people["anonymous"], lessons_of(site["course"])[0])
    checked = 0
    for who, client in people.items():
        addresses = site["learner"] + site["embed"]
        if who == "admin":
            addresses = site["admin"] + addresses
        for address in addresses:
            response = client.get(address)
            assert response.status_code < 500, (who, address)
            for header, expected in HEADERS.items():
                assert expected in response.get(header, ""), (who, address, header)
            framing = (
                response.get("X-Frame-Options")
                or "frame-ancestors" in (response["Content-Security-Policy"])
            )
            assert framing, (who, address)
            checked += 1
    assert checked > 500
    print(f"{checked} responses with every security header")  # noqa: T201


def test_no_page_shows_one_learner_another_learners_data(site, course):
    lessons = lessons_of(course)
    # Someone else's progress: an account with a name of its own, three lessons,
    # a resume code of their own earlier, anonymous.
    other = Client()
    for lesson in lessons[:3]:
        submit(other, lesson)
    other_key = other.cookies[settings.LEARNER_COOKIE_NAME].value
    other.post(
        "/account/signup/",
        {"username": "ember-wren-4821", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert (
        Learner.objects.get(user__username="ember-wren-4821").completions.count() == 3
    )
    # This learner: one lesson, anonymous, then an account, then in an embed.
    me = Client()
    submit(me, lessons[0])
    mine = [me, client_for(make_user("quiet-heron"))]
    submit(mine[1], lessons[1])
    secrets_of_other = ["ember-wren-4821", other_key]
    for client in mine:
        for address in site["learner"] + site["embed"]:
            page = client.get(address).content.decode(errors="replace")
            for secret in secrets_of_other:
                assert secret not in page, (address, secret)
            assert "3 of 4 lessons finished" not in page, address
            assert "3 lessons finished" not in page, address

"""LTI 1.3 launches driven by our own test platform through our real views: the
course, a stage or a lesson opens in the organisation's embed as an anonymous
learner, found again on the next launch; forged, replayed and garbled launches are
refused with a 4xx, and record nothing."""

import base64
import io
import json
import re
import time
from html import unescape

from django.core.management import call_command
from django.db import connection
from django.test import Client

import pytest

from learners.models import Learner
from lti.models import ToolKey
from organisations.models import Enrolment
from tests.helpers import (
    client_for,
    lessons_of,
    make_org,
    make_user,
    report_rows,
    submit,
)
from tests.lti.platform import LTI, TestPlatform, frame_ancestors

pytestmark = pytest.mark.django_db


def embed_prefix(response, page):
    assert response.status_code == 302, response.content
    location = response["Location"]
    assert location.endswith(page.url)
    prefix = location[: -len(page.url)]
    assert re.fullmatch(r"/embed/harbour/[-\w]{40,}", prefix)
    return prefix


def nothing_recorded():
    return not Learner.objects.exists() and not Enrolment.objects.exists()


def test_a_launch_opens_the_course_in_the_organisations_embed(
    course, platform, registered
):
    prefix = embed_prefix(platform.launch(), course)
    page = Client().get(prefix + course.url)
    assert page.status_code == 200
    # Only the organisation's websites, the platform's among them, may frame it.
    assert {"https://harbour.example", platform.origin} <= frame_ancestors(page)
    assert "*" not in frame_ancestors(page)
    html = page.content.decode()
    assert "data-embedded" in html  # the organisation's embed: branding, help lines
    assert 'embed/harbour/theme.css"' in html
    assert 'class="quick-exit' in html
    assert nothing_recorded()  # until the learner's first answer


def test_the_same_person_launching_again_finds_their_progress_counted_for_the_organisation(
    course, platform, registered, organisation
):
    first = embed_prefix(platform.launch(sub="person-a"), course)
    lesson = lessons_of(course)[0]
    submit(Client(), lesson, prefix=first)
    learner = Learner.objects.get()
    assert learner.enrolment.organisation == organisation

    again = embed_prefix(platform.launch(sub="person-a"), course)
    assert again == first
    page = Client().get(again + course.url).content.decode()
    assert "1 of 4 lessons finished" in page

    someone_else = embed_prefix(platform.launch(sub="person-b"), course)
    assert someone_else != first
    page = Client().get(someone_else + course.url).content.decode()
    assert "1 of 4 lessons finished" not in page


def test_what_the_platform_says_about_the_learner_is_not_kept(
    course, platform, registered
):
    prefix = embed_prefix(platform.launch(sub="person-a"), course)
    submit(Client(), lessons_of(course)[0], prefix=prefix)
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 (our own tables)
            text = repr(cursor.fetchall())
            for said in ("Sam", "sam@example.org", "person-a", "opaque-hint"):
                assert said not in text, (table, said)


def test_organisation_staff_reports_count_learners_who_came_by_lti(
    course, platform, registered, organisation
):
    lesson = lessons_of(course)[0]
    for person in range(6):
        prefix = embed_prefix(platform.launch(sub=f"person-{person}"), course)
        submit(Client(), lesson, prefix=prefix)
    assert Enrolment.objects.filter(organisation=organisation).count() == 6
    staff = make_user("hana", "Harbour staff")
    rows = report_rows(client_for(staff), "quiz_question_report", course=course.pk)
    assert rows[0]["Learners"] == "6"
    other = make_org("lighthouse", origins="https://lighthouse.example")
    lio = make_user("lio", other.staff_group.name)
    rows = report_rows(client_for(lio), "quiz_question_report", course=course.pk)
    assert rows[0]["Learners"] != "6"


def test_a_placed_stage_or_lesson_opens_there(course, platform, registered):
    lesson = lessons_of(course)[1]
    stage = lesson.get_parent()
    for page in (stage, lesson):
        target = f"http://testserver/lti/launch/{page.pk}/"
        embed_prefix(platform.launch(target=target), page)


def test_only_our_launch_addresses_name_a_page(course, platform, registered):
    lesson = lessons_of(course)[1]
    for elsewhere in (
        f"http://testserver/admin/pages/{lesson.pk}/edit/",
        "http://testserver/no/such/address/",
        "not an address",
    ):
        embed_prefix(platform.launch(target=elsewhere), course)  # the first course


def test_a_page_no_longer_live_is_a_clear_404(course, platform, registered):
    lesson = lessons_of(course)[0]
    lesson.unpublish()
    response = platform.launch(target=f"http://testserver/lti/launch/{lesson.pk}/")
    assert response.status_code == 404
    assert "no longer in the course" in response.content.decode()


def forged(platform):
    now = int(time.time())
    return {
        "a bad signature": {"key": TestPlatform.new_key("x"), "kid": "platform-key-1"},
        "an unknown kid": {"kid": "nobody-knows-me"},
        "a wrong aud": {"changes": {"aud": "another-tool"}},
        "a wrong iss": {"changes": {"iss": "https://lms.elsewhere.example"}},
        "an expired token": {"changes": {"iat": now - 900, "exp": now - 600}},
        "a token without expiry": {"changes": {"exp": None}},
        "an unknown deployment": {"changes": {LTI + "deployment_id": "deployment-2"}},
        "no message type": {"changes": {LTI + "message_type": None}},
        "an odd resource link": {"changes": {LTI + "resource_link": "one"}},
        "aud as an object": {"changes": {"aud": {"a": 1}}},
    }


@pytest.mark.parametrize("forgery", list(forged(TestPlatform)))
def test_forged_launches_are_refused_and_record_nothing(
    course, platform, registered, forgery
):
    response = platform.launch(**forged(platform)[forgery])
    assert response.status_code == 403, forgery
    assert "could not check this launch" in response.content.decode()
    assert nothing_recorded()


def login(client, platform, target="http://testserver/lti/launch/"):
    started = client.post("/lti/login/", platform.login_request(target))
    assert started.status_code == 302
    return platform.authorize(started["Location"], target)


def test_the_platforms_key_set_is_kept_and_fetched_again_when_it_rotates(
    course, platform, registered
):
    def fetched():
        return platform.requests.count(("GET", "/jwks"))

    embed_prefix(platform.launch(), course)
    embed_prefix(platform.launch(), course)
    assert fetched() == 1
    platform.key = TestPlatform.new_key("platform-key-2")
    embed_prefix(platform.launch(), course)
    assert fetched() == 2
    # A key it never published is refused, even with a fresh look.
    refused = platform.launch(kid="nobody-knows-me")
    assert refused.status_code == 403
    assert fetched() == 3


def test_a_replayed_launch_is_refused(course, platform, registered):
    client = Client()
    action, form = login(client, platform)
    first = client.post(action, form, HTTP_ORIGIN=platform.origin)
    assert first.status_code == 302
    again = client.post(action, form, HTTP_ORIGIN=platform.origin)
    assert again.status_code == 403
    assert "expired or was used already" in again.content.decode()
    # The same id_token (its nonce) with a fresh login's state.
    _action, fresh = login(client, platform)
    replayed = client.post(
        action, {**form, "state": fresh["state"]}, HTTP_ORIGIN=platform.origin
    )
    assert replayed.status_code == 403


def test_a_missing_or_mismatched_state_is_refused(course, platform, registered):
    client = Client()
    action, first = login(client, platform)
    _action, second = login(client, platform)
    no_state = client.post(
        action, {"id_token": first["id_token"]}, HTTP_ORIGIN=platform.origin
    )
    assert no_state.status_code == 403
    unknown = client.post(
        action, {**first, "state": "state-nobody-made"}, HTTP_ORIGIN=platform.origin
    )
    assert unknown.status_code == 403
    swapped = client.post(
        action,
        {"id_token": first["id_token"], "state": second["state"]},
        HTTP_ORIGIN=platform.origin,
    )
    assert swapped.status_code == 403
    assert nothing_recorded()


def test_a_launch_posted_from_another_site_is_refused(course, platform, registered):
    client = Client()
    action, form = login(client, platform)
    for origin in ("https://attacker.example", None):
        headers = {"HTTP_ORIGIN": origin} if origin else {}
        assert client.post(action, form, **headers).status_code == 403
        action, form = login(client, platform)
    assert nothing_recorded()


def b64(value):
    return base64.urlsafe_b64encode(value.encode()).rstrip(b"=").decode()


GARBAGE_TOKENS = [
    "",
    "not-a-token",
    "a.b.c",
    "a.b.c.d",
    f"{b64('[]')}.{b64('{}')}.c2ln",
    f"{b64(json.dumps({'alg': 'RS256'}))}.{b64('[1, 2]')}.c2ln",
    f"{b64(json.dumps({'alg': 'none'}))}.{b64(json.dumps({'iss': 'x'}))}.",
    "\x00" * 50,
    "é" * 10_000,
]


@pytest.mark.parametrize("token", GARBAGE_TOKENS)
def test_garbled_id_tokens_are_a_clear_4xx(course, platform, registered, token):
    client = Client()
    action, form = login(client, platform)
    response = client.post(
        action, {**form, "id_token": token}, HTTP_ORIGIN=platform.origin
    )
    assert 400 <= response.status_code < 500
    assert nothing_recorded()


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"iss": "x"},
        {"iss": "x", "login_hint": "y"},
        {"iss": "https://unknown.example", "login_hint": "y", "target_link_uri": "z"},
    ],
)
def test_garbled_logins_are_a_clear_4xx(registered, params):
    for send in (Client().get, Client().post):
        response = send("/lti/login/", params)
        assert response.status_code == 403


def test_the_launch_only_takes_a_post(registered):
    assert Client().get("/lti/launch/").status_code == 405
    assert Client().put("/lti/launch/").status_code == 405


def test_our_key_set_is_published_and_rotated():
    keys = Client().get("/lti/jwks/").json()["keys"]
    assert len(keys) == 1
    assert (keys[0]["kty"], keys[0]["alg"]) == ("RSA", "RS256")
    assert "d" not in keys[0]  # no private part
    first = ToolKey.objects.current()
    call_command("rotate_lti_keys", stdout=io.StringIO())
    assert ToolKey.objects.current() != first
    assert len(Client().get("/lti/jwks/").json()["keys"]) == 2  # both, for a week
    call_command("rotate_lti_keys", "--keep-days=0", stdout=io.StringIO())
    kids = [key["kid"] for key in Client().get("/lti/jwks/").json()["keys"]]
    assert kids == [ToolKey.objects.current().kid]


def test_with_the_platforms_storage_the_launch_must_come_back_through_it(
    course, platform, registered
):
    """LTI client-side OIDC: the login page keeps the state in the platform's
    storage (static/js/lti-storage.js, in tests/browser/test_lti.py); the launch
    checks it there before the course opens, and cannot skip the check."""
    target = "http://testserver/lti/launch/"
    client = Client()
    params = platform.login_request(target, lti_storage_target="_parent")
    page = client.get("/lti/login/", params)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-lti-storage="store"' in html
    assert f'data-origin="{platform.origin}"' in html
    assert platform.origin in frame_ancestors(page)
    auth = unescape(re.search(r'data-next="([^"]+)"', html).group(1))
    assert "lti_storage_target=_parent" in auth
    new_window = unescape(re.search(r'href="(/lti/login/[^"]+)"', html).group(1))
    assert "lti_storage_target" not in new_window
    action, form = platform.authorize(auth, target)
    # Without the storage target the launch skips the check: refused.
    skipped = client.post(action, form, HTTP_ORIGIN=platform.origin)
    assert skipped.status_code == 403
    assert nothing_recorded()

    page = client.get("/lti/login/", params)
    auth = unescape(re.search(r'data-next="([^"]+)"', page.content.decode()).group(1))
    action, form = platform.authorize(auth, target)
    checked = client.post(
        action, {**form, "lti_storage_target": "_parent"}, HTTP_ORIGIN=platform.origin
    )
    assert checked.status_code == 200
    html = checked.content.decode()
    assert 'data-lti-storage="check"' in html
    assert f'data-state="{form["state"]}"' in html
    assert re.search(rf'data-next="/embed/harbour/[-\w]{{40,}}{course.url}"', html)
    assert platform.origin in frame_ancestors(checked)
    # The new window's login needs no storage.
    started = client.get(new_window)
    assert started.status_code == 302
    assert started["Location"].startswith(f"{platform.origin}/auth?")

"""Where an organisation's embed starts: at a course, a stage or a lesson, with the
learner key this browser keeps for it (a cookie partitioned to the organisation's
website), so a reload or a new visit carries on."""

import re

from django.conf import settings
from django.test import Client

from wagtail.models import Page

import pytest

from course.models import StagePage
from learners.models import Learner
from tests.helpers import (
    SITE_ORIGIN,
    csrf_token_in,
    lessons_of,
    make_org,
    submit,
)

pytestmark = pytest.mark.django_db

COOKIE = settings.EMBED_LEARNER_COOKIE_NAME


def start(client, organisation, page, query=""):
    response = client.get(f"/embed/{organisation.slug}/page/{page.pk}/{query}")
    assert response.status_code == 302
    return response


def key_in(location):
    return re.match(r"/embed/[-\w]+/([-\w]{40,})/", location).group(1)


def keep_cookie(client, response):
    """What a browser does with our Partitioned cookie (Django's test client reads
    only cookies Django set itself)."""
    header = response["Set-Cookie"]
    client.cookies[COOKIE] = re.match(rf"{COOKIE}=([-\w]+);", header).group(1)


def test_the_key_is_kept_in_a_cookie_partitioned_to_the_organisations_website(course):
    organisation = make_org()
    response = start(Client(), organisation, course)
    attributes = [part.strip() for part in response["Set-Cookie"].split(";")]
    assert attributes[0] == f"{COOKIE}={key_in(response['Location'])}"
    assert set(attributes[1:]) == {
        f"Max-Age={settings.LEARNER_COOKIE_AGE}",
        "Path=/embed/harbour/",
        "Secure",
        "HttpOnly",
        "SameSite=None",
        "Partitioned",
    }
    assert response["Location"].endswith(f"{course.url}?started")


def test_a_new_visit_finds_the_progress_made_in_the_last(course):
    organisation = make_org()
    browser = Client()
    first = start(browser, organisation, course)
    keep_cookie(browser, first)
    prefix = first["Location"].removesuffix("?started")[: -len(course.url)]
    submit(browser, lessons_of(course)[0], prefix=prefix)
    again = start(browser, organisation, course)
    assert key_in(again["Location"]) == key_in(first["Location"])
    page = browser.get(again["Location"]).content.decode()
    assert "1 of 4 lessons finished" in page
    assert "data-embed-may-forget" not in page


def test_a_key_that_names_no_progress_is_not_reused(course):
    """Until the first answer, or after the learner deleted their progress, the kept
    key names nobody: a new one is made, so no key outlives a deletion."""
    organisation = make_org()
    browser = Client()
    first = start(browser, organisation, course)
    keep_cookie(browser, first)
    assert key_in(start(browser, organisation, course)["Location"]) != key_in(
        first["Location"]
    )


def test_a_browser_that_did_not_keep_the_key_is_offered_a_resume_code(course):
    organisation = make_org()
    location = start(Client(), organisation, course)["Location"]
    page = Client().get(location).content.decode()  # no cookie came back
    assert "data-embed-may-forget" in page
    assert "resume code" in page
    # Only the first page of a visit says so.
    later = Client().get(location.removesuffix("?started")).content.decode()
    assert "data-embed-may-forget" not in later


def test_a_learning_system_gets_a_new_learner_the_browser_does_not_keep(course):
    organisation = make_org()
    browser = Client()
    keep_cookie(browser, start(browser, organisation, course))
    response = start(browser, organisation, course, "?new=1")
    assert "Set-Cookie" not in response
    assert not response["Location"].endswith("?started")
    assert key_in(response["Location"]) != browser.cookies[COOKIE].value


def test_a_stage_a_lesson_or_a_guide_can_be_embedded_alone(course):
    organisation = make_org()
    stage = StagePage.objects.child_of(course).live().first()
    lesson = lessons_of(course)[1]
    for page in (stage, lesson):
        location = start(Client(), organisation, page)["Location"]
        assert location.endswith(f"{page.url}?started")
        assert Client().get(location).status_code == 200


def test_only_live_pages_of_a_course_start_an_embed(course):
    make_org()
    lesson = lessons_of(course)[0]
    lesson.unpublish()
    root, home = Page.objects.get(depth=1), course.get_parent()
    for page_id in (lesson.pk, root.pk, home.pk, 999999):
        assert Client().get(f"/embed/harbour/page/{page_id}/").status_code == 404
    for path in ("/embed/harbour/page/x/", "/embed/harbour/page/-1/"):
        assert Client().get(path).status_code == 404
    assert Client().post(f"/embed/harbour/page/{course.pk}/").status_code == 405


def test_the_first_embed_codes_still_work(course):
    response = Client().get(f"/embed/{make_org().slug}/course/{course.pk}/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"{course.url}?started")


def test_a_learner_who_resumes_inside_the_frame_carries_on_there(course):
    """A resume code typed in the frame opens the progress it names, under the key the
    code opened: in the addresses and where the browser keeps it."""
    organisation = make_org()
    own = Client()
    own_prefix = start(own, organisation, course)["Location"].split(course.url)[0]
    submit(own, lessons_of(course)[0], prefix=own_prefix)
    learner = Learner.objects.get()
    code = learner.issue_resume_code()

    elsewhere = Client()
    first = start(elsewhere, organisation, course)
    keep_cookie(elsewhere, first)
    prefix = first["Location"].split(course.url)[0]
    progress = elsewhere.get(prefix + "/my-progress/").content.decode()
    response = elsewhere.post(
        prefix + "/my-progress/resume/",
        {"code": code, "csrfmiddlewaretoken": csrf_token_in(progress)},
        HTTP_ORIGIN=SITE_ORIGIN,
    )
    assert response.status_code == 302
    new_key = key_in(response["Location"])
    assert new_key != key_in(first["Location"])
    assert response["Location"].startswith(f"/embed/harbour/{new_key}/my-progress/")
    assert f"{COOKIE}={new_key};" in response["Set-Cookie"]
    assert settings.LEARNER_COOKIE_NAME not in response.cookies
    page = elsewhere.get(
        prefix.replace(key_in(first["Location"]), new_key) + course.url
    )
    assert "1 of 4 lessons finished" in page.content.decode()


def test_a_compact_embed_stays_compact_on_every_page_inside_it(course):
    organisation = make_org()
    browser = Client()
    location = start(browser, organisation, course, "?compact=1")["Location"]
    assert "/~compact/" in location
    prefix = location.split(course.url)[0]
    html = browser.get(location).content.decode()
    assert "site-header" not in html
    assert '<details class="help help--compact" id="get-help">' in html
    lesson = lessons_of(course)[0]
    assert f'href="{prefix}{lesson.url}"' in html
    # Learning works there as anywhere in the embed.
    assert "You passed" in submit(browser, lesson, prefix=prefix).content.decode()
    assert Learner.objects.get().enrolment.organisation == organisation
    full = browser.get(location.replace("/~compact", "")).content.decode()
    assert "site-header" in full
    assert "help--compact" not in full

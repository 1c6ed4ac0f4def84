"""Deep linking against the test platform: an instructor picks the course, a stage or
a lesson from our catalogue, and the platform receives it signed by our key set,
each with a grade book column; a learner's launch of it opens there."""

import re
from html import unescape

from django.test import Client

from wagtail.models import Locale

import pytest

from tests.helpers import lessons_of
from tests.lti.platform import csp_sources, frame_ancestors

pytestmark = pytest.mark.django_db


def open_picker(client, platform, placing="one"):
    """An instructor's deep-linking launch: our catalogue, and its one-use token."""
    target = "http://testserver/lti/launch/"
    started = client.post("/lti/login/", platform.login_request(target))
    action, form = platform.authorize(started["Location"], target, placing=placing)
    picker = client.post(action, form, HTTP_ORIGIN=platform.origin)
    assert picker.status_code == 200, picker.content
    # Shown in the platform's frame: the organisation's websites may frame it.
    assert {"https://harbour.example", platform.origin} <= frame_ancestors(picker)
    html = picker.content.decode()
    return html, re.search(r'name="pick" value="([^"]+)"', html).group(1)


def sent_back(response):
    """The signed answer our page sends back to the platform, and where."""
    html = response.content.decode()
    action = re.search(r'<form method="post" action="([^"]+)"', html).group(1)
    return action, re.search(r'name="JWT" value="([^"]+)"', html).group(1)


def test_an_instructor_places_a_lesson_and_learners_open_it_there(
    course, platform, registered
):
    client = Client()
    html, token = open_picker(client, platform)
    lesson = lessons_of(course)[1]
    stage = lesson.get_parent()
    for page in (course, stage, lesson):
        assert f'name="page" value="{page.pk}"' in html
    assert 'type="radio"' in html  # one only, as the platform asked
    response = client.post("/lti/place/", {"pick": token, "page": lesson.pk})
    assert response.status_code == 200
    assert csp_sources(response, "form-action") == {"'self'", platform.origin}
    action, answer = sent_back(response)
    assert action == f"{platform.origin}/deep-link-return"
    items = platform.receive_placement(answer, Client().get("/lti/jwks/").json())
    assert items == [
        {
            "type": "ltiResourceLink",
            "title": lesson.title,
            "url": f"http://testserver/lti/launch/{lesson.pk}/",
            "custom": {},
            "lineItem": {
                "scoreMaximum": 100,
                "label": lesson.title,
                "resourceId": str(lesson.pk),
            },
        }
    ]
    # A learner launching what was placed lands on the lesson.
    landed = platform.launch(target=items[0]["url"])
    assert landed.status_code == 302
    assert landed["Location"].endswith(lesson.url)


def test_several_can_be_placed_when_the_platform_accepts_several(
    course, platform, registered
):
    client = Client()
    html, token = open_picker(client, platform, placing="many")
    assert 'type="checkbox"' in html
    stage = lessons_of(course)[0].get_parent()
    response = client.post(
        "/lti/place/", {"pick": token, "page": [course.pk, stage.pk]}
    )
    _action, answer = sent_back(response)
    items = platform.receive_placement(answer, Client().get("/lti/jwks/").json())
    assert [item["title"] for item in items] == [course.title, stage.title]


def test_a_choice_is_sent_once_and_bad_choices_come_back_with_the_form(
    course, platform, registered
):
    client = Client()
    _html, token = open_picker(client, platform)
    lessons = lessons_of(course)
    for bad in ([], ["x"], [lessons[0].pk, lessons[1].pk], [999999], ["1e3"]):
        response = client.post("/lti/place/", {"pick": token, "page": bad})
        assert response.status_code == 400, bad
        assert 'role="alert"' in response.content.decode()
    assert (
        client.post("/lti/place/", {"pick": token, "page": lessons[0].pk}).status_code
        == 200
    )
    again = client.post("/lti/place/", {"pick": token, "page": lessons[0].pk})
    assert again.status_code == 403
    for forged in ({}, {"pick": "made-up"}, {"pick": "", "page": lessons[0].pk}):
        assert client.post("/lti/place/", forged).status_code == 403
    assert client.get("/lti/place/").status_code == 403
    assert client.put("/lti/place/").status_code == 405


def test_with_the_platforms_storage_the_catalogue_waits_for_the_check(
    course, platform, registered
):
    client = Client()
    target = "http://testserver/lti/launch/"
    params = platform.login_request(target, lti_storage_target="_parent")
    page = client.get("/lti/login/", params).content.decode()
    auth = unescape(re.search(r'data-next="([^"]+)"', page).group(1))
    action, form = platform.authorize(auth, target, placing="one")
    checked = client.post(
        action, {**form, "lti_storage_target": "_parent"}, HTTP_ORIGIN=platform.origin
    )
    html = checked.content.decode()
    assert 'data-lti-storage="check"' in html
    assert 'name="pick"' not in html  # no catalogue yet
    catalogue = unescape(re.search(r'data-next="([^"]+)"', html).group(1))
    assert catalogue.startswith("/lti/place/?pick=")
    shown = client.get(catalogue)
    assert shown.status_code == 200
    assert f'name="page" value="{course.pk}"' in shown.content.decode()


LAUNCH_PRESENTATION = "https://purl.imsglobal.org/spec/lti/claim/launch_presentation"


def picker_in(client, platform, locale):
    target = "http://testserver/lti/launch/"
    started = client.post("/lti/login/", platform.login_request(target))
    action, form = platform.authorize(
        started["Location"],
        target,
        placing="one",
        changes={LAUNCH_PRESENTATION: {"locale": locale}},
    )
    picker = client.post(action, form, HTTP_ORIGIN=platform.origin)
    assert picker.status_code == 200, picker.content
    html = picker.content.decode()
    return html, re.search(r'name="pick" value="([^"]+)"', html).group(1)


def test_the_catalogue_speaks_the_language_of_the_platforms_page(
    course, platform, registered
):
    client = Client()
    html, token = picker_in(client, platform, "es-MX")
    assert "Coloca Alongside en tu curso" in html
    assert '<html lang="es"' in html
    # Its answers too, though the form's address carries no language.
    wrong = client.post("/lti/place/", {"pick": token, "page": []})
    assert "Elige un curso, una etapa o una lección para colocar." in (
        wrong.content.decode()
    )
    # A language Alongside does not have: English.
    html, _token = picker_in(Client(), platform, "fr-FR")
    assert "Place Alongside in your course" in html


def test_the_catalogue_names_each_courses_language_when_there_are_several(
    course, platform, registered
):
    spanish = course.copy_for_translation(
        Locale.objects.create(language_code="es"), copy_parents=True
    )
    spanish.title = "Acompañar"
    spanish.save_revision().publish()
    html, _token = picker_in(Client(), platform, "es-MX")
    assert "<legend>Acompañar (Español)</legend>" in html
    assert f"<legend>{course.title} (English)</legend>" in html
    assert f'name="page" value="{spanish.pk}"' in html

"""The admin's Embed code page: the code of the course, a stage or a lesson, for the
organisations a user may see, with a preview that counts no one."""

import re
from html import unescape

from django.contrib.auth.models import Group, Permission
from django.test import Client

from wagtail.models import Locale

import pytest

from course.models import StagePage
from learners.models import Learner
from tests.helpers import client_for, lessons_of, make_org, make_user

pytestmark = pytest.mark.django_db

PAGE = "/admin/embed-code/"


def code_in(html):
    found = re.search(r'<textarea id="embed-code-text"[^>]*>([^<]*)</textarea>', html)
    return unescape(found.group(1)) if found else None


def test_an_administrator_before_any_organisation_is_told_how_to_add_one(course):
    html = client_for(make_user("ada", superuser=True)).get(PAGE).content.decode()
    assert "No organisation offers the course yet" in html
    assert "not a member" not in html


def test_someone_of_no_organisation_is_told_to_ask(course):
    make_org()
    volunteers = Group.objects.create(name="Volunteers")
    volunteers.permissions.add(Permission.objects.get(codename="access_admin"))
    html = client_for(make_user("vic", "Volunteers")).get(PAGE).content.decode()
    assert "not a member of any organisation" in html
    assert code_in(html) is None


def test_the_course_is_shown_first_then_any_stage_or_lesson_chosen(course):
    harbour = make_org()
    staff = client_for(make_user("hana", "Harbour staff"))
    first = staff.get(PAGE).content.decode()
    assert f"/embed/harbour/page/{course.pk}/" in code_in(first)
    lesson = lessons_of(course)[2]
    chosen = staff.get(PAGE, {"organisation": harbour.pk, "page": lesson.pk})
    html = chosen.content.decode()
    assert f'/embed/harbour/page/{lesson.pk}/"' in code_in(html)
    assert f'title="{lesson.title}: a course from Alongside"' in code_in(html)
    stage = StagePage.objects.child_of(course).first()
    assert f"/page/{stage.pk}/" in code_in(
        staff.get(PAGE, {"organisation": harbour.pk, "page": stage.pk}).content.decode()
    )
    # Every stage and lesson is offered.
    for page in (stage, lesson):
        assert f'<option value="{page.pk}"' in html


def test_the_preview_counts_no_one(course):
    make_org()
    html = client_for(make_user("hana", "Harbour staff")).get(PAGE).content.decode()
    frame = re.search(r'<iframe class="embed-code__preview" src="([^"]+)"[^>]*>', html)
    assert 'sandbox="allow-same-origin allow-scripts"' in frame.group(0)
    response = Client().get(unescape(frame.group(1)))
    assert response.status_code == 302
    assert "Set-Cookie" not in response  # the admin's browser keeps no learner
    page = Client().get(response["Location"])
    assert page.status_code == 200
    assert "frame-ancestors 'self'" in page["Content-Security-Policy"]
    assert not Learner.objects.exists()


def test_another_organisation_or_a_page_that_is_not_there_is_refused(course):
    make_org()
    other = make_org("lighthouse", origins="https://lighthouse.example")
    staff = client_for(make_user("hana", "Harbour staff"))
    lesson = lessons_of(course)[0]
    lesson.unpublish()
    for params in (
        {"organisation": other.pk, "page": course.pk},
        {"organisation": "x", "page": course.pk},
        {"organisation": other.pk - 1, "page": lesson.pk},
        {"organisation": other.pk - 1, "page": 999999},
        {"organisation": other.pk - 1, "page": course.get_parent().pk},
    ):
        response = staff.get(PAGE, params)
        assert response.status_code == 400, params
        html = response.content.decode()
        assert code_in(html) is None
        assert "lighthouse" not in html.lower()


def test_a_compact_code_and_its_preview(course):
    harbour = make_org()
    staff = client_for(make_user("hana", "Harbour staff"))
    html = staff.get(
        PAGE, {"organisation": harbour.pk, "page": course.pk, "compact": "on"}
    ).content.decode()
    assert f"/embed/harbour/page/{course.pk}/?compact=1" in code_in(html)
    preview = re.search(r'class="embed-code__preview" src="([^"]+)"', html).group(1)
    location = Client().get(unescape(preview))["Location"]
    assert "/~compact/" in location


def test_a_course_in_another_language_is_embedded_in_it(make_course):
    """The embed code's frame title (read by screen readers on the organisation's
    page) and the oEmbed card speak the language of the course they open, whatever
    the editor's; the list tells the courses apart by their language."""
    english = make_course()
    spanish = english.copy_for_translation(
        Locale.objects.create(language_code="es"), copy_parents=True
    )
    spanish.title = "Acompañar"
    spanish.save_revision().publish()
    harbour = make_org()
    staff = client_for(make_user("hana", "Harbour staff"))
    html = staff.get(PAGE, {"organisation": harbour.pk, "page": spanish.pk}).content
    html = html.decode()
    assert 'title="Acompañar: un curso de Alongside"' in code_in(html)
    assert f"{english.title} (English)</option>" in html
    assert "Acompañar (Español)</option>" in html
    card = Client().get(f"/embed/card/{spanish.pk}/").content.decode()
    assert '<html lang="es" dir="ltr">' in card
    assert "Un curso gratuito de Alongside" in card

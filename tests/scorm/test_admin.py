"""The SCORM packages page in the Wagtail admin: who may download which package, and
a clear 404 for anything else."""

import io
import zipfile

from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from wagtail.models import Locale

import pytest

from tests.helpers import client_for, make_org, make_user


def download_url(org, page_id, version="1.2"):
    return reverse("scorm:download", args=[org, page_id, version])


@pytest.fixture
def harbour(course):
    return make_org("harbour", origins="https://moodle.harbour.example")


@pytest.fixture
def editor(db):
    return client_for(make_user("edie", "Editors"))


def test_an_editor_downloads_a_package_of_the_course(editor, harbour, course):
    response = editor.get(download_url("harbour", course.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        f'attachment; filename="alongside-harbour-{course.slug}-scorm-1.2.zip"'
    )
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        page = package.read("index.html").decode()
    # The launcher opens this site, where the editor downloaded it from.
    assert 'data-site="http://testserver"' in page


def test_the_page_lists_each_course_and_stage_in_both_versions(editor, harbour, course):
    html = editor.get(reverse("scorm:index")).content.decode()
    stages = course.get_children().live()
    for page in [course, *stages]:
        for version in ("1.2", "2004"):
            assert download_url("harbour", page.pk, version) in html
    # Where the course may be shown decides where the package works.
    assert "https://moodle.harbour.example" in html
    assert "must be one of this organisation's allowed websites" in html


def test_staff_download_for_their_own_organisation_only(harbour, course):
    make_org("lighthouse", origins="https://lighthouse.example")
    hana = client_for(make_user("hana", "Harbour staff"))
    assert hana.get(download_url("harbour", course.pk)).status_code == 200
    assert hana.get(download_url("lighthouse", course.pk)).status_code == 404
    html = hana.get(reverse("scorm:index")).content.decode()
    assert "Harbour" in html
    assert "lighthouse" not in html.lower()


@pytest.mark.parametrize(
    ("org", "page", "version"),
    [
        ("nowhere", "course", "1.2"),  # no such organisation
        ("harbour", "missing", "1.2"),  # no such page
        ("harbour", "lesson", "1.2"),  # a lesson: packages are of courses and stages
        ("harbour", "draft", "1.2"),  # a stage never published
        ("harbour", "course", "1.3"),  # no such version
        ("harbour", "course", "scorm"),
    ],
)
def test_bad_addresses_are_404(editor, harbour, course, org, page, version):
    stage = course.get_children().first()
    draft = stage.copy(
        to=course,
        update_attrs={"slug": "draft-stage", "title": "Draft"},
        keep_live=False,
    )
    pages = {
        "course": course.pk,
        "missing": 999999,
        "lesson": stage.get_children().first().pk,
        "draft": draft.pk,
    }
    response = editor.get(download_url(org, pages[page], version))
    assert response.status_code == 404


def test_an_organisation_never_published_has_no_package(editor, course):
    harbour = make_org("harbour")
    harbour.live = False
    harbour.save()
    assert editor.get(download_url("harbour", course.pk)).status_code == 404
    html = editor.get(reverse("scorm:index")).content.decode()
    assert "Not published yet" in html


def test_only_admin_users_may_download(harbour, course):
    url = download_url("harbour", course.pk)
    assert Client().get(url).status_code == 302  # to the sign-in page
    learner = client_for(make_user("lee"))
    assert learner.get(url).status_code in (302, 403)
    assert client_for(make_user("rita", "Reviewers")).get(url).status_code == 200


def test_a_package_is_only_read(editor, harbour, course):
    assert editor.post(download_url("harbour", course.pk)).status_code == 405


def test_before_any_organisation_an_editor_is_told_to_add_one(editor, course):
    html = editor.get(reverse("scorm:index")).content.decode()
    assert "There is no organisation yet" in html
    assert reverse("wagtailsnippets_organisations_organisation:add") in html


def test_someone_of_no_organisation_is_told_so(course):
    user = make_user("sam")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    html = client_for(user).get(reverse("scorm:index")).content.decode()
    assert "You are not a member of any organisation's staff yet" in html
    assert "There is no organisation yet" not in html


def test_a_package_of_a_course_in_another_language_speaks_it(editor, harbour, course):
    """The launch page inside the learning system is in the course's language, not
    the editor's; the packages page names each course's language."""
    spanish = course.copy_for_translation(
        Locale.objects.create(language_code="es"), copy_parents=True
    )
    spanish.title = "Acompañar"
    spanish.save_revision().publish()
    listing = editor.get(reverse("scorm:index")).content.decode()
    assert "Acompañar (Español)</th>" in listing
    assert f"{course.title} (English)</th>" in listing
    response = editor.get(download_url("harbour", spanish.pk))
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        page = package.read("index.html").decode()
    assert '<html lang="es" dir="ltr">' in page
    assert 'title="Acompañar: un curso de Harbour"' in page
    assert "Este curso necesita JavaScript" in page

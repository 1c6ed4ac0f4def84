"""SCORM packages of the shipped course and its stages: what is inside, and manifests
that validate against the official SCORM 1.2 and 2004 4th edition schemas."""

import io
import re
import zipfile

from django.core.management import call_command

import pytest

from course.models import CoursePage, StagePage
from scorm.package import VERSIONS, build_package
from tests.helpers import built_once, make_org

from .schemas import validation_errors

SITE = "https://alongside.example"


@pytest.fixture(scope="module")
def shipped_course(django_db_setup, django_db_blocker):
    with built_once(django_db_blocker):
        call_command("load_course", "--without-translations", stdout=io.StringIO())
        yield CoursePage.objects.get().pk


@pytest.fixture
def scopes(shipped_course, db):
    course = CoursePage.objects.get(pk=shipped_course)
    return {"course": course, "stage": StagePage.objects.child_of(course).first()}


def unpacked(organisation, page, version):
    package = build_package(organisation, page, VERSIONS[version], SITE)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("scope", ["course", "stage"])
def test_the_manifest_validates_against_the_official_schemas(scopes, scope, version):
    files = unpacked(make_org(), scopes[scope], version)
    assert validation_errors(files["imsmanifest.xml"], version) == []


@pytest.mark.parametrize("version", VERSIONS)
def test_a_broken_manifest_fails_validation(scopes, version):
    manifest = unpacked(make_org(), scopes["course"], version)["imsmanifest.xml"]
    # SCORM needs the launcher marked as a SCO; "lesson" is no such type.
    broken = re.sub(rb'scorm[tT]ype="sco"', b'scormType="lesson"', manifest)
    assert broken != manifest
    assert validation_errors(broken, version) != []
    no_resources = re.sub(rb"<resources>.*</resources>", b"", manifest, flags=re.S)
    assert validation_errors(no_resources, version) != []


@pytest.mark.parametrize("version", VERSIONS)
def test_the_package_is_a_thin_launcher_of_the_organisations_embed(scopes, version):
    stage = scopes["stage"]
    files = unpacked(make_org("harbour"), stage, version)
    assert set(files) == {"imsmanifest.xml", "index.html", "scorm-launcher.js"}
    page = files["index.html"].decode()
    assert f'data-scorm-version="{version}"' in page
    assert f'data-start="{SITE}/embed/harbour/page/{stage.pk}/?new=1"' in page
    assert f'data-resume="{SITE}/embed/harbour/{{key}}{stage.url}"' in page
    assert f'data-site="{SITE}"' in page
    assert 'data-scope="stage"' in page
    manifest = files["imsmanifest.xml"].decode()
    assert f"<title>{stage.title}</title>" in manifest
    # Nothing of the course's content or answers travels in the package.
    lesson = stage.get_children().first().specific
    assert lesson.title not in page + manifest
    # The launcher never asks the LMS who the learner is.
    script = files["scorm-launcher.js"].decode()
    assert "student_id" not in script
    assert "learner_id" not in script
    assert "student_name" not in script
    assert "learner_name" not in script

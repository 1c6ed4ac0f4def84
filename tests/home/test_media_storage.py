"""Media in an S3-compatible bucket (AWS_STORAGE_BUCKET_NAME), against a real S3
server on loopback (tests/s3.py). Backups of them: test_media_backup.py."""

import os
import re
from urllib.error import HTTPError
from urllib.request import urlopen

from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.test import Client

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest
from csp.constants import SELF
from storages.backends.s3 import S3Storage

from alongside.settings import base
from alongside.settings.base import media_storage
from tests.helpers import lessons_of, make_org, start_embed
from tests.s3 import settings_from


def images(html):
    """Each <img>'s attributes."""
    return [
        dict(re.findall(r'([-\w]+)="([^"]*)"', tag))
        for tag in re.findall(r"<img [^>]*>", html)
    ]


def img_src(policy):
    (directive,) = [d for d in policy.split(";") if d.strip().startswith("img-src ")]
    return directive.split()[1:]


def lesson_with_image(make_course, image):
    lesson = lessons_of(make_course(stages=1, lessons=1))[0]
    lesson.body = [
        *[(block.block_type, block.value) for block in lesson.body],
        ("image", {"image": image, "alt_text": "A calm room", "decorative": False}),
    ]
    lesson.save_revision().publish()
    return lesson


# The settings


def test_without_a_bucket_uploads_stay_on_this_machines_disk():
    assert media_storage({}) == (
        {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        None,
    )
    started = settings_from({})
    assert started["STORAGES"]["default"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }
    assert started["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"] == [
        SELF,
        "data:",
    ]


@pytest.mark.parametrize(
    "env",
    [
        {"AWS_S3_ENDPOINT_URL": "https://s3.fr-par.scw.cloud"},
        {
            "AWS_S3_ENDPOINT_URL": "https://s3.eu-west-2.amazonaws.com",
            "AWS_S3_REGION_NAME": "eu-west-2",
        },
        {"AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000/"},
        {
            "AWS_S3_CUSTOM_DOMAIN": "media.example.org",
            "AWS_S3_REGION_NAME": "eu-west-2",
        },
        {
            "AWS_S3_ENDPOINT_URL": "https://s3.fr-par.scw.cloud",
            "AWS_S3_CUSTOM_DOMAIN": "media.example.org",
        },
    ],
)
def test_the_policy_allows_the_origin_django_storages_gives_images(env):
    storage, origin = media_storage({"AWS_STORAGE_BUCKET_NAME": "media", **env})
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    # What the storage itself writes into pages, worked out offline.
    url = S3Storage(**storage["OPTIONS"]).url("images/a calm room.png")
    assert url.startswith(f"{origin}/"), (url, origin)
    assert "?" not in url  # plain addresses: no signature, no expiry
    started = settings_from({"AWS_STORAGE_BUCKET_NAME": "media", **env})
    assert started["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"] == [
        SELF,
        "data:",
        origin,
    ]
    assert started["STORAGES"]["default"] == storage


def test_a_bucket_without_an_address_stops_the_site_starting():
    with pytest.raises(ImproperlyConfigured, match="AWS_S3_ENDPOINT_URL"):
        settings_from({"AWS_STORAGE_BUCKET_NAME": "media"})


# The site with its media in a bucket


@pytest.mark.django_db
def test_lesson_images_are_stored_in_the_bucket_and_shown_from_it(
    media_in_bucket, make_course
):
    image = Image.objects.create(title="A calm room", file=get_test_image_file())
    lesson = lesson_with_image(make_course, image)
    response = Client().get(lesson.url)
    assert response.status_code == 200
    (src,) = [i["src"] for i in images(response.text) if i.get("alt") == "A calm room"]
    rendition = image.get_rendition("width-800")
    endpoint = media_in_bucket.env["AWS_S3_ENDPOINT_URL"]
    assert src == f"{endpoint}/{media_in_bucket.name}/{rendition.file.name}"
    stored = media_in_bucket.objects()
    assert {image.file.name, rendition.file.name} <= set(stored)
    # A browser fetches it from the bucket, anonymously, as an image.
    with urlopen(src, timeout=10) as fetched:
        assert fetched.headers["Content-Type"] == "image/png"
        assert fetched.read() == stored[rendition.file.name]
    assert endpoint in img_src(response["Content-Security-Policy"])
    # Nothing is kept on this machine's disk.
    assert not os.path.exists(os.path.join(base.MEDIA_ROOT, rendition.file.name))


@pytest.mark.django_db
def test_a_bucket_without_the_policy_shows_learners_nothing(bucket, settings):
    started = settings_from(bucket.env)
    settings.STORAGES = {**settings.STORAGES, "default": started["STORAGES"]["default"]}
    image = Image.objects.create(title="A calm room", file=get_test_image_file())
    with pytest.raises(HTTPError) as refused:
        urlopen(image.file.url, timeout=10)
    refused.value.close()
    assert refused.value.code == 403


@pytest.mark.django_db
def test_documents_are_links_to_the_bucket(media_in_bucket):
    document = Document.objects.create(
        title="A safety plan", file=ContentFile(b"%PDF-1.4 plan", name="plan.pdf")
    )
    response = Client().get(document.url)
    # Wagtail sends the browser to the file: a link, which no policy restricts.
    assert response.status_code == 302
    endpoint = media_in_bucket.env["AWS_S3_ENDPOINT_URL"]
    location = response["Location"]
    assert location == f"{endpoint}/{media_in_bucket.name}/{document.file.name}"
    with urlopen(location, timeout=10) as fetched:
        assert fetched.headers["Content-Type"] == "application/pdf"
        assert fetched.read() == b"%PDF-1.4 plan"


@pytest.mark.django_db
def test_an_upload_never_replaces_a_file_of_the_same_name(media_in_bucket):
    first = Image.objects.create(title="One", file=get_test_image_file())
    second = Image.objects.create(title="Two", file=get_test_image_file())
    assert first.file.name != second.file.name
    assert {first.file.name, second.file.name} <= set(media_in_bucket.objects())


@pytest.mark.django_db
def test_the_embed_shows_the_organisations_logo_from_the_bucket(
    media_in_bucket, make_course
):
    course = make_course(stages=1, lessons=1)
    logo = Image.objects.create(title="Harbour logo", file=get_test_image_file())
    organisation = make_org(logo=logo)
    response = Client().get(start_embed(organisation, course) + course.url)
    (src,) = [
        i["src"] for i in images(response.text) if i.get("class") == "site-header__logo"
    ]
    endpoint = media_in_bucket.env["AWS_S3_ENDPOINT_URL"]
    assert src.startswith(f"{endpoint}/{media_in_bucket.name}/images/")
    assert endpoint in img_src(response["Content-Security-Policy"])


@pytest.mark.django_db
def test_the_admins_image_previews_come_from_the_bucket(media_in_bucket, admin_client):
    Image.objects.create(title="A calm room", file=get_test_image_file())
    response = admin_client.get("/admin/images/")
    assert response.status_code == 200
    endpoint = media_in_bucket.env["AWS_S3_ENDPOINT_URL"]
    assert f'src="{endpoint}/{media_in_bucket.name}/images/' in response.text
    assert img_src(response["Content-Security-Policy"]) == [
        SELF,
        "data:",
        endpoint,
        "blob:",
    ]


@pytest.mark.django_db
def test_a_bucket_out_of_reach_makes_no_backup_and_says_why(bucket, settings, tmp_path):
    started = settings_from({**bucket.env, "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9"})
    settings.STORAGES = {**settings.STORAGES, "default": started["STORAGES"]["default"]}
    with pytest.raises(CommandError, match="No backup was made: The media bucket"):
        call_command("backup", str(tmp_path))

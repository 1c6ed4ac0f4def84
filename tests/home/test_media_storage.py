"""Media in an S3-compatible bucket (AWS_STORAGE_BUCKET_NAME), against a real S3
server on loopback: moto's, which speaks the same HTTP API as AWS, MinIO or any
provider's. Settings are read when an app server starts, so the settings here are
alongside/settings/base.py run afresh with the environment an operator would set."""

import os
import re
import runpy
import subprocess
import sys
import tarfile
import uuid
from types import SimpleNamespace
from urllib.error import HTTPError
from urllib.request import urlopen

from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.test import Client

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import boto3
import pytest
from csp.constants import SELF
from moto.server import ThreadedMotoServer
from storages.backends.s3 import S3Storage

from alongside.settings import base
from alongside.settings.base import media_storage
from tests.helpers import lessons_of, make_org, start_embed

# The same database fixture as the disk backup's test: an empty database beside ours.
from tests.home.test_backup import fresh_database  # noqa: F401

# What docs/deploy.md asks of the bucket: anyone may read its files, nobody list or
# change them without the keys.
PUBLIC_READ = """{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "LearnersReadMedia",
    "Effect": "Allow",
    "Principal": "*",
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::BUCKET/*"
  }]
}"""

KEYS = {"AWS_ACCESS_KEY_ID": "alongside-test", "AWS_SECRET_ACCESS_KEY": "not-secret"}


def settings_from(env):
    """The settings base.py makes from these environment variables (and no others
    of media's), as an app server starting with them would have."""
    with pytest.MonkeyPatch.context() as patch:
        for name in os.environ:
            if name.startswith("AWS_"):
                patch.delenv(name)
        for name, value in env.items():
            patch.setenv(name, value)
        return runpy.run_path(base.__file__)


def images(html):
    """Each <img>'s attributes."""
    return [
        dict(re.findall(r'([-\w]+)="([^"]*)"', tag))
        for tag in re.findall(r"<img [^>]*>", html)
    ]


def img_src(policy):
    (directive,) = [d for d in policy.split(";") if d.strip().startswith("img-src ")]
    return directive.split()[1:]


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def new_bucket(s3_server):
    name = f"media-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3", endpoint_url=s3_server, region_name="us-east-1", **key_arguments()
    )
    client.create_bucket(Bucket=name)

    def objects():
        listing = client.list_objects_v2(Bucket=name).get("Contents", [])
        return {
            item["Key"]: client.get_object(Bucket=name, Key=item["Key"])["Body"].read()
            for item in listing
        }

    env = {
        "AWS_STORAGE_BUCKET_NAME": name,
        "AWS_S3_ENDPOINT_URL": s3_server,
        "AWS_S3_REGION_NAME": "us-east-1",
    }

    def make_public():
        client.put_bucket_policy(
            Bucket=name, Policy=PUBLIC_READ.replace("BUCKET", name)
        )

    return SimpleNamespace(name=name, env=env, objects=objects, make_public=make_public)


def key_arguments():
    return {
        "aws_access_key_id": KEYS["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": KEYS["AWS_SECRET_ACCESS_KEY"],
    }


@pytest.fixture
def bucket(s3_server, monkeypatch):
    """An empty bucket, and this process's keys for it (django-storages reads them
    from the environment, as in production)."""
    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)
    return new_bucket(s3_server)


@pytest.fixture
def media_in_bucket(bucket, settings):
    """The site as an app server started with the bucket's variables runs it."""
    bucket.make_public()
    started = settings_from(bucket.env)
    settings.STORAGES = {**settings.STORAGES, "default": started["STORAGES"]["default"]}
    settings.CONTENT_SECURITY_POLICY = started["CONTENT_SECURITY_POLICY"]
    return bucket


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


# Backups


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_holds_the_buckets_files_and_restores_them_into_a_fresh_bucket(
    media_in_bucket,
    s3_server,
    make_course,
    tmp_path,
    fresh_database,  # noqa: F811
    settings,
):
    image = Image.objects.create(title="A calm room", file=get_test_image_file())
    lesson_with_image(make_course, image)
    image.get_rendition("width-800")
    stored = media_in_bucket.objects()
    assert len(stored) == 2  # the original and its rendition
    call_command("backup", str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    with tarfile.open(folder / "media.tar.gz") as archive:
        archived = {
            member.name: archive.extractfile(member).read()
            for member in archive
            if member.isfile()
        }
    assert archived == {f"media/{name}": data for name, data in stored.items()}

    fresh = new_bucket(s3_server)
    done = subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", "restore", str(folder), "--yes"],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            **fresh.env,
            "DJANGO_SETTINGS_MODULE": "alongside.settings.test",
            "DATABASE_URL": fresh_database,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "every table has its rows" in done.stdout
    assert fresh.objects() == stored


@pytest.mark.django_db
def test_a_bucket_out_of_reach_makes_no_backup_and_says_why(bucket, settings, tmp_path):
    started = settings_from({**bucket.env, "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9"})
    settings.STORAGES = {**settings.STORAGES, "default": started["STORAGES"]["default"]}
    with pytest.raises(CommandError, match="No backup was made: The media bucket"):
        call_command("backup", str(tmp_path))

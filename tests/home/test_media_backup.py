"""Backups with media in a bucket: the bucket's files are copied into the backup and
restored into a fresh bucket, against moto's S3 server on loopback (tests/s3.py).

A module of its own: its test empties the database when it ends, so it runs after
the others (pytest-django puts transactional tests last; tests/conftest.py)."""

import os
import subprocess
import sys
import tarfile

from django.core.management import call_command

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest

from tests.home.test_backup import fresh_database  # noqa: F401
from tests.s3 import new_bucket

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_backup_holds_the_buckets_files_and_restores_them_into_a_fresh_bucket(
    media_in_bucket,
    s3_server,
    tmp_path,
    fresh_database,  # noqa: F811
    settings,
):
    image = Image.objects.create(title="A calm room", file=get_test_image_file())
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

"""A backup restored into a fresh database and media folder brings back every row
and every uploaded file (on the database the suite runs on: SQLite or PostgreSQL)."""

import os
import subprocess
import sys
import uuid

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest

from home.backup import row_counts
from tests.helpers import lessons_of, submit

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def fresh_database(tmp_path):
    """An empty database beside the one the suite uses, and its address."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"alongside_restore_{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    server = [
        "-h",
        db["HOST"] or "127.0.0.1",
        "-p",
        str(db["PORT"] or 5432),
        "-U",
        db["USER"],
    ]
    subprocess.run(["createdb", *server, name], check=True)  # noqa: S603, S607
    try:
        yield f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"
    finally:
        subprocess.run(["dropdb", "--if-exists", *server, name], check=True)  # noqa: S603, S607


def test_a_backup_restores_every_row_and_file_into_a_fresh_site(
    make_course, tmp_path, settings, fresh_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    course = make_course()
    submit(Client(), lessons_of(course)[0])
    image = Image.objects.create(title="Harbour logo", file=get_test_image_file())
    before = row_counts()
    call_command("backup", str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()

    restored_media = tmp_path / "restored-media"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alongside.settings.test",
        "DATABASE_URL": fresh_database,
        "MEDIA_ROOT": str(restored_media),
    }
    done = subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", "restore", str(folder), "--yes"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "every table has its rows" in done.stdout
    # Counted again, independently, in the restored database.
    counted = subprocess.run(  # noqa: S603 (our own code)
        [sys.executable, "-c", COUNT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert eval(counted.stdout.strip().splitlines()[-1]) == before  # noqa: S307 (our own output)
    assert before["learners_learner"] == 1
    with image.file.open("rb") as original:
        assert (restored_media / image.file.name).read_bytes() == original.read()


COUNT = "import django; django.setup(); from home.backup import row_counts; print(repr(row_counts()))"


def test_restoring_asks_before_replacing_anything(tmp_path):
    done = subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", "restore", str(tmp_path)],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "alongside.settings.test"},
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "Run again with --yes" in done.stderr

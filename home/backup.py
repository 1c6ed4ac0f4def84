"""Backups: the database and the uploaded media, with a manifest of how many rows
each table held, so a restore can prove it brought everything back.

Media are copied into the backup wherever they live: from MEDIA_ROOT, or from the
S3-compatible bucket (AWS_STORAGE_BUCKET_NAME), object by object. Either way the
archive holds media/<name>, so a backup restores onto a disk or into a bucket, and
moving from one to the other is a backup and a restore.

SQLite is copied with SQLite's own online backup (safe while the site runs);
PostgreSQL with pg_dump's custom format and pg_restore (Debian's postgresql-client).
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection

from botocore.exceptions import BotoCoreError, ClientError

MANIFEST = "manifest.json"
MEDIA = "media.tar.gz"


def row_counts():
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from the schema)
            counts[table] = cursor.fetchone()[0]
    return counts


def media_folder():
    """The folder uploads are in, or None when they live in a bucket."""
    try:
        return Path(default_storage.path(""))
    except NotImplementedError:
        return None


def stored_names(folder=""):
    """Every file's name in the media storage."""
    directories, files = default_storage.listdir(folder)
    for name in files:
        yield f"{folder}{name}"
    for directory in directories:
        yield from stored_names(f"{folder}{directory}/")


def archive_bucket(archive):
    try:
        for name in stored_names():
            with default_storage.open(name, "rb") as stored:
                data = stored.read()
            member = tarfile.TarInfo(f"media/{name}")
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
    except (BotoCoreError, ClientError) as error:
        raise OSError(f"The media bucket: {error}") from error


def restore_bucket(archive):
    """Put every file of the archive into the bucket under its own name. Files
    uploaded since the backup stay: nothing is deleted from a bucket."""
    try:
        for member in archive:
            name = member.name.removeprefix("media/")
            if not member.isfile() or name == member.name:
                continue
            # Uploads never overwrite (file_overwrite is off): make room for the
            # backup's copy so that it keeps the name the database records.
            default_storage.delete(name)
            saved = default_storage.save(name, File(archive.extractfile(member)))
            if saved != name:
                raise OSError(f"{name} was stored as {saved}.")
    except (BotoCoreError, ClientError) as error:
        raise OSError(f"The media bucket: {error}") from error


def restore_folder(archive, media):
    """Replace the media folder with the archive's, which is unpacked beside it first."""
    staging = media.parent / ".media-restoring"
    shutil.rmtree(staging, ignore_errors=True)
    archive.extractall(staging, filter="data")
    if (staging / "media").exists():
        shutil.rmtree(media, ignore_errors=True)
        (staging / "media").rename(media)
    shutil.rmtree(staging, ignore_errors=True)


def postgres_env(database):
    env = {"PGPASSWORD": database.get("PASSWORD") or ""}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if database.get(key):
            env[name] = str(database[key])
    return env


def run(command, database):
    if shutil.which(command[0]) is None:
        raise ValueError(
            f"{command[0]} is missing: install PostgreSQL's client tools "
            "(on Debian: apt-get install postgresql-client)."
        )
    subprocess.run(command, check=True, env={**os.environ, **postgres_env(database)})  # noqa: S603 (fixed tools, our arguments)


def back_up(into):
    """Write a backup folder inside `into`; returns its path."""
    database = connection.settings_dict
    folder = Path(into) / datetime.now(UTC).strftime("alongside-%Y%m%dT%H%M%SZ")
    folder.mkdir(parents=True)
    if connection.vendor == "sqlite":
        source = sqlite3.connect(database["NAME"])
        target = sqlite3.connect(folder / "database.sqlite3")
        with target:
            source.backup(target)
        source.close()
        target.close()
    elif connection.vendor == "postgresql":
        run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                f"--file={folder / 'database.pgdump'}",
                database["NAME"],
            ],
            database,
        )
    else:
        raise ValueError(f"No backup for {connection.vendor} databases.")
    media = media_folder()
    with tarfile.open(folder / MEDIA, "w:gz") as archive:
        if media is None:
            archive_bucket(archive)
        elif media.exists():
            archive.add(media, arcname="media")
    manifest = {
        "made_at": datetime.now(UTC).isoformat(),
        "database": connection.vendor,
        "rows": row_counts(),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return folder


def restore(folder):
    """Put a backup back into the configured database and media storage (MEDIA_ROOT
    or the bucket); returns the tables whose row counts differ from the manifest
    (none, when all is well)."""
    folder = Path(folder)
    manifest = json.loads((folder / MANIFEST).read_text())
    if manifest["database"] != connection.vendor:
        raise ValueError(
            f"This backup is of a {manifest['database']} database, "
            f"not {connection.vendor}."
        )
    database = connection.settings_dict
    connection.close()
    if connection.vendor == "sqlite":
        source = sqlite3.connect(folder / "database.sqlite3")
        target = sqlite3.connect(database["NAME"])
        with target:
            source.backup(target)
        source.close()
        target.close()
    else:
        run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--exit-on-error",
                f"--dbname={database['NAME']}",
                str(folder / "database.pgdump"),
            ],
            database,
        )
    media = media_folder()
    with tarfile.open(folder / MEDIA) as archive:
        if media is None:
            restore_bucket(archive)
        else:
            restore_folder(archive, media)
    restored = row_counts()
    return {
        table: (count, restored.get(table))
        for table, count in manifest["rows"].items()
        if restored.get(table) != count
    }

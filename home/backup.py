"""Backups: the database and the uploaded media, with a manifest of how many rows
each table held, so a restore can prove it brought everything back.

SQLite is copied with SQLite's own online backup (safe while the site runs);
PostgreSQL with pg_dump's custom format and pg_restore (Debian's postgresql-client).
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

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
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / MEDIA, "w:gz") as archive:
        if media.exists():
            archive.add(media, arcname="media")
    manifest = {
        "made_at": datetime.now(UTC).isoformat(),
        "database": connection.vendor,
        "rows": row_counts(),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return folder


def restore(folder):
    """Put a backup back into the configured database and MEDIA_ROOT; returns the
    tables whose row counts differ from the manifest (none, when all is well)."""
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
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / MEDIA) as archive:
        staging = media.parent / ".media-restoring"
        shutil.rmtree(staging, ignore_errors=True)
        archive.extractall(staging, filter="data")
        if (staging / "media").exists():
            shutil.rmtree(media, ignore_errors=True)
            (staging / "media").rename(media)
        shutil.rmtree(staging, ignore_errors=True)
    restored = row_counts()
    return {
        table: (count, restored.get(table))
        for table, count in manifest["rows"].items()
        if restored.get(table) != count
    }

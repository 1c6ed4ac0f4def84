from subprocess import CalledProcessError

from django.core.management.base import BaseCommand, CommandError

from home.backup import restore


class Command(BaseCommand):
    help = (
        "Restore a backup folder (made by `manage.py backup`) into the configured "
        "database and media storage (MEDIA_ROOT, or the bucket: files of the same "
        "name are replaced, others stay), then check every table's row count "
        "against the backup's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Replace the current data without asking.",
        )

    def handle(self, *args, folder, yes, **options):
        if not yes:
            raise CommandError(
                "Restoring replaces everything in the database and the media "
                "(in MEDIA_ROOT, or the backup's files in the bucket). "
                "Run again with --yes to go ahead."
            )
        try:
            differences = restore(folder)
        except (OSError, ValueError, KeyError, CalledProcessError) as error:
            raise CommandError(f"Nothing was restored: {error}") from error
        if differences:
            for table, (expected, found) in differences.items():
                self.stderr.write(
                    f"{table}: {expected} rows in the backup, {found} now"
                )
            raise CommandError("The restore is incomplete.")
        self.stdout.write(self.style.SUCCESS("Restored: every table has its rows."))

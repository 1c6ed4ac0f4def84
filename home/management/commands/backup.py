from subprocess import CalledProcessError

from django.core.management.base import BaseCommand, CommandError

from home.backup import back_up


class Command(BaseCommand):
    help = "Back up the database and the uploaded media into a new folder inside DIR."

    def add_arguments(self, parser):
        parser.add_argument("dir")

    def handle(self, *args, dir, **options):
        try:
            folder = back_up(dir)
        except (OSError, ValueError, CalledProcessError) as error:
            raise CommandError(f"No backup was made: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Backed up into {folder}"))

from django.conf import settings
from django.core.management.base import BaseCommand

from learners.models import Learner


class Command(BaseCommand):
    help = "Delete anonymous learners (and all they recorded) idle for longer than a set number of days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.LEARNER_IDLE_DAYS,
            help="How many idle days before anonymous progress is deleted (default: LEARNER_IDLE_DAYS).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count them.")

    def handle(self, *args, days, dry_run, **options):
        idle = Learner.objects.idle_anonymous(days)
        count = idle.count()
        if dry_run:
            self.stdout.write(
                f"{count} anonymous learners idle for over {days} days would be deleted."
            )
            return
        idle.delete()
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {count} anonymous learners idle for over {days} days."
            )
        )

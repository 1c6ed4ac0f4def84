from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from axes.models import AccessAttempt

from home.error_pages import write_error_pages


class Command(BaseCommand):
    help = (
        "What to run once a day (cron, a systemd timer): delete expired sessions, "
        "anonymous progress idle for LEARNER_IDLE_DAYS and records of failed "
        "sign-ins older than the lockout, and write the error pages afresh. ./dev run runs it at every start."
    )

    def handle(self, *args, **options):
        call_command("clearsessions")
        self.stdout.write("Deleted expired sessions.")
        call_command("purge_idle_learners", stdout=self.stdout)
        cutoff = timezone.now() - settings.AXES_COOLOFF_TIME
        count, _ = AccessAttempt.objects.filter(attempt_time__lte=cutoff).delete()
        self.stdout.write(f"Deleted {count} records of failed sign-ins.")
        write_error_pages()
        self.stdout.write(f"Wrote the error pages to {settings.ERROR_PAGES_DIR}.")

from django.core.management.base import BaseCommand

from lti.grades import send_waiting


class Command(BaseCommand):
    help = (
        "Send learning platforms' grade books every score still waiting (one whose "
        "send failed). Run it every few minutes (cron, a systemd timer)."
    )

    def handle(self, *args, **options):
        sent, failed = send_waiting()
        self.stdout.write(f"Sent {sent} scores; {failed} still waiting.")

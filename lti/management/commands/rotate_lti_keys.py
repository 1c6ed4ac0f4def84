from django.core.management.base import BaseCommand

from lti.models import ToolKey


class Command(BaseCommand):
    help = (
        "Make a new key to sign LTI messages with, and take keys older than "
        "--keep-days out of our published key set. Run it now and then (monthly, "
        "from cron): platforms fetch our key set again when they meet a new key."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep-days",
            type=int,
            default=7,
            help="How long an older key stays published after it was made (default 7).",
        )

    def handle(self, *args, keep_days, **options):
        key, retired = ToolKey.objects.rotate(keep_days)
        self.stdout.write(f"Signing with the new key {key.kid}; retired {retired}.")

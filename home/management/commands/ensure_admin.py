import os
import secrets
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

# Names every attacker tries first.
OBVIOUS_NAMES = {
    "admin",
    "administrator",
    "root",
    "superuser",
    "test",
    "user",
    "wagtail",
}


class Command(BaseCommand):
    help = (
        "Say how to reach the Wagtail admin, creating a first admin if there is none: "
        "with the name the operator chooses (--username, ADMIN_USERNAME, or asked), "
        "and a one-off password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/")
        parser.add_argument("--username", help="the first admin's name")

    def handle(self, *args, url, username, **options):
        User = get_user_model()
        first = User.objects.filter(is_superuser=True).order_by("pk").first()
        if first is not None:
            self.stdout.write(
                f"Wagtail admin: {url} (forgot the password? run: "
                f".venv/bin/python manage.py changepassword {first.get_username()})"
            )
            return
        username = username or self.ask_for_a_name()
        if username.lower() in OBVIOUS_NAMES:
            raise CommandError(
                f"“{username}” is the first name anyone guesses: choose another."
            )
        # A fresh random password per installation, shown once: never a published default.
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username, password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wagtail admin: {url}\n  username: {username}\n  password: {password}\n"
                "  (shown only this once; change it with: "
                f".venv/bin/python manage.py changepassword {username}).\n"
                "  At first sign-in the admin asks you to set up a second factor."
            )
        )

    def ask_for_a_name(self):
        if os.environ.get("ADMIN_USERNAME"):
            return os.environ["ADMIN_USERNAME"]
        if sys.stdin.isatty():
            while True:
                name = input("Choose a name for the first admin account: ").strip()
                if name and name.lower() not in OBVIOUS_NAMES:
                    return name
                self.stdout.write(
                    "Choose a name that is not an obvious one like “admin”."
                )
        # No one to ask (a script, CI): a name nobody can guess, shown below.
        return f"owner-{secrets.token_hex(3)}"

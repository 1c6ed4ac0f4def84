import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Say how to reach the Wagtail admin, creating a first admin with a one-off password if there is none."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/")

    def handle(self, *args, **options):
        User = get_user_model()
        url = options["url"]
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                f"Wagtail admin: {url} (forgot the password? "
                "run: .venv/bin/python manage.py changepassword admin)"
            )
            return
        # A fresh random password per installation, shown once: never a published default.
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wagtail admin: {url}\n  username: admin\n  password: {password}\n"
                "  (shown only this once; change it with: .venv/bin/python manage.py changepassword admin)"
            )
        )

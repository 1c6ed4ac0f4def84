import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

import polib

# Never inside these: the virtualenv's own packages ship compiled catalogues.
SKIPPED = {".venv", "venv", "node_modules", "var", "staticfiles", "media", ".git"}


def catalogues(root):
    """Every .po file of the project: locale/ and each app's locale/ folder."""
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if name not in SKIPPED)
        if "locale" in Path(folder).relative_to(root).parts:
            yield from (
                Path(folder) / name for name in sorted(files) if name.endswith(".po")
            )


class Command(BaseCommand):
    help = (
        "Compile every message catalogue of the project (.po) to the .mo Django reads, "
        "with polib, so no GNU gettext is needed. Only catalogues newer than their .mo "
        "are compiled. ./dev runs it before tests and the server."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Compile every catalogue, even unchanged.",
        )

    def handle(self, *args, force=False, **options):
        compiled = 0
        for po_path in catalogues(settings.BASE_DIR):
            mo_path = po_path.with_suffix(".mo")
            if (
                not force
                and mo_path.exists()
                and mo_path.stat().st_mtime >= po_path.stat().st_mtime
            ):
                continue
            # Like msgfmt: fuzzy and obsolete entries (guesses, leftovers) stay out.
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled += 1
            if options["verbosity"] > 1:
                self.stdout.write(f"Compiled {po_path.relative_to(settings.BASE_DIR)}.")
        if options["verbosity"]:
            self.stdout.write(f"Compiled {compiled} message catalogue(s).")

import logging

from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site"

    def ready(self):
        from django.db.models.signals import post_save

        from wagtail.signals import published, unpublished

        from . import admin_csp
        from .error_pages import write_error_pages
        from .models import HomePage, SafetySettings, SupportService
        from .roles import on_new_front_door

        admin_csp.install()
        # A front door in another language: the same editors, reviewers and review.
        post_save.connect(on_new_front_door, sender=HomePage, weak=False)

        # The error pages show the published help lines and quick exit: rewrite
        # them whenever either changes. A failure keeps the pages there were, and
        # never fails the publish itself.
        def rewrite(**kwargs):
            try:
                write_error_pages()
            except Exception:
                logging.getLogger(__name__).exception(
                    "The error pages were not rewritten."
                )

        for signal in (published, unpublished):
            for model in (SupportService, SafetySettings):
                signal.connect(rewrite, sender=model, weak=False)

from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site"

    def ready(self):
        from wagtail.signals import published, unpublished

        from . import admin_csp
        from .error_pages import write_error_pages
        from .models import SafetySettings, SupportService

        admin_csp.install()

        # The error pages show the published help lines and quick exit: rewrite
        # them whenever either changes.
        def rewrite(**kwargs):
            write_error_pages()

        for signal in (published, unpublished):
            for model in (SupportService, SafetySettings):
                signal.connect(rewrite, sender=model, weak=False)

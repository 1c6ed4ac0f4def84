from django.apps import AppConfig


class LearnersConfig(AppConfig):
    name = "learners"
    verbose_name = "Learners and privacy"

    def ready(self):
        from . import signals  # noqa: F401

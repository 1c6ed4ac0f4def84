from django.apps import AppConfig


class LtiConfig(AppConfig):
    name = "lti"
    verbose_name = "LTI"

    def ready(self):
        from . import signals  # noqa: F401 (connects the receivers)

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .identity import adopt_anonymous_progress


@receiver(user_logged_in)
def keep_anonymous_progress(sender, request, user, **kwargs):
    if request is not None:
        adopt_anonymous_progress(request, user)

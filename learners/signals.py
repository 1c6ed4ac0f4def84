from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .identity import offer_device_progress


@receiver(user_logged_in)
def ask_about_device_progress(sender, request, user, **kwargs):
    if request is not None:
        offer_device_progress(request)

from django.contrib.auth.models import Group
from django.db.models.signals import post_delete
from django.dispatch import receiver

from learners.identity import learner_started

from .models import Enrolment, Organisation


@receiver(learner_started)
def count_for_the_organisation(sender, request, learner, **kwargs):
    """A learner who starts inside an organisation's embed is counted for it."""
    organisation = getattr(request, "organisation", None)
    if organisation is not None:
        Enrolment.objects.get_or_create(
            learner=learner, defaults={"organisation": organisation}
        )


@receiver(post_delete, sender=Organisation)
def remove_the_staff_group(sender, instance, **kwargs):
    """An organisation's staff group goes with it: no group is left behind whose
    members, or whose name, could seem to belong to another organisation."""
    if instance.staff_group_id is not None:
        Group.objects.filter(pk=instance.staff_group_id).delete()

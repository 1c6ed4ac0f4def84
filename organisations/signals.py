from django.dispatch import receiver

from learners.identity import learner_started

from .models import Enrolment


@receiver(learner_started)
def count_for_the_organisation(sender, request, learner, **kwargs):
    """A learner who starts inside an organisation's embed is counted for it."""
    organisation = getattr(request, "organisation", None)
    if organisation is not None:
        Enrolment.objects.get_or_create(
            learner=learner, defaults={"organisation": organisation}
        )

from django.dispatch import receiver

from learners.identity import learner_started

from .grades import link_grade_book, waiting_grade_book


@receiver(learner_started)
def keep_the_grade_book_of_their_launch(sender, request, learner, **kwargs):
    """A learner launched from a platform is stored from their first answer: from
    then on, where their scores go too."""
    key = getattr(request, "learner_key_in_address", None)
    link = waiting_grade_book(key) if key else None
    if link is not None:
        link_grade_book(learner, link)

from django.contrib import messages
from django.utils.translation import ngettext

from wagtail import hooks

from course.models import LessonCompletion

from .models import QuizAttempt


def learners_with_history(page):
    """How many learners have progress in this page or below it."""
    within = {"lesson__path__startswith": page.path}
    learners = set(
        LessonCompletion.objects.filter(**within).values_list("learner_id", flat=True)
    )
    learners |= set(
        QuizAttempt.objects.filter(**within).values_list("learner_id", flat=True)
    )
    return len(learners)


@hooks.register("before_delete_page")
def say_whose_history_is_kept(request, page):
    """Before an editor deletes course content, say whose progress is there. Their
    records are kept either way (course.models.LessonHistory)."""
    if request.method != "GET":
        return None
    count = learners_with_history(page)
    if count:
        messages.warning(
            request,
            ngettext(
                "%(count)d learner has progress here. Deleting keeps their history: "
                "finished lessons and quiz answers stay in their records, under the "
                "lesson's title.",
                "%(count)d learners have progress here. Deleting keeps their history: "
                "finished lessons and quiz answers stay in their records, under the "
                "lesson's title.",
                count,
            )
            % {"count": count},
        )
    return None

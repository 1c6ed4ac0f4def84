"""Words of the interface that live on models this app cannot mark where they are
(changing those models is for their own apps): each model's privacy_description,
which the privacy page lists, and its counted_as, which "Your progress" counts with.
Marked here so that makemessages finds them; learners/views.py and
Learner.counts() translate them when they are shown. A test checks that every
registered model's words have a translation (tests/test_interface_strings.py).

When a model's words change, change them here too; better still, mark them on the
model itself with gettext_lazy and ngettext_lazy, and drop them from here."""

from django.utils.translation import gettext_noop, ngettext

PRIVACY_DESCRIPTIONS = [
    gettext_noop(
        "A random code that links your browser to your progress. We keep only a "
        "scrambled form of it (and of a resume code, if you ask for one), so nobody "
        "can read the code from our database. We also keep when you started and when "
        "you last used the course, so that progress nobody uses is deleted in time."
    ),
    gettext_noop(
        "For each device where you typed in a resume code: a scrambled form of that "
        "device's own random code, and when you resumed there."
    ),
    gettext_noop("Which lessons you have finished, and when."),
    gettext_noop(
        "Your quiz answers: which answers you chose, whether each was right, your "
        "score, and when you sent them."
    ),
    gettext_noop(
        "If you started the course on an organisation's website: which organisation, "
        "so that it can see how many people its course helps (never who they are)."
    ),
    gettext_noop(
        "If your organisation placed the course in its learning system (Moodle, "
        "Canvas…) with a grade: the learning system's own number for you (never your "
        "name), where in its grade book your score goes, and the last score sent, so "
        "that your score reaches it even when it was briefly out of reach."
    ),
]


def _counted_as():
    """Never called: makemessages reads these calls for their plural forms."""
    ngettext("lesson finished", "lessons finished", 1)
    ngettext("quiz attempt", "quiz attempts", 1)

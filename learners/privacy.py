"""The privacy registry: every model that holds something about a learner says so.

A model joins by inheriting `PersonalData`. It says in plain words what it keeps (the
privacy page lists it), how its rows are exported (an account holder's download) and
how they follow a learner whose progress is merged into another's. Erasure needs
nothing more: rows hang off the learner with on_delete=CASCADE, and a test deletes a
learner and checks every registered model. Another test fails when a model that
points at a learner, an account, or a registered model has not joined: the idea of
Moodle's privacy providers.
"""

from django.apps import apps
from django.conf import settings


class PersonalData:
    """A model that holds personal data about a learner."""

    # The ORM path from a row to its learner.
    learner_path = "learner"
    # What this model keeps, as the privacy page says it to a learner.
    privacy_description = ""
    # Its key in an account holder's download; None where rows are exported inside
    # another model's rows (a quiz answer inside its attempt).
    export_key = None
    # How "Your progress" counts the rows: ("lesson finished", "lessons finished").
    counted_as = None

    @classmethod
    def of(cls, learner):
        return cls._default_manager.filter(**{cls.learner_path: learner})

    @classmethod
    def export(cls, learner):
        return [row.as_export() for row in cls.of(learner)]

    def as_export(self):
        raise NotImplementedError(f"{type(self).__name__} must say how it is exported.")

    @classmethod
    def move(cls, source, target):
        """Give `source`'s rows to `target` when their progress is merged."""
        cls.of(source).update(learner=target)


def registered():
    """Every model that declares personal data, in the order of INSTALLED_APPS."""
    return [model for model in apps.get_models() if issubclass(model, PersonalData)]


def undeclared(models):
    """The models among `models` that hold personal data without declaring it: their
    own fields point at an account, a learner, or a model that declares personal
    data. (Fields a page or a snippet inherits from Wagtail, such as its owner or who
    locked it, are about editors.)"""
    personal = {apps.get_model(settings.AUTH_USER_MODEL), *registered()}
    return [
        model
        for model in models
        if not issubclass(model, PersonalData)
        and any(
            field.related_model in personal
            for field in [*model._meta.local_fields, *model._meta.local_many_to_many]
            if field.is_relation and field.name not in from_wagtail(model)
        )
    ]


def from_wagtail(model):
    """The fields a model inherits from Wagtail's abstract models (its mixins)."""
    return {
        field.name
        for base in model.__mro__[1:]
        if base.__module__.startswith("wagtail.") and hasattr(base, "_meta")
        for field in base._meta.local_fields
    }

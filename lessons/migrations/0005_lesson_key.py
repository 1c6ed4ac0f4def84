from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def key_by_translation(apps, schema_editor):
    """Each record's lesson in every language: the translation key of its page."""
    Record = apps.get_model("lessons.QuizAttempt")
    Page = apps.get_model("wagtailcore", "Page")
    Record.objects.filter(lesson__isnull=False).update(
        lesson_key=Subquery(
            Page.objects.filter(pk=OuterRef("lesson_id")).values("translation_key")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("learners", "0002_device_keys"),
        ("lessons", "0004_quiz_lists_start_full"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="quizattempt",
            name="lessons_qui_learner_f35c95_idx",
        ),
        migrations.AddField(
            model_name="quizattempt",
            name="lesson_key",
            field=models.UUIDField(db_index=True, editable=False, null=True),
        ),
        migrations.RunPython(key_by_translation, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="quizattempt",
            index=models.Index(
                fields=["learner", "lesson_key"], name="lessons_qui_learner_e1a586_idx"
            ),
        ),
    ]

from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def key_by_translation(apps, schema_editor):
    """Each record's lesson in every language: the translation key of its page."""
    Record = apps.get_model("course.LessonCompletion")
    Page = apps.get_model("wagtailcore", "Page")
    Record.objects.filter(lesson__isnull=False).update(
        lesson_key=Subquery(
            Page.objects.filter(pk=OuterRef("lesson_id")).values("translation_key")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("course", "0003_history_outlives_content"),
        ("learners", "0002_device_keys"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="lessoncompletion",
            name="one_completion_per_lesson",
        ),
        migrations.AddField(
            model_name="lessoncompletion",
            name="lesson_key",
            field=models.UUIDField(db_index=True, editable=False, null=True),
        ),
        migrations.RunPython(key_by_translation, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="lessoncompletion",
            constraint=models.UniqueConstraint(
                fields=("learner", "lesson_key"), name="one_completion_per_lesson"
            ),
        ),
    ]

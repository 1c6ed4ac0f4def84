import secrets

from django.db import migrations, models


def first_row(apps, schema_editor):
    apps.get_model("home", "ContentVersion").objects.create(
        pk=1, value=secrets.randbits(62) + 1
    )


class Migration(migrations.Migration):
    dependencies = [("home", "0007_safety_settings_leave_site_settings")]

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("value", models.PositiveBigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(first_row, migrations.RunPython.noop),
    ]

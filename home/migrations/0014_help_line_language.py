import home.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0013_discreet_titles_on_where_never_chosen"),
    ]

    operations = [
        migrations.AddField(
            model_name="supportservice",
            name="for_its_readers_only",
            field=models.BooleanField(
                default=False,
                help_text="For example a service's Spanish-language line, where its main line is listed for everyone. Learners reading in another language do not see it.",
                verbose_name="only for learners reading in its language",
            ),
        ),
        migrations.AddField(
            model_name="supportservice",
            name="language",
            field=models.CharField(
                blank=True,
                choices=home.models.language_choices,
                help_text="The language its name and description are written in, if not the site's main one: screen readers then read them in that language.",
                max_length=16,
            ),
        ),
    ]

import home.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0013_discreet_titles_on_where_never_chosen"),
    ]

    operations = [
        migrations.AddField(
            model_name="supportservice",
            name="language",
            field=models.CharField(
                blank=True,
                choices=home.models.language_choices,
                help_text="Only for learners reading in this language: for example the Spanish-language service of a line, with its name and description in Spanish. Leave blank to list it in every language.",
                max_length=16,
            ),
        ),
    ]

"""The quick exit and discreet titles now live in SafetySettings (values carried over
by 0006)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("home", "0006_safety_under_review")]

    operations = [
        migrations.RemoveField(model_name="sitesettings", name="discreet_title"),
        migrations.RemoveField(model_name="sitesettings", name="discreet_titles"),
        migrations.RemoveField(model_name="sitesettings", name="quick_exit_url"),
    ]

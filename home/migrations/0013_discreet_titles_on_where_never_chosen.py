"""Discreet titles on for every site whose safety settings no person has saved.

Migration 0006 made each site's safety settings from its old site settings, with
discreet titles off unless they had been on; such a row is not an editor's choice,
so it now gets the new default. Settings an editor or reviewer has saved (a revision
with a user) keep what they chose. Only off becomes on, never the other way."""

from django.db import migrations


def turn_on_where_never_chosen(apps, schema_editor):
    SafetySettings = apps.get_model("home.SafetySettings")
    Revision = apps.get_model("wagtailcore.Revision")
    ContentType = apps.get_model("contenttypes.ContentType")
    content_type = ContentType.objects.filter(
        app_label="home", model="safetysettings"
    ).first()
    for settings in SafetySettings.objects.filter(discreet_titles=False):
        revisions = Revision.objects.filter(
            base_content_type=content_type, object_id=str(settings.pk)
        )
        if revisions.filter(user__isnull=False).exists():
            continue
        SafetySettings.objects.filter(pk=settings.pk).update(discreet_titles=True)
        for revision in revisions:
            revision.content = {**revision.content, "discreet_titles": True}
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0012_help_heading_wording"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(turn_on_where_never_chosen, migrations.RunPython.noop)
    ]

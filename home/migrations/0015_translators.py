"""Editors and Reviewers may ask for a page's translation (wagtail-localize's
"Translate" action) and work on every language's pages, under the same review."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        # Permissions are normally made after migrations; this one is needed now.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    submit = Permission.objects.get(
        content_type__app_label="wagtail_localize", codename="submit_translation"
    )
    for group in Group.objects.filter(name__in=["Editors", "Reviewers"]):
        group.permissions.add(submit)
    # Front doors already translated: the same roles and review as the first.
    Page = apps.get_model("wagtailcore.Page")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    homes = list(Page.objects.filter(depth=2, content_type__app_label="home"))
    for home in homes:
        sources = [other for other in homes if other.pk != home.pk]
        for permission in GroupPagePermission.objects.filter(page__in=sources):
            GroupPagePermission.objects.get_or_create(
                group_id=permission.group_id,
                page=home,
                permission_id=permission.permission_id,
            )
        workflow = WorkflowPage.objects.filter(page__in=sources).first()
        if workflow is not None:
            WorkflowPage.objects.get_or_create(
                page=home, defaults={"workflow_id": workflow.workflow_id}
            )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0014_help_line_language"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

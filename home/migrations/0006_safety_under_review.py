"""Help lines and the site's safety settings go through the same review as lessons.

- Every site gets its safety settings, published, with the quick exit and discreet
  titles its site settings had (or the defaults). 0007 then removes them there.
- Every help line and safety settings row starts from a first revision of what is
  live now, so a reviewer can compare the first change with it.
- Editors may add, change and lock both; Reviewers may also unlock and publish (and,
  as before, delete help lines). Only an administrator deletes safety settings.
- Both use the workflow lessons use (the home page's "Content review"), assigned to
  their content types as Wagtail does for snippets (WorkflowContentType).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils import timezone

from modelcluster.models import get_serializable_data_for_fields

DEFAULT_QUICK_EXIT_URL = "https://www.bbc.co.uk/weather"
MODELS = {"supportservice": "support service", "safetysettings": "safety settings"}
EXTRA_ACTIONS = ["lock", "unlock", "publish"]  # Wagtail's, for DraftStateMixin and LockableMixin
GRANTS = {
    "Editors": ["add", "change", "lock"],
    "Reviewers": ["add", "change", "lock", "unlock", "publish"],
}


def ensure_permissions(apps):
    # Permissions are normally made after migrations (Wagtail's extra ones too).
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def content_type(apps, model):
    ContentType = apps.get_model("contenttypes.ContentType")
    return ContentType.objects.get_or_create(app_label="home", model=model)[0]


def grant_permissions(apps):
    ensure_permissions(apps)
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    for model, verbose_name in MODELS.items():
        ct = content_type(apps, model)
        for action in EXTRA_ACTIONS:
            Permission.objects.get_or_create(
                content_type=ct,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {verbose_name}"},
            )
        for group in Group.objects.filter(name__in=GRANTS):
            codenames = [f"{action}_{model}" for action in GRANTS[group.name]]
            group.permissions.add(
                *Permission.objects.filter(content_type=ct, codename__in=codenames)
            )


def assign_workflow(apps):
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowContentType = apps.get_model("wagtailcore.WorkflowContentType")
    on_home = WorkflowPage.objects.filter(page__depth=2).first()
    workflow = (
        on_home.workflow
        if on_home
        else Workflow.objects.filter(name="Content review").first()
    )
    if workflow is None:
        return
    for model in MODELS:
        WorkflowContentType.objects.get_or_create(
            content_type=content_type(apps, model), defaults={"workflow": workflow}
        )


def first_revision(apps, obj, object_str):
    Revision = apps.get_model("wagtailcore.Revision")
    ct = content_type(apps, obj._meta.model_name)
    revision = Revision.objects.create(
        content_type=ct,
        base_content_type=ct,
        object_id=str(obj.pk),
        content=get_serializable_data_for_fields(obj),
        object_str=object_str,
        created_at=timezone.now(),
    )
    type(obj).objects.filter(pk=obj.pk).update(
        latest_revision=revision,
        live_revision=revision,
        last_published_at=revision.created_at,
    )


def carry_over(apps, schema_editor):
    grant_permissions(apps)
    assign_workflow(apps)
    Site = apps.get_model("wagtailcore.Site")
    SiteSettings = apps.get_model("home.SiteSettings")
    SafetySettings = apps.get_model("home.SafetySettings")
    SupportService = apps.get_model("home.SupportService")
    for site in Site.objects.all():
        old = SiteSettings.objects.filter(site=site).first()
        settings, created = SafetySettings.objects.get_or_create(
            site=site,
            defaults={
                "quick_exit_url": old.quick_exit_url if old else DEFAULT_QUICK_EXIT_URL,
                "discreet_titles": old.discreet_titles if old else False,
                "discreet_title": old.discreet_title if old else "Notes",
                "live": True,
            },
        )
        if created:
            first_revision(
                apps, settings, f"Safety settings for {site.site_name or site.hostname}"
            )
    for line in SupportService.objects.filter(latest_revision__isnull=True):
        first_revision(apps, line, f"{line.name} ({line.region})")


def carry_back(apps, schema_editor):
    SiteSettings = apps.get_model("home.SiteSettings")
    for settings in apps.get_model("home.SafetySettings").objects.filter(live=True):
        SiteSettings.objects.update_or_create(
            site=settings.site,
            defaults={
                "quick_exit_url": settings.quick_exit_url,
                "discreet_titles": settings.discreet_titles,
                "discreet_title": settings.discreet_title,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_reviewed_help_lines_and_safety_settings"),
        ("home", "0003_editorial_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(carry_over, carry_back)]

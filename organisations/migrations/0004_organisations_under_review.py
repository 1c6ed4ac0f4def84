"""Organisations go through the same review as lessons and help lines.

- Every existing organisation stays live, from a first revision of what is live
  now, so a reviewer can compare the first change with it.
- Editors may add, change and lock organisations; Reviewers may also unlock and
  publish. Each organisation's own staff group may change and lock (the admin keeps
  them to their own organisation) and submit for review, never publish. Only an
  administrator deletes an organisation (its enrolments go with it).
- Organisations use the workflow lessons use (the home page's "Content review"),
  assigned to their content type as Wagtail does for snippets (WorkflowContentType).
- What Wagtail's audit log holds about organisations moves to their own log.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils import timezone

from modelcluster.models import get_serializable_data_for_fields

EXTRA_ACTIONS = ["lock", "unlock", "publish"]  # Wagtail's, for DraftStateMixin and LockableMixin
GRANTS = {
    "Editors": ["add", "change", "lock"],
    "Reviewers": ["add", "change", "lock", "unlock", "publish"],
}
STAFF = ["change", "lock"]  # organisations.models.STAFF_PERMISSIONS, as of now
LOG_FIELDS = [
    "label",
    "action",
    "data",
    "timestamp",
    "uuid",
    "user_id",
    "revision_id",
    "content_changed",
    "deleted",
    "object_id",
]


def ensure_permissions(apps):
    # Permissions are normally made after migrations (Wagtail's extra ones too).
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def content_type(apps):
    ContentType = apps.get_model("contenttypes.ContentType")
    return ContentType.objects.get_or_create(
        app_label="organisations", model="organisation"
    )[0]


def grant_permissions(apps):
    ensure_permissions(apps)
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    Organisation = apps.get_model("organisations.Organisation")
    ct = content_type(apps)
    for action in EXTRA_ACTIONS:
        Permission.objects.get_or_create(
            content_type=ct,
            codename=f"{action}_organisation",
            defaults={"name": f"Can {action} organisation"},
        )

    def grant(group, actions):
        codenames = [f"{action}_organisation" for action in actions]
        group.permissions.add(
            *Permission.objects.filter(content_type=ct, codename__in=codenames)
        )

    for group in Group.objects.filter(name__in=GRANTS):
        grant(group, GRANTS[group.name])
    for group in Group.objects.filter(
        pk__in=Organisation.objects.values("staff_group")
    ):
        grant(group, STAFF)


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
    if workflow is not None:
        WorkflowContentType.objects.get_or_create(
            content_type=content_type(apps), defaults={"workflow": workflow}
        )


def first_revision(apps, organisation):
    Revision = apps.get_model("wagtailcore.Revision")
    ct = content_type(apps)
    content = get_serializable_data_for_fields(organisation)
    # As modelcluster serialises a parental many-to-many: the chosen rows' keys.
    content["help_lines"] = list(
        organisation.help_lines.order_by("pk").values_list("pk", flat=True)
    )
    now = timezone.now()
    revision = Revision.objects.create(
        content_type=ct,
        base_content_type=ct,
        object_id=str(organisation.pk),
        content=content,
        object_str=organisation.name,
        created_at=now,
    )
    type(organisation).objects.filter(pk=organisation.pk).update(
        live=True,
        latest_revision=revision,
        live_revision=revision,
        first_published_at=now,
        last_published_at=now,
    )


def move_log(apps, source, target, ct):
    entries = source.objects.filter(content_type=ct)
    target.objects.bulk_create(
        target(content_type=ct, **{name: getattr(entry, name) for name in LOG_FIELDS})
        for entry in entries
    )
    entries.delete()


def under_review(apps, schema_editor):
    grant_permissions(apps)
    assign_workflow(apps)
    Organisation = apps.get_model("organisations.Organisation")
    for organisation in Organisation.objects.filter(latest_revision__isnull=True):
        first_revision(apps, organisation)
    move_log(
        apps,
        apps.get_model("wagtailcore.ModelLogEntry"),
        apps.get_model("organisations.OrganisationLogEntry"),
        content_type(apps),
    )


def back(apps, schema_editor):
    # 0003 reversed drops the organisations' own log: put it back in Wagtail's.
    ct = content_type(apps)
    move_log(
        apps,
        apps.get_model("organisations.OrganisationLogEntry"),
        apps.get_model("wagtailcore.ModelLogEntry"),
        ct,
    )
    apps.get_model("wagtailcore.WorkflowContentType").objects.filter(
        content_type=ct
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0003_reviewed_organisations"),
        ("home", "0006_safety_under_review"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(under_review, back)]

"""Editors draft and submit; Reviewers (often clinicians) approve and publish.

Creates the two groups with their page, snippet, image and document permissions,
and a "Content review" workflow on the whole site, so nothing an editor writes goes
live without a reviewer's approval. Wagtail's own starter roles (a "Moderators" group
that may publish anything, and its "Moderators approval" workflow) are replaced, so
there is one clear way for content to go live.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PAGE = ["add", "change", "lock"]
REVIEWER_PAGE = ["add", "change", "lock", "unlock", "publish"]
EDITOR_SNIPPET = ["add_supportservice", "change_supportservice"]
REVIEWER_SNIPPET = [*EDITOR_SNIPPET, "delete_supportservice"]
MEDIA = {"wagtailimages": ["add_image", "change_image", "choose_image"], "wagtaildocs": ["add_document", "change_document", "choose_document"]}


def ensure_permissions(apps):
    # Permissions are normally made after migrations; these need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    home = Page.objects.get(depth=2, content_type__app_label="home")
    root_collection = Collection.objects.get(depth=1)
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")

    Group.objects.filter(name="Moderators").delete()
    apps.get_model("wagtailcore.Workflow").objects.filter(name="Moderators approval").delete()
    apps.get_model("wagtailcore.Task").objects.filter(name="Moderators approval").delete()

    def make_group(name, page_perms, snippet_perms):
        group, _ = Group.objects.get_or_create(name=name)
        # Start from nothing: Wagtail's starter Editors group has rights on the root.
        group.permissions.clear()
        group.page_permissions.all().delete()
        group.collection_permissions.all().delete()
        group.permissions.add(admin_access)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="home", codename__in=snippet_perms))
        for kind in page_perms:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{kind}_page")
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
        for app_label, codenames in MEDIA.items():
            for permission in Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames):
                GroupCollectionPermission.objects.get_or_create(group=group, collection=root_collection, permission=permission)
        return group

    make_group("Editors", EDITOR_PAGE, EDITOR_SNIPPET)
    reviewers = make_group("Reviewers", REVIEWER_PAGE, REVIEWER_SNIPPET)

    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.create(name="Review by a reviewer", content_type=task_type, active=True)
    task.groups.set([reviewers])
    workflow = Workflow.objects.create(name="Content review", active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})


def remove_roles(apps, schema_editor):
    apps.get_model("wagtailcore.Workflow").objects.filter(name="Content review").delete()
    apps.get_model("wagtailcore.Task").objects.filter(name="Review by a reviewer").delete()
    apps.get_model("auth.Group").objects.filter(name__in=["Editors", "Reviewers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_homepage"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

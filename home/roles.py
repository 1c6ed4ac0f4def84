"""Editors and reviewers work on every language alike.

The roles (Editors draft, Reviewers approve and publish, home/migrations/0003) and the
Content review workflow are set on the front door, and so reach every page below it.
Each other language's pages sit below that language's front door (a translation of
the first), so each new front door is given the same permissions and workflow as the
one it translates: otherwise its pages would have no editors, and no review.
"""

from wagtail.models import GroupPagePermission, WorkflowPage


def share_roles(home):
    """Give a translated front door its source's page permissions and workflow."""
    sources = home.get_translations().exclude(pk=home.pk)
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


def on_new_front_door(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        share_roles(instance)

"""Editors draft and submit; only reviewers approve and publish (Wagtail's workflow)."""

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, WorkflowState

import pytest

from lessons.models import LessonPage
from tests.factories import multiple_choice, single_choice
from tests.form_data import lesson_form, option
from tests.helpers import lessons_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(course):
    return lessons_of(course)[0]


def edit(client, lesson, title, action):
    url = reverse("wagtailadmin_pages:edit", args=(lesson.pk,))
    data = lesson_form(title, [option("A", True), option("B", False)]) | {
        "slug": lesson.slug,
        action: action,
    }
    return client.post(url, data)


def live_title(lesson):
    return Page.objects.get(pk=lesson.pk).title


def test_editor_can_draft_but_not_publish(editor, lesson):
    user, client = editor
    assert lesson.permissions_for_user(user).can_edit()
    assert not lesson.permissions_for_user(user).can_publish()
    edit(client, lesson, "Edited by an editor", "action-publish")
    assert live_title(lesson) == lesson.title
    assert (
        LessonPage.objects.get(pk=lesson.pk).get_latest_revision().content["title"]
        == "Edited by an editor"
    )


def test_submitted_change_goes_live_only_when_a_reviewer_approves(
    editor, reviewer, lesson
):
    _user, editor_client = editor
    reviewer_user, reviewer_client = reviewer
    edit(editor_client, lesson, "Reviewed lesson", "action-submit")
    state = WorkflowState.objects.get(
        base_content_type__model="page", object_id=str(lesson.pk)
    )
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Content review"
    assert live_title(lesson) == lesson.title
    task_state = state.current_task_state
    task = task_state.task.specific
    # Only a reviewer is offered the review actions.
    assert task.get_actions(lesson, editor[0]) == []
    assert "approve" in [name for name, *_ in task.get_actions(lesson, reviewer_user)]
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=(lesson.pk, "approve", task_state.pk)
    )
    # An editor cannot approve their own change.
    editor_client.post(url, {"comment": ""})
    assert live_title(lesson) == lesson.title
    reviewer_client.post(url, {"comment": "Checked with the clinical team."})
    assert live_title(lesson) == "Reviewed lesson"
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_reviewer_can_publish_directly(reviewer, lesson):
    user, client = reviewer
    assert lesson.permissions_for_user(user).can_publish()
    edit(client, lesson, "Published by a reviewer", "action-publish")
    assert live_title(lesson) == "Published by a reviewer"


def test_scheduled_publishing_publishes_when_due(lesson):
    page = LessonPage.objects.get(pk=lesson.pk)
    page.title = "Goes live later"
    revision = page.save_revision(
        approved_go_live_at=timezone.now() - timezone.timedelta(minutes=1)
    )
    assert live_title(lesson) == lesson.title
    call_command("publish_scheduled")
    assert live_title(lesson) == "Goes live later"
    assert revision.pk == LessonPage.objects.get(pk=lesson.pk).live_revision_id


def test_rolling_back_restores_the_quiz_with_its_ids(admin_client, lesson):
    page = LessonPage.objects.get(pk=lesson.pk)
    page.quiz = [single_choice("Original question?")]
    first = page.save_revision()
    first.publish()
    original_ids = [q.id for q in LessonPage.objects.get(pk=lesson.pk).questions]
    page = LessonPage.objects.get(pk=lesson.pk)
    page.quiz = [multiple_choice("A different question?")]
    second = page.save_revision()
    second.publish()
    compare = reverse(
        "wagtailadmin_pages:revisions_compare", args=(lesson.pk, first.pk, second.pk)
    )
    assert admin_client.get(compare).status_code == 200
    # Rolling back is publishing the old revision again.
    first.as_object().save_revision().publish()
    restored = LessonPage.objects.get(pk=lesson.pk)
    assert [q.prompt for q in restored.questions] == ["Original question?"]
    assert [q.id for q in restored.questions] == original_ids


def test_editors_and_reviewers_manage_help_lines_but_only_reviewers_delete(
    editor, reviewer
):
    editor_user, _ = editor
    reviewer_user, _ = reviewer
    assert editor_user.has_perm("home.change_supportservice")
    assert not editor_user.has_perm("home.delete_supportservice")
    assert reviewer_user.has_perm("home.delete_supportservice")


def test_wagtails_starter_moderators_are_replaced():
    assert not Group.objects.filter(name="Moderators").exists()

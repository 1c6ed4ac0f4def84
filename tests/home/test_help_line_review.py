"""Help lines go through the same review as lessons, in the real Wagtail admin: an
Editor's change reaches no learner until a Reviewer publishes it, Editors cannot
publish, a locked line is nobody else's to edit, and every step leaves a revision
and an entry in the audit log."""

import io
import shutil

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from wagtail.models import ModelLogEntry, WorkflowState

import pytest

from content.loader import SHIPPED
from home.models import SupportService
from tests.helpers import make_org, start_embed

pytestmark = pytest.mark.django_db

FIELDS = ["name", "description", "phone", "text_number", "url", "hours", "region"]
CHECKBOXES = ["is_emergency", "in_main_list"]


@pytest.fixture
def emergency_line(tmp_path):
    """The shipped emergency line, as `load_course` creates it."""
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(SHIPPED / "support_services.toml", content)
    call_command("load_course", "--content", str(content), stdout=io.StringIO())
    return SupportService.objects.get(is_emergency=True, phone="999")


@pytest.fixture
def harbour():
    return make_org(slug="harbour")


def form_data(line, **changes):
    """The help line's edit form as the admin sends it, with some fields changed."""
    values = {name: getattr(line, name) for name in [*FIELDS, *CHECKBOXES]}
    values["last_verified"] = line.last_verified or ""
    values.update(changes)
    return {
        name: ("on" if value is True else value)
        for name, value in values.items()
        if value is not False
    }


def edit(client, line, action=None, **changes):
    """Save the edit form: a draft, or with `action` ("submit", "publish")."""
    data = form_data(line, **changes)
    if action:
        data[f"action-{action}"] = action
    url = reverse("wagtailsnippets_home_supportservice:edit", args=(line.pk,))
    return client.post(url, data)


def learner_pages(course, organisation):
    """Everything learners read help lines on: a course page (its footer), the
    get-help page, and both inside an organisation's embed."""
    prefix = start_embed(organisation, course)
    learner = Client()
    return [
        learner.get(url).content.decode()
        for url in (
            course.url,
            "/get-help/",
            prefix + course.url,
            prefix + "/get-help/",
        )
    ]


def approve(client, line):
    task_state = line.current_workflow_task_state
    url = reverse(
        "wagtailsnippets_home_supportservice:workflow_action",
        args=(line.pk, "approve", task_state.pk),
    )
    return client.post(url, {"comment": "Checked with the service."})


def test_an_editors_new_emergency_number_reaches_no_learner_until_a_reviewer_publishes(
    editor, reviewer, emergency_line, harbour, course
):
    _user, editor_client = editor
    response = edit(editor_client, emergency_line, "submit", phone="0999 111")
    assert response.status_code == 302
    for html in learner_pages(course, harbour):
        assert "999</a>" in html  # every page shows the emergency number
        assert "0999 111" not in html
    line = SupportService.objects.get(pk=emergency_line.pk)
    assert line.phone == "999"
    assert line.has_unpublished_changes
    assert line.get_latest_revision_as_object().phone == "0999 111"
    state = WorkflowState.objects.get(
        base_content_type__model="supportservice", object_id=str(line.pk)
    )
    assert state.workflow.name == "Content review"  # the lessons' workflow
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    # An editor cannot approve, not even their own change.
    approve(editor_client, line)
    assert SupportService.objects.get(pk=line.pk).phone == "999"

    _reviewer, reviewer_client = reviewer
    assert approve(reviewer_client, line).status_code == 302
    for html in learner_pages(course, harbour):
        assert "0999 111</a>" in html
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_an_editor_cannot_publish_a_help_line(editor, emergency_line, harbour, course):
    user, client = editor
    assert not user.has_perm("home.publish_supportservice")
    edit(client, emergency_line, "publish", phone="0999 222")
    assert SupportService.objects.get(pk=emergency_line.pk).phone == "999"
    # A new line an editor adds is a draft: on no page, not even the embed of an
    # organisation that offers it, until a reviewer publishes it.
    client.post(
        reverse("wagtailsnippets_home_supportservice:add"),
        form_data(
            SupportService(name="New line", description="Someone.", region="Wales"),
            phone="0800 123",
            **{"action-publish": "publish"},
        ),
    )
    new = SupportService.objects.get(name="New line")
    assert not new.live
    harbour.help_lines.add(new)
    harbour.save()  # parental relations are saved with their parent
    for html in learner_pages(course, harbour):
        assert "New line" not in html
    assert new not in SupportService.objects.main_list()
    assert new not in SupportService.objects.more_lines()


def test_a_reviewer_publishes_a_help_line_directly(
    reviewer, emergency_line, harbour, course
):
    user, client = reviewer
    assert user.has_perm("home.publish_supportservice")
    edit(client, emergency_line, "publish", phone="0999 333")
    for html in learner_pages(course, harbour):
        assert "0999 333</a>" in html


def test_a_locked_help_line_cannot_be_edited_by_another_editor(
    editor, other_editor, emergency_line, course
):
    user, client = editor
    lock = reverse(
        "wagtailsnippets_home_supportservice:lock", args=(emergency_line.pk,)
    )
    assert client.post(lock).status_code == 302
    line = SupportService.objects.get(pk=emergency_line.pk)
    assert line.locked
    assert line.locked_by == user
    assert ModelLogEntry.objects.for_instance(line).filter(
        action="wagtail.lock", user=user
    )
    revisions = line.revisions.count()

    _other, other_client = other_editor
    response = edit(other_client, line, "submit", phone="0999 444")
    assert response.status_code == 200
    assert "could not be saved as it is locked" in response.content.decode()
    # Nor may they unlock it (only the editor who locked it, or a reviewer).
    unlock = reverse(
        "wagtailsnippets_home_supportservice:unlock", args=(emergency_line.pk,)
    )
    other_client.post(unlock)
    line = SupportService.objects.get(pk=emergency_line.pk)
    assert line.locked
    assert line.revisions.count() == revisions
    assert line.get_latest_revision_as_object().phone == "999"
    assert not line.workflow_in_progress

    # The editor who locked it can still work on it.
    assert edit(client, line, phone="0999 555").status_code == 302
    line = SupportService.objects.get(pk=emergency_line.pk)
    assert line.get_latest_revision_as_object().phone == "0999 555"
    assert line.phone == "999"  # a draft, still


def test_every_step_leaves_a_revision_and_an_entry_in_the_audit_log(
    editor, reviewer, emergency_line
):
    editor_user, editor_client = editor
    reviewer_user, reviewer_client = reviewer
    # load_course made a first revision and published it.
    first = emergency_line.revisions.get()
    assert emergency_line.live_revision == first
    edit(editor_client, emergency_line, "submit", phone="0999 666")
    line = SupportService.objects.get(pk=emergency_line.pk)
    approve(reviewer_client, line)

    line = SupportService.objects.get(pk=emergency_line.pk)
    latest = line.revisions.order_by("-created_at", "-pk").first()
    assert line.revisions.count() == 2
    assert latest.user == editor_user
    assert latest.content["phone"] == "0999 666"
    assert line.live_revision == latest

    entries = ModelLogEntry.objects.for_instance(line).order_by("timestamp", "pk")
    actions = [(entry.action, entry.user) for entry in entries]
    assert ("wagtail.create", None) in actions
    assert ("wagtail.publish", None) in actions  # load_course's
    assert ("wagtail.edit", editor_user) in actions
    assert ("wagtail.workflow.start", editor_user) in actions
    assert ("wagtail.workflow.approve", reviewer_user) in actions
    assert ("wagtail.publish", reviewer_user) in actions

    # Reviewers see all of it in the admin, and compare the versions.
    history = reverse("wagtailsnippets_home_supportservice:history", args=(line.pk,))
    assert "edna" in reviewer_client.get(history).content.decode()
    compare = reverse(
        "wagtailsnippets_home_supportservice:revisions_compare",
        args=(line.pk, first.pk, latest.pk),
    )
    html = reviewer_client.get(compare).content.decode()
    assert "0999 666" in html


def test_a_reviewer_previews_the_change_among_the_live_lines(
    editor, reviewer, emergency_line
):
    _user, editor_client = editor
    edit(editor_client, emergency_line, "submit", phone="0999 777")
    line = SupportService.objects.get(pk=emergency_line.pk)
    task = line.current_workflow_task
    _reviewer, reviewer_client = reviewer
    preview = reverse(
        "wagtailsnippets_home_supportservice:workflow_preview", args=(line.pk, task.pk)
    )
    html = reviewer_client.get(preview).content.decode()
    assert "Call 0999 777<" in html
    assert "Call 999<" not in html
    # Among the other live lines, in the order learners will see; an emergency
    # number is at the top of the page and in the footer too.
    assert html.count("Call 116 123<") == 1
    assert html.count("0999 777</a>") == 3
    assert html.index("Call 0999 777<") < html.index("Call 112<")
    assert "Call 999<" in Client().get("/get-help/").content.decode()


def test_load_course_publishes_each_help_line_with_a_first_revision(emergency_line):
    lines = SupportService.objects.all()
    assert len(lines) > 10
    for line in lines:
        assert line.live
        assert not line.has_unpublished_changes
        assert list(line.revisions.all()) == [line.live_revision]
        assert ModelLogEntry.objects.for_instance(line).filter(action="wagtail.publish")


def test_only_a_reviewer_reorders_the_live_list(editor, reviewer, emergency_line):
    last = SupportService.objects.order_by("sort_order").last()
    url = reverse("wagtailsnippets_home_supportservice:reorder", args=(last.pk,))
    _user, editor_client = editor
    refused = editor_client.post(url + "?position=0")
    assert refused.status_code == 302  # Wagtail's "permission denied", to the dashboard
    assert SupportService.objects.order_by("sort_order").first() != last
    _reviewer, reviewer_client = reviewer
    assert reviewer_client.post(url + "?position=0").status_code == 200
    assert SupportService.objects.order_by("sort_order").first() == last

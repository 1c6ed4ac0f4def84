"""The site's safety settings (the quick exit's destination, discreet titles) go
through the same review as lessons and help lines, in the real Wagtail admin: an
Editor's change reaches no learner until a Reviewer publishes it, Editors cannot
publish, a locked one is nobody else's to edit, and every step leaves a revision and
an entry in the audit log."""

import re

from django.test import Client
from django.urls import reverse

from wagtail.models import ModelLogEntry, Site, WorkflowState

import pytest
from pytest_django.asserts import assertInHTML

from home.models import DEFAULT_QUICK_EXIT_URL, SafetySettings
from tests.helpers import make_org, quick_exit_link, start_embed

pytestmark = pytest.mark.django_db

NEW_EXIT = "https://example.org/recipes"
TITLE = re.compile(r"<title>(.*?)</title>", re.S)


@pytest.fixture
def safety_settings():
    """The default site's, made by the migration from its old site settings."""
    return SafetySettings.objects.get(site=Site.objects.get(is_default_site=True))


def edit(client, settings, action=None, **changes):
    """Save the edit form: a draft, or with `action` ("submit", "publish")."""
    values = {
        "site": settings.site_id,
        "quick_exit_url": settings.quick_exit_url,
        "discreet_titles": settings.discreet_titles,
        "discreet_title": settings.discreet_title,
        **changes,
    }
    data = {k: ("on" if v is True else v) for k, v in values.items() if v is not False}
    if action:
        data[f"action-{action}"] = action
    url = reverse("wagtailsnippets_home_safetysettings:edit", args=(settings.pk,))
    return client.post(url, data)


@pytest.fixture
def learner_pages(course):
    """A course page and the get-help page, also inside an organisation's embed
    (which uses the site's quick exit when it has none of its own), as learners
    get them now."""
    prefix = start_embed(make_org(slug="harbour"), course)

    def pages():
        learner = Client()
        return {
            url: learner.get(url).content.decode()
            for url in (course.url, "/get-help/", prefix + course.url)
        }

    return pages


def assert_quick_exit_goes_to(url, pages):
    for address, html in pages.items():
        assertInHTML(quick_exit_link(url, embedded="/embed/" in address), html)


def approve(client, settings):
    task_state = settings.current_workflow_task_state
    url = reverse(
        "wagtailsnippets_home_safetysettings:workflow_action",
        args=(settings.pk, "approve", task_state.pk),
    )
    return client.post(url, {"comment": "Neutral enough."})


def test_an_editors_new_quick_exit_reaches_no_learner_until_a_reviewer_publishes(
    editor, reviewer, safety_settings, learner_pages
):
    _user, editor_client = editor
    response = edit(editor_client, safety_settings, "submit", quick_exit_url=NEW_EXIT)
    assert response.status_code == 302
    assert_quick_exit_goes_to(DEFAULT_QUICK_EXIT_URL, learner_pages())
    settings = SafetySettings.objects.get(pk=safety_settings.pk)
    assert settings.quick_exit_url == DEFAULT_QUICK_EXIT_URL
    assert settings.get_latest_revision_as_object().quick_exit_url == NEW_EXIT
    state = WorkflowState.objects.get(
        base_content_type__model="safetysettings", object_id=str(settings.pk)
    )
    assert state.workflow.name == "Content review"  # the lessons' workflow

    approve(editor_client, settings)  # an editor cannot approve
    assert_quick_exit_goes_to(DEFAULT_QUICK_EXIT_URL, learner_pages())

    _reviewer, reviewer_client = reviewer
    assert approve(reviewer_client, settings).status_code == 302
    assert_quick_exit_goes_to(NEW_EXIT, learner_pages())


def test_an_editor_cannot_publish_the_quick_exit_or_discreet_titles(
    editor, reviewer, safety_settings, learner_pages
):
    user, client = editor
    assert not user.has_perm("home.publish_safetysettings")
    edit(client, safety_settings, "publish", quick_exit_url=NEW_EXIT)
    edit(client, safety_settings, "publish", discreet_titles=False)
    assert_quick_exit_goes_to(DEFAULT_QUICK_EXIT_URL, learner_pages())
    for html in learner_pages().values():
        assert TITLE.search(html).group(1).strip() == "Notes"  # on by default

    _reviewer, reviewer_client = reviewer
    edit(reviewer_client, safety_settings, "publish", discreet_titles=False)
    for html in learner_pages().values():
        assert TITLE.search(html).group(1).strip() != "Notes"  # pages' own titles


def test_locked_safety_settings_cannot_be_edited_by_another_editor(
    editor, other_editor, safety_settings
):
    user, client = editor
    lock = reverse(
        "wagtailsnippets_home_safetysettings:lock", args=(safety_settings.pk,)
    )
    assert client.post(lock).status_code == 302
    settings = SafetySettings.objects.get(pk=safety_settings.pk)
    assert settings.locked_by == user
    revisions = settings.revisions.count()

    _other, other_client = other_editor
    response = edit(other_client, settings, "submit", quick_exit_url=NEW_EXIT)
    assert "could not be saved as it is locked" in response.content.decode()
    unlock = reverse(
        "wagtailsnippets_home_safetysettings:unlock", args=(safety_settings.pk,)
    )
    other_client.post(unlock)
    settings = SafetySettings.objects.get(pk=safety_settings.pk)
    assert settings.locked
    assert settings.revisions.count() == revisions
    assert settings.get_latest_revision_as_object().quick_exit_url != NEW_EXIT


def test_every_step_leaves_a_revision_and_an_entry_in_the_audit_log(
    editor, reviewer, safety_settings
):
    editor_user, editor_client = editor
    reviewer_user, reviewer_client = reviewer
    first = safety_settings.live_revision  # the migration's, of what it carried over
    assert first is not None
    edit(editor_client, safety_settings, "submit", quick_exit_url=NEW_EXIT)
    approve(reviewer_client, SafetySettings.objects.get(pk=safety_settings.pk))

    settings = SafetySettings.objects.get(pk=safety_settings.pk)
    latest = settings.live_revision
    assert latest != first
    assert latest.user == editor_user
    assert latest.content["quick_exit_url"] == NEW_EXIT
    actions = [
        (entry.action, entry.user)
        for entry in ModelLogEntry.objects.for_instance(settings)
    ]
    assert ("wagtail.edit", editor_user) in actions
    assert ("wagtail.workflow.start", editor_user) in actions
    assert ("wagtail.workflow.approve", reviewer_user) in actions
    assert ("wagtail.publish", reviewer_user) in actions
    compare = reverse(
        "wagtailsnippets_home_safetysettings:revisions_compare",
        args=(settings.pk, first.pk, latest.pk),
    )
    # Wagtail shows the change word by word: the host and path are what changed.
    assert "example.org/recipes" in reviewer_client.get(compare).content.decode()


def test_a_site_without_published_safety_settings_gets_the_safe_defaults(
    client, safety_settings, learner_pages
):
    # A draft (never published) counts for nothing.
    SafetySettings.objects.filter(pk=safety_settings.pk).update(
        live=False, quick_exit_url=NEW_EXIT, discreet_titles=False
    )
    assert_quick_exit_goes_to(DEFAULT_QUICK_EXIT_URL, learner_pages())
    safety_settings.delete()
    assert_quick_exit_goes_to(DEFAULT_QUICK_EXIT_URL, learner_pages())
    for html in learner_pages().values():
        assert TITLE.search(html).group(1).strip() == "Notes"


def test_a_reviewer_previews_the_new_quick_exit_and_tab_title(
    editor, reviewer, safety_settings, learner_pages
):
    _user, editor_client = editor
    edit(
        editor_client,
        safety_settings,
        "submit",
        quick_exit_url=NEW_EXIT,
        discreet_titles=True,
        discreet_title="Recipes",
    )
    settings = SafetySettings.objects.get(pk=safety_settings.pk)
    task = settings.current_workflow_task
    _reviewer, reviewer_client = reviewer
    preview = reverse(
        "wagtailsnippets_home_safetysettings:workflow_preview",
        args=(settings.pk, task.pk),
    )
    html = reviewer_client.get(preview).content.decode()
    assertInHTML(quick_exit_link(NEW_EXIT), html)
    assert TITLE.search(html).group(1).strip() == "Recipes"
    assert_quick_exit_goes_to(DEFAULT_QUICK_EXIT_URL, learner_pages())

"""An organisation's own safety content (its quick exit, the help lines it offers and
whether only those are shown), its branding and its origins go through the same
review as lessons, in the real Wagtail admin: its staff's change reaches no learner
in its embed until a Reviewer publishes it, staff cannot publish, a locked
organisation is nobody else's to edit, every step leaves a revision and an entry in
the audit log, and another organisation's staff see and touch none of it."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import NoReverseMatch, reverse

from wagtail.log_actions import registry as log_registry
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import rich_text

import pytest
from pytest_django.asserts import assertInHTML

from home.models import DEFAULT_QUICK_EXIT_URL
from learners.models import new_address_key
from organisations.models import Organisation
from tests.factories import SupportServiceFactory
from tests.helpers import client_for, make_org, make_user, quick_exit_link, start_embed

# home_page: a module run after a transactional one on the same worker finds the
# migrations' data (groups, permissions, the workflow) put back.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_page")]

NEW_EXIT = "https://example.org/recipes"
ADMIN = "wagtailsnippets_organisations_organisation"
FOOTER = '<footer class="site-footer">'


def staff_of(organisation, username):
    user = make_user(username)
    user.groups.add(organisation.staff_group)
    return user


@pytest.fixture
def lines():
    return {
        "national": SupportServiceFactory(name="National line", phone="0800 100"),
        "harbour": SupportServiceFactory(
            name="Harbour line", phone="0800 200", in_main_list=False
        ),
        "night": SupportServiceFactory(
            name="Harbour night line", phone="0800 300", in_main_list=False
        ),
        "lighthouse": SupportServiceFactory(
            name="Lighthouse line", phone="0800 400", in_main_list=False
        ),
    }


@pytest.fixture
def harbour(lines):
    organisation = make_org("harbour")
    organisation.help_lines.add(lines["harbour"])
    organisation.save()
    return organisation


@pytest.fixture
def lighthouse(lines):
    organisation = make_org("lighthouse", origins="https://lighthouse.example")
    organisation.help_lines.add(lines["lighthouse"])
    organisation.save()
    return organisation


@pytest.fixture
def hana(harbour):
    user = staff_of(harbour, "hana")
    return user, client_for(user)


def form_data(organisation, **changes):
    """The organisation's edit form as the admin sends it, with some fields changed."""
    values = {
        "name": organisation.name,
        "slug": organisation.slug,
        "allowed_origins": organisation.allowed_origins,
        "logo": "",
        "accent_colour": organisation.accent_colour,
        "welcome": organisation.welcome,
        "help_lines": [line.pk for line in organisation.help_lines.all()],
        "help_lines_replace_default": organisation.help_lines_replace_default,
        "quick_exit_url": organisation.quick_exit_url,
        **changes,
    }
    values["welcome"] = rich_text(values["welcome"])
    return {
        name: ("on" if value is True else value)
        for name, value in values.items()
        if value is not False
    }


def edit(client, organisation, action=None, **changes):
    """Save the edit form: a draft, or with `action` ("submit", "publish")."""
    data = form_data(organisation, **changes)
    if action:
        data[f"action-{action}"] = action
    return client.post(reverse(f"{ADMIN}:edit", args=(organisation.pk,)), data)


def approve(client, organisation):
    task_state = organisation.current_workflow_task_state
    url = reverse(
        f"{ADMIN}:workflow_action",
        args=(organisation.pk, "approve", task_state.pk),
    )
    return client.post(url, {"comment": "Checked with the organisation."})


def fresh(organisation):
    return Organisation.objects.get(pk=organisation.pk)


def embedded_pages(organisation, course):
    """What a learner in the organisation's embed reads now: the course page and the
    get-help page, each split into its page and its footer (the help lines)."""
    prefix = start_embed(organisation, course)
    learner = Client()
    pages = {}
    for url in (prefix + course.url, prefix + "/get-help/"):
        response = learner.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    return pages


def footers(pages):
    return [html.split(FOOTER, 1)[1] for html in pages.values()]


def assert_embed_shows(organisation, course, exit_url, shown, hidden):
    """Every page's footer shows the organisation's own lines that are live, and its
    get-help page those and the site's."""
    pages = embedded_pages(organisation, course)
    for html in pages.values():
        assertInHTML(quick_exit_link(exit_url, embedded=True), html)
    own = set(fresh(organisation).help_lines.filter(live=True))
    for footer in footers(pages):
        for line in shown:
            assert (f"Call {line.phone}<" in footer) == (line in own), line
        for line in hidden:
            assert f"Call {line.phone}<" not in footer
    get_help = next(html for url, html in pages.items() if url.endswith("/get-help/"))
    for line in shown:
        assert f"Call {line.phone}<" in get_help


def test_staffs_new_quick_exit_and_help_lines_reach_no_learner_until_a_reviewer_publishes(
    hana, reviewer, harbour, lines, course
):
    before = {"exit_url": DEFAULT_QUICK_EXIT_URL}
    assert_embed_shows(
        harbour,
        course,
        shown=[lines["harbour"], lines["national"]],
        hidden=[lines["night"]],
        **before,
    )
    user, client = hana
    response = edit(
        client,
        harbour,
        "submit",
        quick_exit_url=NEW_EXIT,
        help_lines=[lines["harbour"].pk, lines["night"].pk],
        help_lines_replace_default=True,
    )
    assert response.status_code == 302
    organisation = fresh(harbour)
    assert organisation.has_unpublished_changes
    assert organisation.quick_exit_url == ""
    draft = organisation.get_latest_revision_as_object()
    assert draft.quick_exit_url == NEW_EXIT
    assert set(draft.help_lines.all()) == {lines["harbour"], lines["night"]}
    state = WorkflowState.objects.get(
        base_content_type__model="organisation", object_id=str(organisation.pk)
    )
    assert state.workflow.name == "Content review"  # the lessons' workflow
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == user
    # Nothing changed for learners, and staff cannot approve their own change.
    approve(client, organisation)
    assert_embed_shows(
        harbour,
        course,
        shown=[lines["harbour"], lines["national"]],
        hidden=[lines["night"]],
        **before,
    )

    _reviewer, reviewer_client = reviewer
    assert approve(reviewer_client, fresh(harbour)).status_code == 302
    assert_embed_shows(
        harbour,
        course,
        NEW_EXIT,
        shown=[lines["harbour"], lines["night"]],
        hidden=[lines["national"]],  # only their own lines now
    )
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_staff_cannot_publish_their_organisation_safety_or_branding(
    hana, reviewer, harbour, lines, course
):
    user, client = hana
    assert not user.has_perm("organisations.publish_organisation")
    assert user.has_perm("organisations.change_organisation")
    for changes in (
        {"quick_exit_url": NEW_EXIT},
        {"help_lines": [lines["night"].pk], "help_lines_replace_default": True},
        {"accent_colour": "#5a2d82"},
    ):
        organisation = fresh(harbour)
        edit(client, organisation, "publish", **changes)
        draft = fresh(harbour).get_latest_revision_as_object()
        for name, value in changes.items():
            if name == "help_lines":
                assert [line.pk for line in draft.help_lines.all()] == value
            else:
                assert getattr(draft, name) == value  # kept, as a draft
    organisation = fresh(harbour)
    assert organisation.live_revision is None  # nothing of theirs was published
    assert organisation.accent_colour == "#1d5c63"
    assert_embed_shows(
        harbour,
        course,
        DEFAULT_QUICK_EXIT_URL,
        shown=[lines["harbour"], lines["national"]],
        hidden=[lines["night"]],
    )
    theme = Client().get(reverse("embed_theme", args=["harbour"])).content.decode()
    assert "#1d5c63" in theme
    edit_page = client.get(reverse(f"{ADMIN}:edit", args=(harbour.pk,)))
    html = edit_page.content.decode()
    assert "Submit to Content review" in html
    assert 'name="action-publish"' not in html

    # A reviewer may.
    _reviewer, reviewer_client = reviewer
    edit(reviewer_client, fresh(harbour), "publish", accent_colour="#5a2d82")
    theme = Client().get(reverse("embed_theme", args=["harbour"])).content.decode()
    assert "#5a2d82" in theme


def test_a_new_organisation_has_no_embed_until_a_reviewer_publishes_it(
    reviewer, course
):
    editor = client_for(make_user("edna", "Editors"))
    response = editor.post(
        reverse(f"{ADMIN}:add"),
        form_data(
            Organisation(
                name="Cove",
                slug="cove",
                allowed_origins="https://cove.example",
                accent_colour="#1d5c63",
            ),
            **{"action-submit": "submit"},
        ),
    )
    assert response.status_code == 302
    cove = Organisation.objects.get(slug="cove")
    assert not cove.live
    assert cove.staff_group.name == "Cove staff"
    key = new_address_key()
    for url in (
        f"/embed/cove/page/{course.pk}/",
        f"/embed/cove/{key}{course.url}",
        f"/embed/cove/{key}/get-help/",
        reverse("embed_theme", args=["cove"]),
    ):
        assert Client().get(url).status_code == 404, url
    # As for an organisation nobody ever made.
    assert Client().get(f"/embed/nobody/course/{course.pk}/").status_code == 404
    staff = client_for(staff_of(cove, "cora"))
    codes = staff.get(reverse("embed_code:index")).content.decode()
    assert "Not published yet" in codes
    assert "/embed/cove/page/" not in codes

    _reviewer, reviewer_client = reviewer
    assert approve(reviewer_client, cove).status_code == 302
    assert fresh(cove).live
    assert start_embed(cove, course).startswith("/embed/cove/")
    codes = staff.get(reverse("embed_code:index")).content.decode()
    assert f"/embed/cove/page/{course.pk}/" in codes


def test_the_embed_and_its_code_keep_the_published_address_until_a_change_is_published(
    hana, reviewer, harbour, course
):
    _user, client = hana
    edit(client, harbour, "submit", slug="safe-harbour", name="Safe Harbour")
    # The staff group follows the published name only.
    assert fresh(harbour).staff_group.name == "Harbour staff"
    codes = client.get(reverse("embed_code:index")).content.decode()
    assert f"/embed/harbour/page/{course.pk}/" in codes
    assert "safe-harbour" not in codes
    assert "Changes are waiting for review" in codes
    assert start_embed(harbour, course).startswith("/embed/harbour/")
    assert Client().get(f"/embed/safe-harbour/course/{course.pk}/").status_code == 404

    _reviewer, reviewer_client = reviewer
    approve(reviewer_client, fresh(harbour))
    codes = client.get(reverse("embed_code:index")).content.decode()
    assert f"/embed/safe-harbour/page/{course.pk}/" in codes
    assert start_embed(fresh(harbour), course).startswith("/embed/safe-harbour/")
    assert fresh(harbour).staff_group.name == "Safe Harbour staff"


def test_a_locked_organisation_cannot_be_edited_by_anyone_else(
    hana, reviewer, harbour, lighthouse
):
    user, client = hana
    assert client.post(reverse(f"{ADMIN}:lock", args=(harbour.pk,))).status_code == 302
    organisation = fresh(harbour)
    assert organisation.locked
    assert organisation.locked_by == user
    assert log_registry.get_logs_for_instance(organisation).filter(
        action="wagtail.lock", user=user
    )

    # Another of Harbour's staff, and an editor, cannot save it or unlock it.
    for other in (staff_of(harbour, "hugo"), make_user("edna", "Editors")):
        other_client = client_for(other)
        response = edit(other_client, organisation, "submit", quick_exit_url=NEW_EXIT)
        assert "could not be saved as it is locked" in response.content.decode()
        other_client.post(reverse(f"{ADMIN}:unlock", args=(harbour.pk,)))
        assert fresh(harbour).locked
    assert not fresh(harbour).revisions.exists()
    assert not fresh(harbour).workflow_in_progress

    # Lighthouse's staff can neither lock nor unlock Harbour, nor Harbour's staff
    # Lighthouse.
    lio = client_for(staff_of(lighthouse, "lio"))
    assert lio.post(reverse(f"{ADMIN}:unlock", args=(harbour.pk,))).status_code == 404
    assert fresh(harbour).locked_by == user
    assert lio.post(reverse(f"{ADMIN}:lock", args=(harbour.pk,))).status_code == 404
    assert (
        client.post(reverse(f"{ADMIN}:lock", args=(lighthouse.pk,))).status_code == 404
    )
    assert not fresh(lighthouse).locked

    # The one who locked it can still work on it; a reviewer may unlock it.
    assert edit(client, organisation, quick_exit_url=NEW_EXIT).status_code == 302
    assert fresh(harbour).get_latest_revision_as_object().quick_exit_url == NEW_EXIT
    _reviewer, reviewer_client = reviewer
    reviewer_client.post(reverse(f"{ADMIN}:unlock", args=(harbour.pk,)))
    assert not fresh(harbour).locked


def test_every_step_leaves_a_revision_and_an_entry_in_the_audit_log(
    hana, reviewer, harbour, lighthouse
):
    staff_user, client = hana
    reviewer_user, reviewer_client = reviewer
    edit(client, harbour, quick_exit_url="https://example.org/weather")
    first = fresh(harbour).latest_revision
    edit(client, fresh(harbour), "submit", quick_exit_url=NEW_EXIT)
    approve(reviewer_client, fresh(harbour))

    organisation = fresh(harbour)
    latest = organisation.live_revision
    assert organisation.revisions.count() == 2
    assert latest != first
    assert latest.user == staff_user
    assert latest.content["quick_exit_url"] == NEW_EXIT
    assert organisation.quick_exit_url == NEW_EXIT
    actions = [
        (entry.action, entry.user)
        for entry in log_registry.get_logs_for_instance(organisation)
    ]
    assert ("wagtail.edit", staff_user) in actions
    assert ("wagtail.workflow.start", staff_user) in actions
    assert ("wagtail.workflow.approve", reviewer_user) in actions
    assert ("wagtail.publish", reviewer_user) in actions

    # The reviewer, and the organisation's staff, see it all and compare versions.
    history = reverse(f"{ADMIN}:history", args=(organisation.pk,))
    compare = reverse(
        f"{ADMIN}:revisions_compare", args=(organisation.pk, first.pk, latest.pk)
    )
    for viewer in (reviewer_client, client):
        assert "hana" in viewer.get(history).content.decode()
        # Wagtail shows the change word by word: the path is what changed.
        assert "recipes" in viewer.get(compare).content.decode()
    # Wagtail's site history shows Harbour's staff what was done to Harbour, and
    # nothing of it to Lighthouse's.
    site_history = reverse("wagtailadmin_reports:site_history")
    assert "Harbour" in client.get(site_history).content.decode()
    lio = client_for(staff_of(lighthouse, "lio"))
    html = lio.get(site_history).content.decode()
    assert "Harbour" not in html
    assert "hana" not in html


def test_a_reviewer_previews_the_embed_with_the_change(hana, reviewer, harbour, lines):
    _user, client = hana
    edit(
        client,
        harbour,
        "submit",
        quick_exit_url=NEW_EXIT,
        help_lines=[lines["night"].pk],
        help_lines_replace_default=True,
        accent_colour="#5a2d82",
    )
    organisation = fresh(harbour)
    task = organisation.current_workflow_task
    _reviewer, reviewer_client = reviewer
    preview = reverse(f"{ADMIN}:workflow_preview", args=(organisation.pk, task.pk))
    html = reviewer_client.get(preview).content.decode()
    assertInHTML(quick_exit_link(NEW_EXIT, embedded=True), html)
    assert "Call 0800 300<" in html  # the night line
    assert "Call 0800 200<" not in html  # no longer theirs
    assert "Call 0800 100<" not in html  # only their own
    assert "#5a2d82" in html


def test_staff_preview_their_draft_in_the_embed(hana, harbour, lines):
    _user, client = hana
    preview = reverse(f"{ADMIN}:preview_on_edit", args=(harbour.pk,))
    data = form_data(harbour, quick_exit_url=NEW_EXIT, help_lines=[lines["night"].pk])
    assert client.post(preview, data).json()["is_valid"]
    html = client.get(preview).content.decode()
    assertInHTML(quick_exit_link(NEW_EXIT, embedded=True), html)
    assert "Call 0800 300<" in html  # the night line
    assert "Call 0800 200<" not in html
    assert fresh(harbour).latest_revision is None  # a preview saves nothing


def test_another_organisations_staff_cannot_see_or_edit_it(
    hana, harbour, lighthouse, lines, reviewer
):
    _user, client = hana
    # Harbour's own organisation, with the lines Harbour's staff may offer.
    listing = client.get(reverse(f"{ADMIN}:list")).content.decode()
    assert "Harbour" in listing
    assert "Lighthouse" not in listing
    form = client.get(reverse(f"{ADMIN}:edit", args=(harbour.pk,)))
    assert form.status_code == 200
    html = form.content.decode()
    for name in ("Harbour line", "Harbour night line", "National line"):
        assert name in html
    assert "Lighthouse" not in html
    # A line only Lighthouse offers cannot be slipped into Harbour's form.
    response = edit(client, harbour, help_lines=[lines["lighthouse"].pk])
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert fresh(harbour).latest_revision is None

    # Give Lighthouse a history: a draft, a workflow, a revision to view.
    _reviewer, reviewer_client = reviewer
    edit(reviewer_client, lighthouse, quick_exit_url=NEW_EXIT)
    lio = client_for(staff_of(lighthouse, "lio"))
    edit(lio, fresh(lighthouse), "submit", quick_exit_url=NEW_EXIT)
    lighthouse = fresh(lighthouse)
    revision = lighthouse.latest_revision
    state = lighthouse.current_workflow_state
    values = {
        "pk": lighthouse.pk,
        "revision_id": revision.pk,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "action_name": "approve",
        "task_state_id": state.current_task_state.pk,
        "workflow_state_id": state.pk,
        "task_id": state.current_task_state.task_id,
    }
    checked = 0
    for pattern in Organisation.snippet_viewset.get_urlpatterns():
        names = pattern.pattern.regex.groupindex
        if "pk" not in names:
            continue
        try:
            url = reverse(
                f"{ADMIN}:{pattern.name}", kwargs={k: values[k] for k in names}
            )
        except NoReverseMatch:
            continue
        for response in (client.get(url), client.post(url, {})):
            assert response.status_code == 404, (url, response.status_code)
            assert b"Lighthouse" not in response.content
        checked += 1
    assert checked >= 15
    lighthouse = fresh(lighthouse)
    assert not lighthouse.locked
    assert lighthouse.workflow_in_progress
    assert lighthouse.quick_exit_url == ""
    # Nor through Wagtail's bulk actions, which list what was asked for by name.
    bulk = f"/admin/bulk/organisations/organisation/delete/?id={lighthouse.pk}"
    assert client.get(bulk).status_code == 404
    assert (
        b"Lighthouse" not in client.get(bulk.replace(str(lighthouse.pk), "all")).content
    )
    assert Organisation.objects.filter(pk=lighthouse.pk).exists()


def test_the_migration_publishes_existing_organisations_with_a_first_revision(
    harbour, lines
):
    """organisations/0004 on an organisation made before it (no revision, live)."""
    migration = __import__(
        "organisations.migrations.0004_organisations_under_review",
        fromlist=["under_review"],
    )
    executor = MigrationExecutor(connection)
    state = executor.loader.project_state(executor.loader.graph.leaf_nodes())
    assert harbour.latest_revision is None
    staff = make_user("hana")
    staff.groups.add(harbour.staff_group)
    harbour.staff_group.permissions.clear()  # as before the migration
    migration.under_review(state.apps, None)

    organisation = fresh(harbour)
    assert organisation.live
    assert not organisation.has_unpublished_changes
    assert list(organisation.revisions.all()) == [organisation.live_revision]
    first = organisation.live_revision.as_object()
    assert list(first.help_lines.all()) == [lines["harbour"]]
    assert first.staff_group == harbour.staff_group
    staff = type(staff).objects.get(pk=staff.pk)  # permissions are cached
    assert staff.has_perm("organisations.change_organisation")
    assert staff.has_perm("organisations.lock_organisation")
    assert not staff.has_perm("organisations.publish_organisation")
    editor, reviewer = make_user("edna", "Editors"), make_user("rita", "Reviewers")
    assert not editor.has_perm("organisations.publish_organisation")
    assert reviewer.has_perm("organisations.publish_organisation")
    assert organisation.get_workflow().name == "Content review"

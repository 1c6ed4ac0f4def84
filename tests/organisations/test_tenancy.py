"""Tenancy: an organisation's staff see their own organisation, on every report and
admin view, through a group tied to the organisation itself (never to its name)."""

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest

from organisations.models import Organisation
from tests.factories import SupportServiceFactory
from tests.helpers import client_for, make_org, make_user, report_rows

# home_page: a module run after a transactional one on the same worker finds the
# migrations' data (the access_admin permission a staff group gets) put back.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_page")]


def named_org(name, slug):
    organisation = Organisation(
        name=name, slug=slug, allowed_origins=f"https://{slug}.example"
    )
    organisation.full_clean()
    organisation.save()
    return organisation


def staff_of(organisation, username):
    user = make_user(username)
    user.groups.add(organisation.staff_group)
    return user


def test_staff_see_only_help_lines_they_may_in_the_content_health_report():
    # Every line here is unverified, so each appears in the report for whoever may see it.
    SupportServiceFactory(name="National line")
    SupportServiceFactory(name="Regional line", in_main_list=False)
    harbour, lighthouse = make_org("harbour"), make_org("lighthouse")
    harbour.help_lines.add(
        SupportServiceFactory(name="Harbour line", in_main_list=False)
    )
    lighthouse.help_lines.add(
        SupportServiceFactory(name="Lighthouse line", in_main_list=False)
    )
    shared = SupportServiceFactory(name="Shared line", in_main_list=False)
    harbour.help_lines.add(shared)
    lighthouse.help_lines.add(shared)
    for organisation in (harbour, lighthouse):
        organisation.save()

    everyone = {
        "National line",
        "Regional line",
        "Harbour line",
        "Lighthouse line",
        "Shared line",
    }

    def help_lines(user):
        rows = report_rows(client_for(user), "content_health_report")
        named = {row["Item"].removesuffix(" (Testland)") for row in rows}
        return named & everyone

    assert help_lines(staff_of(harbour, "hana")) == everyone - {"Lighthouse line"}
    assert help_lines(staff_of(lighthouse, "lio")) == everyone - {"Harbour line"}
    assert help_lines(make_user("edna", "Editors")) == everyone
    assert help_lines(make_user("rita", "Reviewers")) == everyone
    assert help_lines(make_user("root", superuser=True)) == everyone
    html = client_for(staff_of(harbour, "hugo"))
    html = html.get(reverse("content_health_report")).content.decode()
    assert "Harbour line" in html
    assert "Lighthouse line" not in html


def test_organisations_with_the_same_name_have_separate_groups():
    north = named_org("Harbour", "harbour-north")
    south = named_org("Harbour", "harbour-south")
    assert north.staff_group != south.staff_group
    assert north.staff_group.name == "Harbour staff"
    assert south.staff_group.name == "Harbour staff (harbour-south)"
    hana = staff_of(north, "hana")
    assert list(Organisation.objects.visible_to(hana)) == [north]


def test_a_group_named_like_an_organisation_lends_it_no_members():
    # A group left by a deleted organisation, or made by hand, with the name a new
    # organisation's group would have: its members see nothing of the new one.
    left_over = Group.objects.create(name="Harbour staff")
    hana = make_user("hana")
    hana.groups.add(left_over)
    harbour = make_org("harbour")
    assert harbour.staff_group != left_over
    assert harbour.staff_group.name == "Harbour staff (harbour)"
    assert not Organisation.objects.visible_to(hana).exists()


def test_renaming_keeps_the_group_and_its_staff_and_the_group_follows_the_name():
    harbour = make_org("harbour")
    group = harbour.staff_group
    hana = staff_of(harbour, "hana")
    harbour.name = "Safe Harbour"
    harbour.save()
    group.refresh_from_db()
    assert harbour.staff_group == group
    assert group.name == "Safe Harbour staff"
    assert list(Organisation.objects.visible_to(hana)) == [harbour]
    # The old name is free again, for a new organisation's own group.
    newcomer = named_org("Harbour", "harbour-2")
    assert newcomer.staff_group.name == "Harbour staff"
    assert list(Organisation.objects.visible_to(hana)) == [harbour]


def test_deleting_an_organisation_deletes_its_staff_group():
    harbour = make_org("harbour")
    hana = staff_of(harbour, "hana")
    harbour.delete()
    assert not Group.objects.filter(name="Harbour staff").exists()
    assert not hana.groups.exists()


def test_the_organisation_chooser_offers_staff_only_their_own_organisation():
    harbour = make_org("harbour")
    lighthouse = make_org("lighthouse", origins="https://lighthouse.example")
    hana = client_for(staff_of(harbour, "hana"))
    chooser = "wagtailsnippetchoosers_organisations_organisation"
    for name in ("choose", "choose_results"):
        html = hana.get(reverse(f"{chooser}:{name}")).content.decode()
        assert "Harbour" in html
        assert "Lighthouse" not in html
    assert hana.get(reverse(f"{chooser}:chosen", args=[harbour.pk])).status_code == 200
    assert (
        hana.get(reverse(f"{chooser}:chosen", args=[lighthouse.pk])).status_code == 404
    )
    chosen = hana.get(
        reverse(f"{chooser}:chosen_multiple"), {"id": [harbour.pk, lighthouse.pk]}
    ).content.decode()
    assert "Harbour" in chosen
    assert "Lighthouse" not in chosen
    root = client_for(make_user("root", superuser=True))
    html = root.get(reverse(f"{chooser}:choose")).content.decode()
    assert "Harbour" in html
    assert "Lighthouse" in html


def test_the_help_line_chooser_is_for_those_who_manage_help_lines():
    harbour = make_org("harbour")
    lighthouse = make_org("lighthouse", origins="https://lighthouse.example")
    private = SupportServiceFactory(name="Lighthouse line", in_main_list=False)
    lighthouse.help_lines.add(private)
    lighthouse.save()
    chooser = "wagtailsnippetchoosers_home_supportservice"
    urls = [
        reverse(f"{chooser}:choose"),
        reverse(f"{chooser}:choose_results"),
        reverse(f"{chooser}:chosen", args=[private.pk]),
        reverse(f"{chooser}:chosen_multiple") + f"?id={private.pk}",
    ]
    hana = client_for(staff_of(harbour, "hana"))
    for url in urls:
        response = hana.get(url)
        assert response.status_code in (302, 403), url
        assert b"Lighthouse line" not in response.content
    edna = client_for(make_user("edna", "Editors"))
    for url in urls:
        response = edna.get(url)
        assert response.status_code == 200, url
        assert b"Lighthouse line" in response.content

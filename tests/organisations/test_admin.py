"""Administrators set organisations up in the Wagtail admin."""

from django.urls import reverse

from wagtail.test.utils.form_data import rich_text

import pytest

from organisations.models import Organisation
from tests.factories import SupportServiceFactory

# home_page: a module run after a transactional one on the same worker finds the
# migrations' data (the access_admin permission a staff group gets) put back.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_page")]


def test_an_administrator_sets_up_an_organisation_with_its_own_help_lines(
    admin_client,
):
    own = SupportServiceFactory(name="Harbour line", in_main_list=False)
    SupportServiceFactory(name="National line")
    add = reverse("wagtailsnippets_organisations_organisation:add")
    form = admin_client.get(add).content.decode()
    assert "Harbour line" in form
    assert "National line" in form
    response = admin_client.post(
        add,
        {
            "name": "Harbour",
            "slug": "harbour",
            "allowed_origins": "https://harbour.example",
            "accent_colour": "#1d5c63",
            "welcome": rich_text("<p>Welcome.</p>"),
            "help_lines": [own.pk],
            "quick_exit_url": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation = Organisation.objects.get(slug="harbour")
    assert list(organisation.help_lines.all()) == [own]
    assert organisation.staff_group.name == "Harbour staff"


def test_a_bad_origin_or_colour_is_explained_in_the_form(admin_client):
    add = reverse("wagtailsnippets_organisations_organisation:add")
    response = admin_client.post(
        add,
        {
            "name": "Harbour",
            "slug": "harbour",
            "allowed_origins": "harbour.example",
            "accent_colour": "#ffdd00",
            "welcome": rich_text(""),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "is not an origin" in html
    assert "contrast" in html
    assert not Organisation.objects.exists()

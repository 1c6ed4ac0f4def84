"""The organisation form in the admin: Wagtail's own slug sync from the name (as for
a page's title) and the browser's colour picker for the accent colour, whose
contrast check still refuses a colour too light for white text."""

from django.urls import reverse

from wagtail.test.utils.form_data import rich_text

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def add_form(client):
    url = reverse("wagtailsnippets_organisations_organisation:add")
    return BeautifulSoup(client.get(url).content, "html.parser")


def test_the_slug_follows_the_name_with_wagtails_sync(admin_client):
    form = add_form(admin_client)
    name, slug = form.find(id="id_name"), form.find(id="id_slug")
    assert "w-sync" in name["data-controller"].split()
    assert name["data-w-sync-target-value"] == "#id_slug"
    assert "w-slug" in slug["data-controller"].split()


def test_the_accent_colour_is_a_colour_picker(admin_client):
    colour = add_form(admin_client).find(id="id_accent_colour")
    assert colour["type"] == "color"
    assert colour["value"] == "#1d5c63"


def test_a_light_colour_from_the_picker_is_refused(admin_client):
    url = reverse("wagtailsnippets_organisations_organisation:add")
    response = admin_client.post(
        url,
        {
            "name": "Riverside",
            "slug": "riverside",
            "allowed_origins": "https://river.example",
            "accent_colour": "#ffff00",
            "welcome": rich_text(""),
        },
    )
    assert response.status_code == 200
    assert "needs at least 4.5:1" in response.content.decode()

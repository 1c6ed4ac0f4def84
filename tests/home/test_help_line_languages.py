"""Help lines in the reader's language: a line marked for one language's readers is
listed for them first, and left out for everyone else."""

import re

from django.test import Client

import pytest

from content.loader import SHIPPED, read_services
from tests.factories import PlaceFactory, SupportServiceFactory

pytestmark = pytest.mark.django_db


def names_on(path):
    html = Client().get(path).content.decode()
    return re.findall(r'<p class="help__name"[^>]*>([^<]+)</p>', html)


@pytest.fixture
def united_states(home_page):
    place = PlaceFactory(name="United States", slug="united-states")
    SupportServiceFactory(
        name="Emergency services", phone="911", is_emergency=True, places=[place]
    )
    SupportServiceFactory(name="Hotline", phone="1-800-799-7233", places=[place])
    SupportServiceFactory(
        name="Línea en español",
        phone="1-800-799-7233",
        places=[place],
        language="es",
        for_its_readers_only=True,
    )
    SupportServiceFactory(name="Línea local", places=[place], language="es")
    return place


def test_a_line_for_spanish_readers_is_listed_for_them_first(united_states):
    assert names_on("/es/get-help/?place=united-states") == [
        "Emergency services",
        "Línea en español",
        "Línea local",
        "Hotline",
    ]


def test_a_line_for_spanish_readers_is_not_listed_in_english(united_states):
    # A line written in Spanish for everyone is listed, marked as Spanish.
    assert names_on("/get-help/?place=united-states") == [
        "Emergency services",
        "Hotline",
        "Línea local",
    ]
    html = Client().get("/get-help/?place=united-states").content.decode()
    assert '<p class="help__name" lang="es" dir="auto">Línea local</p>' in html


def test_the_shipped_lines_include_spanish_speaking_places_all_unverified():
    shipped = read_services(SHIPPED / "support_services.toml")
    places = {place.slug for place in shipped.places}
    assert {"spain", "mexico", "united-states"} <= places
    for slug in ("spain", "mexico"):
        lines = [line for line in shipped.services if slug in line.place_slugs]
        assert any(line.is_emergency for line in lines), slug
        assert len(lines) >= 3, slug
    # Their words are Spanish, and say so; the US's Spanish lines are for Spanish
    # readers only (the English lines are listed for everyone).
    for line in shipped.services:
        if line.region in ("España", "México", "Estados Unidos"):
            assert line.language == "es", line.name
    assert {line.name for line in shipped.services if line.for_its_readers_only} == {
        "Línea Nacional sobre la Violencia Doméstica",
        "988 Línea de Prevención del Suicidio y Crisis",
    }
    # Editors check every shipped line for their region before relying on it.
    assert all(line.last_verified is None for line in shipped.services)

"""The help lines' listing in the admin says in words whether each line's number and
website were checked lately (SupportService.needs_verification), and the admin calls
them help lines everywhere."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from home.models import SupportService
from tests.factories import SupportServiceFactory
from tests.helpers import client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    return client_for(make_user("ada", superuser=True))


def listing_rows(client):
    html = client.get(reverse("wagtailsnippets_home_supportservice:list")).content
    soup = BeautifulSoup(html, "html.parser")
    headings = [th.get_text(" ", strip=True) for th in soup.select("thead th")]
    column = headings.index("Number and website checked")
    return {
        row.select("td")[1].get_text(" ", strip=True).split(" ")[0]: row.select("td")[
            column
        ].get_text(" ", strip=True)
        for row in soup.select("tbody tr")
    }


def test_the_listing_says_which_lines_need_checking_in_words(admin_client):
    today = timezone.localdate()
    SupportServiceFactory(name="Fresh", last_verified=today - datetime.timedelta(30))
    SupportServiceFactory(name="Stale", last_verified=datetime.date(2024, 3, 3))
    SupportServiceFactory(name="Unchecked", last_verified=None)

    rows = listing_rows(admin_client)

    fresh = today - datetime.timedelta(30)
    assert rows["Fresh"] == f"Checked {fresh.day} {fresh:%b %Y}"
    assert rows["Stale"] == "Needs checking (last 3 Mar 2024)"
    assert rows["Unchecked"] == "Needs checking"


def test_no_tick_stands_for_needs_checking(admin_client):
    SupportServiceFactory(last_verified=None)
    html = admin_client.get(reverse("wagtailsnippets_home_supportservice:list"))
    soup = BeautifulSoup(html.content, "html.parser")
    headings = [th.get_text(" ", strip=True) for th in soup.select("thead th")]
    assert "Needs checking" not in headings
    assert "Last verified" not in headings


def test_the_admin_calls_them_help_lines(admin_client):
    assert SupportService._meta.verbose_name_plural == "help lines"
    listing = admin_client.get(reverse("wagtailsnippets_home_supportservice:list"))
    add = admin_client.get(reverse("wagtailsnippets_home_supportservice:add"))
    for response in (listing, add):
        text = BeautifulSoup(response.content, "html.parser").get_text(" ")
        assert "support service" not in text.lower()
    title = BeautifulSoup(add.content, "html.parser").title.get_text(strip=True)
    assert title.startswith("New: Help line")

"""Reading comfort's form (home/comfort.py): kept in one cookie, read back as classes
on <html>; bad input refused. How it looks and persists: tests/browser/test_reading_comfort.py."""

from django.test import Client

import pytest

from home.comfort import cookie_name

pytestmark = pytest.mark.django_db


def choose(client, **data):
    return client.post("/reading/", data)


def test_a_choice_is_kept_and_the_learner_sent_back(client, home_page):
    response = choose(client, size="large", scheme="dark", next="/get-help/")
    assert response.status_code == 303
    assert response["Location"] == "/get-help/"
    cookie = response.cookies[cookie_name()]
    assert cookie.value == "large.dark"
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    page = client.get("/").content.decode()
    assert '<html lang="en-GB" dir="ltr" class="text-large scheme-dark"' in page
    # One choice at a time keeps the other.
    choose(client, scheme="light")
    assert client.cookies[cookie_name()].value == "large.light"


def test_the_defaults_set_no_cookie_and_put_no_class(client, home_page):
    choose(client, size="large")
    response = choose(client, size="standard", scheme="system")
    assert response.cookies[cookie_name()].value == ""  # deleted
    assert '<html lang="en-GB" dir="ltr">' in client.get("/").content.decode()


@pytest.mark.parametrize(
    "data", [{"size": "huge"}, {"scheme": "sepia"}, {"size": "", "scheme": "dark"}]
)
def test_a_choice_we_do_not_offer_is_refused(client, home_page, data):
    response = choose(client, **data)
    assert response.status_code == 400
    assert cookie_name() not in response.cookies


def test_only_a_form_sent_sets_it(client, home_page):
    assert client.get("/reading/").status_code == 405


@pytest.mark.parametrize("away", ["https://elsewhere.example/", "//elsewhere.example/"])
def test_it_never_sends_the_learner_to_another_site(client, home_page, away):
    assert choose(client, size="large", next=away)["Location"] == "/"


def test_a_cookie_not_of_our_making_is_ignored(home_page):
    client = Client()
    client.cookies[cookie_name()] = "huge.<script>"
    assert '<html lang="en-GB" dir="ltr">' in client.get("/").content.decode()


def test_the_form_needs_no_csrf_token(home_page):
    """It is on every page; a token would set a cookie on pages with no other form."""
    client = Client(enforce_csrf_checks=True)
    assert choose(client, size="large").status_code == 303
    assert "csrftoken" not in client.get("/").cookies


def test_another_websites_form_is_refused(home_page):
    client = Client()
    response = client.post(
        "/reading/", {"size": "large"}, HTTP_ORIGIN="https://elsewhere.example"
    )
    assert response.status_code == 403
    assert cookie_name() not in response.cookies

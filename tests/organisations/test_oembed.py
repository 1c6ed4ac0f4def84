"""oEmbed for our own course pages: discovery, bad requests and the card."""

import html
import re

from django.test import Client

import pytest
from pytest_django.asserts import assertInHTML


def discovered_endpoint(client, course):
    page = client.get(course.url).content.decode()
    link = re.search(
        r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', page
    )
    return html.unescape(link.group(1))


@pytest.mark.django_db
def test_course_pages_advertise_their_oembed_endpoint(client, course):
    endpoint = discovered_endpoint(client, course)
    data = client.get(endpoint).json()
    assert data["type"] == "rich"
    assert data["version"] == "1.0"
    assert data["title"] == course.title


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({}, 400),
        ({"url": "https://elsewhere.example/standing/"}, 404),
        ({"url": "http://testserver/no-such-page/"}, 404),
        ({"url": "javascript:alert(1)"}, 404),
        ({"url": "COURSE", "format": "xml"}, 501),
        ({"url": "COURSE", "maxwidth": "wide"}, 400),
        ({"url": "COURSE", "maxheight": "0"}, 400),
    ],
)
def test_the_endpoint_answers_bad_requests_clearly(client, course, params, status):
    params = {
        key: ("http://testserver" + course.url if value == "COURSE" else value)
        for key, value in params.items()
    }
    assert client.get("/oembed/", params).status_code == status


@pytest.mark.django_db
def test_the_card_can_be_framed_anywhere_and_needs_no_cookie_or_form(course):
    response = Client().get(f"/embed/card/{course.pk}/")
    assert response.status_code == 200
    assert "frame-ancestors 'self' *" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    assert not response.cookies
    page = response.content.decode()
    assert "<form" not in page
    assertInHTML(
        f'<a class="button" href="http://testserver{course.url}" target="_blank"'
        ' rel="noopener" data-course-link>Open the course'
        '<span class="visually-hidden"> (opens in a new tab)</span></a>',
        page,
    )
    assert course.title in page

"""oEmbed for our own course pages, with a real consumer (micawber) over HTTP."""

import re
from urllib.parse import urlsplit

import micawber
import pytest
from pytest_django.asserts import assertInHTML

from tests.helpers import lessons_of


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_oembed_consumer_gets_a_card_within_its_limits(live_server, make_course):
    course = make_course()
    provider = micawber.Provider(live_server.url + "/oembed/")
    course_url = live_server.url + course.url
    data = provider.request(course_url, maxwidth=320, maxheight=200)
    assert (data["width"], data["height"]) == (320, 200)
    assert data["provider_name"] == "Alongside"
    card = re.search(r'<iframe src="([^"]+)"', data["html"]).group(1)
    assert urlsplit(card).path == f"/embed/card/{course.pk}/"
    assertInHTML(
        f'<iframe src="{card}" title="{course.title}" width="320" height="200"'
        ' style="border:0" loading="lazy"></iframe>',
        data["html"],
    )
    wide = provider.request(course_url, maxwidth=5000)
    assert wide["width"] == 600
    with pytest.raises(micawber.exceptions.ProviderException):
        provider.request(live_server.url + lessons_of(course)[0].url)

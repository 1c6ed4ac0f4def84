"""Headers every response carries, whatever served it (pages, errors, the admin,
static files, the embed)."""

import pytest

from tests.helpers import lessons_of, make_org, start_embed

pytestmark = pytest.mark.django_db


def test_every_kind_of_response_denies_sensors_and_payments(client, course):
    lesson = lessons_of(course)[0]
    prefix = start_embed(make_org(), course)
    paths = [
        "/",
        course.url,
        lesson.url,
        "/no-such-page/",
        "/search/?q=%22",
        "/admin/login/",
        f"/oembed/?url=http://testserver{course.url}",
        prefix + lesson.url,
    ]
    for path in paths:
        response = client.get(path)
        policy = response.get("Permissions-Policy", "")
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in policy, (path, feature)
    # A static file, asked for with HEAD: served by WhiteNoise, with no file left open.
    static = client.head("/static/css/site.css")
    assert static.status_code == 200
    assert "camera=()" in static["Permissions-Policy"]

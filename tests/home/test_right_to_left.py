"""Ready for right-to-left languages: the stylesheets say start and end, never left
and right, and a right-to-left language's pages say so."""

import re

from django.conf import settings
from django.test import override_settings

import pytest

PHYSICAL = re.compile(
    r"(?:margin|padding|border|inset)-(?:left|right)\b"
    r"|(?<![-\w])(?:left|right)\s*:"
    r"|(?:text-align|float|clear)\s*:\s*(?:left|right)\b"
)


# margin: top right bottom left, with right and left unlike: a side fixed to the left.
FOUR_SIDES = re.compile(
    r"(?:margin|padding|inset)\s*:" + r"\s+([^;\s}]+)" * 4 + r"\s*[;}]"
)


def physical_properties(css):
    return [
        line.strip()
        for line in css.splitlines()
        if PHYSICAL.search(line) or any(m[1] != m[3] for m in FOUR_SIDES.findall(line))
    ]


def test_the_stylesheets_use_logical_properties_only():
    for sheet in (settings.BASE_DIR / "static" / "css").glob("*.css"):
        assert physical_properties(sheet.read_text()) == [], sheet.name


def test_the_check_finds_a_physical_property():
    css = (
        ".a { margin-left: 1rem; }\n.b { left: 0; }\n.c { text-align: right; }\n"
        ".d { margin: 0 1rem 0 0; }\n"
    )
    assert len(physical_properties(css)) == 4
    assert physical_properties(".e { padding: 0 1rem 0 1rem; margin: 1px 2px; }") == []
    assert (
        physical_properties(".d { margin-inline-start: 1rem; inset-inline: 0 }") == []
    )


@pytest.mark.django_db
@override_settings(LANGUAGES=[*settings.LANGUAGES, ("ar", "العربية")])
def test_a_right_to_left_language_lays_the_page_out_right_to_left(client):
    html = client.get("/ar/get-help/").content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert '<html lang="en-GB" dir="ltr"' in client.get("/get-help/").content.decode()

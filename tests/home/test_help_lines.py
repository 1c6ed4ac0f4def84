"""Where help lines are shown: the main list on every page; regional and specialist
lines in full on the get-help page; an organisation's own lines only in its embed."""

import pytest

from tests.factories import SupportServiceFactory
from tests.helpers import make_org, start_embed

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines():
    return {
        "main": SupportServiceFactory(name="Main line"),
        "scotland": SupportServiceFactory(
            name="Scottish line", region="Scotland", in_main_list=False
        ),
        "wales": SupportServiceFactory(
            name="Welsh line", region="Wales", in_main_list=False
        ),
        "own": SupportServiceFactory(name="Harbour's own line", in_main_list=False),
    }


def test_regional_lines_are_listed_by_region_on_the_get_help_page_only(
    client, lines, make_course
):
    organisation = make_org(slug="harbour")
    organisation.help_lines.add(lines["own"])
    organisation.save()  # parental relations are saved with their parent
    course = make_course()
    html = client.get("/get-help/").content.decode()
    assert "Main line" in html
    assert html.index("<h3>Scotland</h3>") < html.index("Scottish line")
    assert html.index("<h3>Wales</h3>") < html.index("Welsh line")
    assert "Harbour&#x27;s own line" not in html
    footer_only = client.get(course.url).content.decode()
    assert "Main line" in footer_only
    assert "Scottish line" not in footer_only


def test_inside_an_embed_the_get_help_page_lists_its_lines_then_the_regional_ones(
    client, lines, make_course
):
    organisation = make_org(slug="harbour")
    organisation.help_lines.add(lines["own"])
    organisation.save()
    prefix = start_embed(organisation, make_course())
    html = client.get(prefix + "/get-help/").content.decode()
    assert html.index("Harbour&#x27;s own line") < html.index("Main line")
    assert "Scottish line" in html

"""Search answers every query with a results page: what people type there is theirs,
and it is never an error."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query", ['"', 'a"b', "\x00", "a\x00b", "*", "(", "NEAR(", "x:y", "\u202e"]
)
def test_every_query_gets_a_results_page(client, make_course, query):
    make_course()
    assert client.get("/search/", {"q": query}).status_code == 200

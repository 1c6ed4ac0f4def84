"""Where help lines are shown: the emergency numbers for the learner's place and one
link on every page; the lines for that place on the get-help page, specialist ones
folded under "More help lines"; an organisation's own lines only in its embed. The
place is chosen once, kept in a cookie or carried in the address, never required."""

import io

from django.conf import settings
from django.core.management import call_command
from django.test import Client

import pytest

from learners.views import site_cookies
from tests.factories import PlaceFactory, SupportServiceFactory
from tests.helpers import make_org, start_embed

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    return {
        "scotland": PlaceFactory(name="Scotland", slug="scotland"),
        "wales": PlaceFactory(name="Wales", slug="wales"),
        "usa": PlaceFactory(name="United States", slug="united-states"),
    }


@pytest.fixture
def lines(places):
    uk = [places["scotland"], places["wales"]]
    return {
        "999": SupportServiceFactory(
            name="Emergency services",
            phone="999",
            region="United Kingdom",
            is_emergency=True,
            places=uk,
        ),
        "911": SupportServiceFactory(
            name="Emergency services",
            phone="911",
            region="United States",
            is_emergency=True,
            places=[places["usa"]],
        ),
        "uk": SupportServiceFactory(name="UK line", places=uk),
        "usa": SupportServiceFactory(name="US line", places=[places["usa"]]),
        "everywhere": SupportServiceFactory(name="Worldwide line"),
        "scotland": SupportServiceFactory(
            name="Scottish line",
            region="Scotland",
            in_main_list=False,
            places=[places["scotland"]],
        ),
        "wales": SupportServiceFactory(
            name="Welsh line",
            region="Wales",
            in_main_list=False,
            places=[places["wales"]],
        ),
        "own": SupportServiceFactory(name="Harbour's own line", in_main_list=False),
    }


def choose(client, slug, prefix=""):
    # A form in the embed is sent from the frame's own origin (embed.py's check).
    origin = {"origin": "http://testserver"}
    return client.post(prefix + "/get-help/place/", {"place": slug}, headers=origin)


def test_with_no_place_every_page_shows_each_emergency_number_and_a_link(
    client, lines, make_course
):
    html = client.get(make_course().url).content.decode()
    assert 'href="tel:999">999</a> (United Kingdom)' in html
    assert 'href="tel:911">911</a> (United States)' in html
    assert 'href="/get-help/">Find a help line near you</a>' in html
    # The full lines are on the get-help page, not on every page.
    assert "UK line" not in html


def test_the_get_help_page_with_no_place_lists_every_line_and_the_choice(client, lines):
    html = client.get("/get-help/").content.decode()
    for name in ("UK line", "US line", "Worldwide line", "Scottish line"):
        assert name in html
    assert '<select id="place-choice" name="place"' in html
    # Specialist lines are folded away, by region.
    more = html.split('<details class="help-more">', 1)[1]
    assert more.index("<h3>Scotland</h3>") < more.index("Scottish line")
    assert more.index("<h3>Wales</h3>") < more.index("Welsh line")


def test_a_chosen_place_is_kept_and_every_page_follows_it(client, lines, make_course):
    response = choose(client, "scotland")
    assert response.status_code == 302
    assert response["Location"] == "/get-help/?place=scotland"
    cookie = response.cookies[settings.PLACE_COOKIE_NAME]
    assert cookie.value == "scotland"
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 365 * 24 * 60 * 60

    html = client.get("/get-help/").content.decode()  # the cookie alone
    assert ">Help lines in Scotland</h2>" in html
    assert '<option value="scotland" selected>' in html
    for name in ("UK line", "Worldwide line", "Scottish line"):
        assert name in html
    for name in ("US line", "Welsh line", "911"):
        assert name not in html
    # The Scottish line, and the specialist line with no place (it answers
    # everywhere).
    assert "More help lines in Scotland (2)" in html

    page = client.get(make_course().url).content.decode()
    assert "call <a " in page
    assert 'href="tel:999">999</a>.' in page
    assert "911" not in page
    assert 'href="/get-help/">Help lines in Scotland</a>' in page


def test_a_place_in_the_address_needs_no_cookie_and_wins_over_it(client, lines):
    html = Client().get("/get-help/?place=united-states").content.decode()
    assert "US line" in html
    assert "UK line" not in html
    assert 'href="/get-help/?place=united-states">Help lines in United States</a>' in (
        html
    )
    choose(client, "scotland")
    html = client.get("/get-help/?place=united-states").content.decode()
    assert "US line" in html
    assert "UK line" not in html


def test_forgetting_the_place_shows_every_line_again(client, lines):
    choose(client, "scotland")
    response = choose(client, "")
    assert response["Location"] == "/get-help/"
    assert response.cookies[settings.PLACE_COOKIE_NAME]["max-age"] == 0
    html = client.get("/get-help/").content.decode()
    assert "US line" in html
    assert "UK line" in html


@pytest.mark.parametrize(
    "data", [{"place": "atlantis"}, {"place": "<script>"}, {"place": ["a", "b"]}]
)
def test_an_unknown_place_is_a_400_and_changes_nothing(client, lines, data):
    response = client.post("/get-help/place/", data)
    assert response.status_code == 400
    assert settings.PLACE_COOKIE_NAME not in response.cookies
    assert "Get help" in response.content.decode()


def test_choosing_a_place_takes_a_post(client, lines):
    assert client.get("/get-help/place/?place=scotland").status_code == 405


def test_a_stale_place_cookie_or_link_shows_every_line(client, lines):
    client.cookies[settings.PLACE_COOKIE_NAME] = "atlantis"
    html = client.get("/get-help/?place=nowhere").content.decode()
    assert "US line" in html
    assert "UK line" in html


def test_the_place_cookie_is_on_the_privacy_page():
    names = [name for name, _purpose, _lasts in site_cookies()]
    assert settings.PLACE_COOKIE_NAME in names


def test_inside_an_embed_the_organisations_lines_come_first_then_the_places(
    client, lines, make_course
):
    organisation = make_org(slug="harbour")
    organisation.help_lines.add(lines["own"])
    organisation.save()
    prefix = start_embed(organisation, make_course())
    response = choose(client, "wales", prefix)
    assert response["Location"] == prefix + "/get-help/?place=wales"
    html = client.get(response["Location"]).content.decode()
    assert html.index("Harbour&#x27;s own line") < html.index("UK line")
    assert "Welsh line" in html
    assert "Scottish line" not in html
    assert "Harbour&#x27;s own line" not in client.get("/get-help/").content.decode()


def test_a_new_place_is_offered_at_once(client, lines):
    assert "Ireland" not in client.get("/get-help/").content.decode()  # now cached
    PlaceFactory(name="Ireland", slug="ireland")
    assert '<option value="ireland">Ireland</option>' in (
        client.get("/get-help/").content.decode()
    )


def test_the_loader_gives_the_shipped_places_to_a_site_from_before_places(client):
    samaritans = SupportServiceFactory(name="Samaritans", phone="116 123")
    own = SupportServiceFactory(name="Our own line", phone="0800 1")
    call_command("load_course", "--without-translations", stdout=io.StringIO())
    samaritans.refresh_from_db()
    assert sorted(place.slug for place in samaritans.places.all()) == [
        "england",
        "ireland",
        "northern-ireland",
        "scotland",
        "wales",
    ]
    # As a new published revision, so that an editor's next change starts from it.
    assert samaritans.live_revision.content["places"] == [
        place.pk for place in samaritans.places.all()
    ]
    assert not samaritans.has_unpublished_changes
    assert not own.places.exists()  # answers everywhere, as before
    html = client.get("/get-help/?place=united-states").content.decode()
    assert "Our own line" in html
    assert "Samaritans" not in html


def test_reviewers_manage_places_and_editors_tag_lines_with_them():
    from django.contrib.auth.models import Group

    def codenames(group):
        return set(
            Group.objects.get(name=group).permissions.values_list("codename", flat=True)
        )

    assert {"add_place", "change_place", "delete_place"} <= codenames("Reviewers")
    assert not {"add_place", "change_place", "delete_place"} & codenames("Editors")


def test_a_help_lines_block_in_a_guide_follows_each_learners_place(lines, make_course):
    from tests.factories import GuidePageFactory

    guide = GuidePageFactory(
        parent=make_course(), body=[("help_lines", {"heading": "Who to call"})]
    )
    in_scotland, in_the_usa = Client(), Client()
    choose(in_scotland, "scotland")
    choose(in_the_usa, "united-states")
    # The guide's rendered text is cached (Reading.body_cache_key): never across places.
    for _ in range(2):
        scottish = in_scotland.get(guide.url).content.decode().split("</main>")[0]
        american = in_the_usa.get(guide.url).content.decode().split("</main>")[0]
        assert "UK line" in scottish
        assert "US line" not in scottish
        assert "US line" in american
        assert "UK line" not in american

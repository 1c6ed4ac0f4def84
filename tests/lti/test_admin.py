"""Learning platforms in the admin: each organisation's staff register their own,
never see another's, and are told what to enter in their platform and what to allow."""

from django.urls import reverse

import pytest

from lti.models import Platform
from tests.helpers import client_for, make_org, make_user

pytestmark = pytest.mark.django_db

MOODLE = "https://moodle.harbour.example"


def form_data(organisation, **changes):
    return {
        "organisation": organisation.pk,
        "name": "Harbour Moodle",
        "website": MOODLE,
        "issuer": MOODLE,
        "client_id": "abc123",
        "deployment_ids": "1\n2",
        "auth_url": f"{MOODLE}/mod/lti/auth.php",
        "token_url": f"{MOODLE}/mod/lti/token.php",
        "keyset_url": f"{MOODLE}/mod/lti/certs.php",
    } | changes


@pytest.fixture
def harbour():
    return make_org("harbour", origins=f"https://harbour.example\n{MOODLE}")


@pytest.fixture
def lighthouse():
    return make_org("lighthouse", origins="https://lighthouse.example")


def test_staff_register_a_platform_for_their_own_organisation(harbour, lighthouse):
    hana = client_for(make_user("hana", "Harbour staff"))
    index = hana.get(reverse("lti_platforms:index"))
    assert index.status_code == 200
    html = index.content.decode()
    for address in ("/lti/login/", "/lti/launch/", "/lti/jwks/"):
        assert f"<code>http://testserver{address}</code>" in html
    add = hana.get(reverse("lti_platforms:add")).content.decode()
    assert f'<option value="{harbour.pk}"' in add
    assert f'<option value="{lighthouse.pk}"' not in add
    response = hana.post(reverse("lti_platforms:add"), form_data(harbour))
    assert response.status_code == 302
    platform = Platform.objects.get()
    assert (platform.organisation, platform.deployments) == (harbour, ["1", "2"])
    # Another organisation's is refused, even sent by hand.
    response = hana.post(
        reverse("lti_platforms:add"), form_data(lighthouse, client_id="other")
    )
    assert response.status_code == 200
    assert Platform.objects.count() == 1


def test_staff_never_see_another_organisations_platforms(harbour, lighthouse):
    theirs = Platform.objects.create(
        **form_data(
            lighthouse, name="Lighthouse Moodle", website="https://lighthouse.example"
        )
        | {"organisation": lighthouse}
    )
    hana = client_for(make_user("hana", "Harbour staff"))
    assert (
        "Lighthouse Moodle"
        not in hana.get(reverse("lti_platforms:index")).content.decode()
    )
    for view in ("edit", "delete", "history"):
        url = reverse(f"lti_platforms:{view}", args=[theirs.pk])
        assert hana.get(url).status_code == 404
        assert hana.post(url, form_data(harbour)).status_code == 404
    assert hana.get("/admin/lti_platforms/edit/not-a-number/").status_code == 404
    assert Platform.objects.get().organisation == lighthouse
    lio = client_for(make_user("lio", "Lighthouse staff"))
    url = reverse("lti_platforms:edit", args=[theirs.pk])
    assert lio.get(url).status_code == 200
    root = client_for(make_user("root", superuser=True))
    assert root.get(url).status_code == 200


def test_someone_on_no_organisations_staff_cannot_open_platforms(harbour):
    from django.contrib.auth.models import Permission

    nobody = make_user("sam")
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    response = client_for(nobody).get(reverse("lti_platforms:index"))
    assert response.status_code in (302, 403)


def test_the_form_says_which_website_to_allow(harbour):
    hana = client_for(make_user("hana", "Harbour staff"))
    canvas = "https://harbour.instructure.com"
    response = hana.post(
        reverse("lti_platforms:add"), form_data(harbour, website=canvas)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Add {canvas} to its allowed websites" in html
    assert not Platform.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("website", "moodle.harbour.example"),
        ("website", "https://moodle.harbour.example/course"),
        ("keyset_url", "http://moodle.harbour.example/certs.php"),
        ("auth_url", "javascript:alert(1)"),
        ("token_url", "ftp://moodle.harbour.example/token"),
        ("deployment_ids", ""),
    ],
)
def test_bad_values_are_refused_with_the_form(harbour, field, value):
    hana = client_for(make_user("hana", "Harbour staff"))
    response = hana.post(
        reverse("lti_platforms:add"), form_data(harbour, **{field: value})
    )
    assert response.status_code == 200
    assert not Platform.objects.exists()


def test_the_same_client_id_twice_is_refused(harbour):
    hana = client_for(make_user("hana", "Harbour staff"))
    assert (
        hana.post(reverse("lti_platforms:add"), form_data(harbour)).status_code == 302
    )
    again = hana.post(reverse("lti_platforms:add"), form_data(harbour, name="Again"))
    assert again.status_code == 200
    assert Platform.objects.count() == 1

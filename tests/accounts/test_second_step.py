"""Everyone who can use the admin signs in with a second step: set up at the first
sign-in (an authenticator app here; passkeys in tests/browser/test_passkeys.py),
asked at every sign-in after, with one-use recovery codes. Tested through the real
admin's sign-in form."""

import re
import time
from base64 import b32decode

from django.core.management import call_command
from django.test import Client

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import SupportServiceFactory
from tests.helpers import PASSWORD, client_for, make_org, make_user

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "/admin/",
    "/admin/pages/",
    "/admin/snippets/",
    "/admin/reports/",
    "/admin/users/",
    "/admin/account/",
]


def sign_in(username):
    client = Client()
    response = client.post(
        "/admin/login/", {"username": username, "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    return client


def app_code(device):
    return str(
        totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    ).zfill(device.digits)


def code_for_key_on(page):
    """What an authenticator app shows for the key a set-up page gives."""
    shown = re.search(r'<code id="app-key">([A-Z2-7 ]+)</code>', page).group(1)
    return str(totp(b32decode(shown.replace(" ", "")))).zfill(6)


def set_up_app(client):
    """Set up an authenticator app as a person would; returns the recovery codes."""
    page = client.get("/admin/two-step/set-up/").content.decode()
    assert "<svg" in page  # the QR code, drawn here, not fetched from anywhere
    done = client.post("/admin/two-step/set-up/", {"code": code_for_key_on(page)})
    assert done.url == "/admin/two-step/recovery-codes/"
    shown = client.get(done.url).content.decode()
    return re.findall(r"<li><code>([a-z0-9-]+)</code></li>", shown)


def editor_of_each_kind():
    return {
        "editor": make_user("editor", "Editors"),
        "reviewer": make_user("reviewer", "Reviewers"),
        "organisation staff": make_org().staff_group.user_set.create(
            username="staffer"
        ),
        "superuser": make_user("owner", superuser=True),
    }


@pytest.mark.parametrize(
    "kind", ["editor", "reviewer", "organisation staff", "superuser"]
)
def test_no_admin_page_opens_on_a_password_alone(kind):
    user = editor_of_each_kind()[kind]
    user.set_password(PASSWORD)
    user.save()
    client = sign_in(user.username)
    for path in ADMIN_PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith("/admin/two-step/set-up/?next="), path


def test_a_first_sign_in_sets_up_an_app_and_gets_recovery_codes():
    make_user("editor", "Editors")
    client = sign_in("editor")
    codes = set_up_app(client)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert client.get("/admin/").status_code == 200
    # Shown once: a refresh shows none of them.
    again = client.get("/admin/two-step/recovery-codes/").content.decode()
    assert not any(code in again for code in codes)
    # Kept only as hashes.
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert not {code.replace("-", "") for code in codes} & stored
    assert not set(codes) & stored


def test_a_wrong_code_while_setting_up_changes_nothing():
    make_user("editor", "Editors")
    client = sign_in("editor")
    client.get("/admin/two-step/set-up/")
    response = client.post("/admin/two-step/set-up/", {"code": "000000"})
    assert response.status_code == 400
    assert "That code did not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get("/admin/").status_code == 302


def test_every_later_sign_in_asks_for_the_second_step():
    make_user("editor", "Editors")
    codes = set_up_app(sign_in("editor"))
    client = sign_in("editor")
    response = client.get("/admin/pages/")
    assert response.url == "/admin/two-step/verify/?next=%2Fadmin%2Fpages%2F"
    assert client.post("/admin/two-step/verify/", {"code": "123456"}).status_code == 400
    device = TOTPDevice.objects.get()
    device.last_t = -1  # the code used at set-up is in this same 30 seconds
    device.throttle_reset()  # django-otp makes a device wait a second after a miss
    done = client.post(
        "/admin/two-step/verify/", {"code": app_code(device), "next": "/admin/pages/"}
    )
    assert done.url == "/admin/pages/"
    assert client.get("/admin/").status_code == 200
    # A recovery code works once.
    StaticDevice.objects.get().throttle_reset()
    other = sign_in("editor")
    assert (
        other.post("/admin/two-step/verify/", {"code": codes[0].upper()}).status_code
        == 302
    )
    assert other.get("/admin/").status_code == 200
    reused = sign_in("editor")
    assert reused.post("/admin/two-step/verify/", {"code": codes[0]}).status_code == 400


def test_the_second_step_does_not_send_anyone_elsewhere():
    make_user("editor", "Editors")
    set_up_app(sign_in("editor"))
    client = sign_in("editor")
    response = client.post(
        "/admin/two-step/verify/",
        {"code": "x", "next": "https://elsewhere.example/"},
    )
    assert response.status_code == 400
    assert 'value="/admin/"' in response.content.decode()


def test_guessing_the_second_step_is_locked_after_five():
    make_user("editor", "Editors")
    set_up_app(sign_in("editor"))
    client = sign_in("editor")
    statuses = [
        client.post("/admin/two-step/verify/", {"code": f"00000{n}"}).status_code
        for n in range(6)
    ]
    assert statuses == [400] * 4 + [429] * 2


def test_learners_accounts_are_not_asked():
    make_user("quiet-heron")
    client = Client()
    client.post("/account/login/", {"username": "quiet-heron", "password": PASSWORD})
    assert client.get("/account/").status_code == 200
    assert client.get("/admin/").status_code == 302
    assert "/admin/login/" in client.get("/admin/").url


def test_a_passkey_cannot_be_added_by_a_session_without_its_second_step():
    """Else a stolen password could add the thief's own passkey."""
    make_user("editor", "Editors")
    set_up_app(sign_in("editor"))
    client = sign_in("editor")
    response = client.post(
        "/admin/two-step/passkeys/registration/begin/", content_type="application/json"
    )
    assert response.status_code == 403


def test_an_operator_can_reset_a_lost_second_step(capsys):
    make_user("editor", "Editors")
    set_up_app(sign_in("editor"))
    call_command("reset_second_step", "editor")
    assert "Removed 2 second steps of editor" in capsys.readouterr().out
    assert sign_in("editor").get("/admin/").url.startswith("/admin/two-step/set-up/")


def test_the_admin_account_page_links_to_the_second_step():
    make_user("editor", "Editors")
    client = sign_in("editor")
    set_up_app(client)
    assert "/admin/two-step/" in client.get("/admin/account/").content.decode()
    manage = client.get("/admin/two-step/").content.decode()
    assert "1 unused" not in manage
    assert "10 unused" in manage


def test_before_the_second_step_the_admin_pages_still_get_their_icons():
    """The set-up page's own scripts fetch the icon sprite: a redirect there put a
    second copy of the page into the first."""
    make_user("editor", "Editors")
    client = sign_in("editor")
    sprite = client.get("/admin/sprite/")
    assert sprite.status_code == 200
    assert "<svg" in sprite.content.decode()
    assert client.get("/admin/jsi18n/").status_code == 200


def age_session(client, **seconds_ago):
    session = client.session
    for key, ago in seconds_ago.items():
        session[key] = time.time() - ago
    session.save()


def test_an_idle_admin_session_is_signed_out_after_thirty_minutes():
    editor = make_user("editor", "Editors")
    client = client_for(editor)
    assert client.get("/admin/").status_code == 200
    age_session(client, last_seen_at=29 * 60)
    assert client.get("/admin/").status_code == 200
    age_session(client, last_seen_at=31 * 60)
    response = client.get("/admin/pages/", follow=True)
    assert response.redirect_chain[0][0].startswith("/admin/login/")
    assert "signed out after 30 minutes without activity" in response.content.decode()


def test_an_admin_session_ends_after_a_working_day_however_busy():
    editor = make_user("editor", "Editors")
    client = client_for(editor)
    client.get("/admin/")
    age_session(client, signed_in_at=10 * 3600 + 60, last_seen_at=5)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[0][0].startswith("/admin/login/")
    assert "signed out after 10 hours" in response.content.decode()


def test_learners_sessions_are_not_cut_short():
    learner = make_user("quiet-heron")
    client = client_for(learner)
    age_session(client, last_seen_at=5 * 3600)
    assert client.get("/account/").status_code == 200


def test_a_password_alone_cannot_renew_or_remove_the_second_step():
    """The page that lists, renews and removes second steps needs one: else a stolen
    password makes new recovery codes and walks in with one."""
    make_user("editor", "Editors")
    set_up_app(sign_in("editor"))
    thief = sign_in("editor")
    renew = thief.post("/admin/two-step/", {"action": "new-recovery-codes"})
    assert renew.url.startswith("/admin/two-step/verify/")
    assert thief.get("/admin/two-step/").url.startswith("/admin/two-step/verify/")
    assert thief.get("/admin/two-step/recovery-codes/").url.startswith(
        "/admin/two-step/verify/"
    )
    assert StaticToken.objects.count() == 10  # the owner's codes, untouched
    assert thief.get("/admin/").status_code == 302


def test_a_key_shown_to_another_session_is_never_the_one_set_up():
    """Someone who opened the set-up page with the first password, before its owner
    did, does not hold the owner's authenticator key."""
    make_user("editor", "Editors")
    early = sign_in("editor").get("/admin/two-step/set-up/").content.decode()
    owner = sign_in("editor")
    set_up_app(owner)
    late = sign_in("editor")
    code = code_for_key_on(early)
    assert late.post("/admin/two-step/verify/", {"code": code}).status_code == 400
    assert late.get("/admin/").status_code == 302


def test_passing_the_second_step_gives_the_session_a_new_key():
    make_user("editor", "Editors")
    client = sign_in("editor")
    before = client.session.session_key
    set_up_app(client)
    assert client.session.session_key != before
    assert client.get("/admin/").status_code == 200


def test_a_session_verified_elsewhere_gets_a_new_key_at_its_next_request():
    """django-otp-webauthn marks a session verified after a passkey without a new
    key; the next request gives it one."""
    client = client_for(make_user("editor", "Editors"))  # marked as the library does
    before = client.session.session_key
    assert client.get("/admin/").status_code == 200
    assert client.session.session_key != before


def test_the_editors_background_pings_do_not_keep_an_idle_session_open():
    editor = make_user("editor", "Editors")
    client = client_for(editor)
    client.get("/admin/")
    age_session(client, last_seen_at=29 * 60)
    seen = client.session["last_seen_at"]
    line = SupportServiceFactory()
    ping = client.post(f"/admin/editing-sessions/ping/home/supportservice/{line.pk}/0/")
    assert ping.status_code == 200  # a real ping, as the editor's page sends
    assert client.session["last_seen_at"] == seen
    client.get("/admin/")
    assert client.session["last_seen_at"] > seen


def test_there_is_no_second_admin_to_sign_in_to():
    """Django's own admin had a sign-in page of its own, without the second step."""
    make_user("owner", superuser=True)
    for path in ("/django-admin/", "/django-admin/login/"):
        assert Client().get(path).status_code == 404
        assert Client().post(
            path, {"username": "owner", "password": PASSWORD}
        ).status_code in (403, 404)

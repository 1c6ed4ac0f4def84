"""Guessing is throttled: passwords at both sign-in forms, names at sign-up and
resume codes, each locked after five failures with a kind 429 page."""

import logging

from django.test import Client, override_settings
from django.utils import timezone

import pytest
from axes.models import AccessAttempt

from tests.helpers import PASSWORD, lessons_of, make_user, submit

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/"
LEARNER_LOGIN = "/account/login/"


def sign_in(client, path, username, password, **headers):
    return client.post(path, {"username": username, "password": password}, **headers)


@pytest.mark.parametrize("path", [ADMIN_LOGIN, LEARNER_LOGIN])
def test_five_wrong_passwords_lock_out_even_the_right_one(path):
    make_user("quiet-heron", superuser=True)
    client = Client()
    # A client that makes up a new X-Forwarded-For each time gains nothing.
    statuses = [
        sign_in(
            client, path, "quiet-heron", "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"
        ).status_code
        for n in range(5)
    ]
    # The fifth failure is answered with the lockout already.
    assert statuses[:4] == [200] * 4 if path == ADMIN_LOGIN else [400] * 4
    assert statuses[4] == 429
    locked = sign_in(client, path, "quiet-heron", PASSWORD)
    assert locked.status_code == 429
    assert "Please wait a little before trying again" in locked.content.decode()
    assert "15 minutes" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_wrong_passwords_then_the_right_one_signs_in():
    make_user("quiet-heron")
    client = Client()
    for _ in range(4):
        sign_in(client, LEARNER_LOGIN, "quiet-heron", "wrong")
    assert sign_in(client, LEARNER_LOGIN, "quiet-heron", PASSWORD).status_code == 302
    assert "_auth_user_id" in client.session


def test_a_name_guessed_at_from_many_addresses_is_locked():
    make_user("quiet-heron")
    for address in range(5):
        sign_in(
            Client(REMOTE_ADDR=f"192.0.2.{address}"), LEARNER_LOGIN, "quiet-heron", "x"
        )
    other_address = Client(REMOTE_ADDR="198.51.100.7")
    assert (
        sign_in(other_address, LEARNER_LOGIN, "quiet-heron", PASSWORD).status_code
        == 429
    )


def test_one_address_guessing_many_names_is_locked():
    make_user("quiet-heron")
    client = Client()
    for name in range(5):
        sign_in(client, LEARNER_LOGIN, f"someone-{name}", "x")
    assert sign_in(client, LEARNER_LOGIN, "quiet-heron", PASSWORD).status_code == 429
    # Another address is not held up by it.
    assert (
        sign_in(
            Client(REMOTE_ADDR="198.51.100.7"), LEARNER_LOGIN, "quiet-heron", PASSWORD
        ).status_code
        == 302
    )


def test_the_lock_lifts_after_the_cool_off():
    make_user("quiet-heron")
    client = Client()
    for _ in range(5):
        sign_in(client, LEARNER_LOGIN, "quiet-heron", "wrong")
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - timezone.timedelta(minutes=16)
    )
    assert sign_in(client, LEARNER_LOGIN, "quiet-heron", PASSWORD).status_code == 302


def signup(client, username, password=PASSWORD):
    return client.post(
        "/account/signup/",
        {"username": username, "password1": password, "password2": password},
    )


def test_asking_whether_names_are_taken_is_locked_after_five():
    for name in range(6):
        make_user(f"taken-{name}")
    client = Client()
    statuses = [signup(client, f"taken-{name}").status_code for name in range(6)]
    assert statuses == [400] * 4 + [429] * 2
    assert signup(client, "free-name").status_code == 429


def test_signing_up_with_someones_name_does_not_lock_them_out():
    make_user("quiet-heron")
    for _ in range(6):
        signup(Client(REMOTE_ADDR="203.0.113.9"), "quiet-heron")
    assert sign_in(Client(), LEARNER_LOGIN, "quiet-heron", PASSWORD).status_code == 302


def test_weak_passwords_do_not_count_as_guessing():
    client = Client()
    for _ in range(6):
        assert signup(client, "quiet-heron", "short").status_code == 400
    assert signup(client, "quiet-heron").status_code == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Elevenchars", "at least 12 characters"),
        ("password1234", "too common"),
        ("314159265358979", "entirely numeric"),
    ],
)
def test_passwords_are_twelve_characters_and_not_common(password, message):
    response = signup(Client(), "quiet-heron", password)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_wrong_resume_codes_are_locked_after_five(course):
    device = Client()
    submit(device, lessons_of(course)[0])
    code = device.post("/my-progress/resume-code/", follow=True).content.decode()
    code = code.split("<code>")[1].split("</code>")[0]
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [
        guesser.post("/my-progress/resume/", {"code": "AAAA-BBBB-CCCC-DDDD-EEEE"})
        for _ in range(5)
    ]
    assert [response.status_code for response in statuses] == [400] * 4 + [429]
    assert guesser.post("/my-progress/resume/", {"code": code}).status_code == 429
    # The code itself still works from anywhere else.
    assert Client().post("/my-progress/resume/", {"code": code}).status_code == 302


def test_the_lockout_log_names_no_one(caplog):
    make_user("quiet-heron")
    axes_log = logging.getLogger("axes")
    axes_log.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.WARNING, logger="axes"):
            for _ in range(6):
                sign_in(Client(), LEARNER_LOGIN, "quiet-heron", "wrong")
    finally:
        axes_log.removeHandler(caplog.handler)
    assert caplog.records
    assert "quiet-heron" not in caplog.text


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_our_proxy_each_client_is_told_apart_by_what_the_proxy_saw():
    make_user("quiet-heron")
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for attempt in range(5):
        # The client wrote the left part; our proxy appended the right one.
        sign_in(
            Client(**proxy),
            LEARNER_LOGIN,
            f"someone-{attempt}",
            "x",
            HTTP_X_FORWARDED_FOR=f"10.9.9.{attempt}, 192.0.2.1",
        )

    def signing_in_from(address):
        return sign_in(
            Client(**proxy),
            LEARNER_LOGIN,
            "quiet-heron",
            PASSWORD,
            HTTP_X_FORWARDED_FOR=address,
        ).status_code

    assert signing_in_from("192.0.2.1") == 429
    assert signing_in_from("192.0.2.2") == 302


def test_guessing_at_one_form_does_not_lock_the_others_from_that_address(course):
    """One person guessing resume codes in a library, or on a shared connection,
    does not lock everyone there out of signing in."""
    make_user("quiet-heron", superuser=True)
    shared = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        shared.post("/my-progress/resume/", {"code": "AAAA-BBBB-CCCC-DDDD-EEEE"})
    for _ in range(5):
        signup(shared, "quiet-heron")
    assert shared.post("/my-progress/resume/", {"code": "x"}).status_code == 429
    assert (
        sign_in(
            Client(REMOTE_ADDR="203.0.113.9"), ADMIN_LOGIN, "quiet-heron", PASSWORD
        ).status_code
        == 302
    )

"""Progress without an account: an opaque key, kept in the database, never the key itself."""

import re

from django.conf import settings
from django.test import Client

import pytest

from course.models import LessonCompletion
from learners.models import Learner, hash_learner_key
from lessons.models import QuizAttempt
from tests.helpers import (
    PASSWORD,
    answers_for,
    first_write_in,
    form_token,
    lessons_of,
    make_user,
    submit,
)

pytestmark = pytest.mark.django_db
COOKIE = settings.LEARNER_COOKIE_NAME


def test_reading_creates_no_learner_and_sets_no_cookie(client, course):
    response = client.get(lessons_of(course)[0].url)
    assert COOKIE not in response.cookies
    assert not Learner.objects.exists()


def test_first_answer_creates_an_anonymous_learner_with_an_opaque_key(client, course):
    response = submit(client, lessons_of(course)[0])
    cookie = response.cookies[COOKIE]
    learner = Learner.objects.get()
    assert learner.user is None
    assert cookie["httponly"]
    assert cookie["max-age"] >= 60 * 60 * 24 * 180
    # The database keeps only a hash: a copy of it cannot be used to resume anyone.
    assert learner.key_hash == hash_learner_key(cookie.value)
    assert cookie.value not in learner.key_hash
    assert len(cookie.value) >= 40


def test_progress_survives_a_browser_restart(client, course):
    first = lessons_of(course)[0]
    key = submit(client, first).cookies[COOKIE].value
    restarted = Client()  # no session, only the persistent cookie
    restarted.cookies[COOKIE] = key
    assert "1 of 4 lessons finished" in restarted.get(course.url).content.decode()


def test_a_key_in_a_form_field_identifies_nobody(course):
    """Keys travel in the cookie or, in an embed, in the address; nowhere else."""
    first, second = lessons_of(course)[:2]
    key = submit(Client(), first).cookies[COOKIE].value
    data = answers_for(second, token="6f1c1d5e-0000-4000-8000-0000000000b1")
    Client().post(second.url + "quiz/", {**data, "learner_key": key})
    assert Learner.objects.count() == 2
    assert Learner.objects.for_key(key).completions.count() == 1


def test_an_unknown_key_is_treated_as_a_new_learner(client, course):
    client.cookies[COOKIE] = "forged-or-expired"
    assert client.get(course.url).status_code == 200
    submit(client, lessons_of(course)[0])
    assert Learner.objects.count() == 1


def test_signing_up_keeps_what_was_done_anonymously(client, course):
    submit(client, lessons_of(course)[0])
    response = client.post(
        "/account/signup/",
        {
            "username": "quiet-heron",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    learner = Learner.objects.get()
    assert learner.user.username == "quiet-heron"
    assert learner.completions.count() == 1
    # The account holds the progress now; the anonymous cookie is gone.
    assert response.cookies[COOKIE].value == ""


def signed_in_on_a_device_used_anonymously(client, course):
    lessons = lessons_of(course)
    user = make_user("sam")
    account_client = Client()
    account_client.force_login(user)
    submit(account_client, lessons[0])
    submit(client, lessons[0], right=False)  # someone, without an account
    submit(client, lessons[0])
    submit(client, lessons[1])
    client.post("/account/login/", {"username": "sam", "password": PASSWORD})
    return user


def test_signing_in_asks_before_taking_this_devices_progress(client, course):
    """A shared device: someone else's progress is not silently taken over."""
    user = signed_in_on_a_device_used_anonymously(client, course)
    assert Learner.objects.get(user=user).completions.count() == 1
    assert Learner.objects.filter(user=None).count() == 1
    page = client.get("/account/").content.decode()
    assert "Progress from this device: add it to your account, or leave it?" in page
    assert "2 lessons finished, 3 quiz attempts" in page


def test_leaving_it_keeps_it_apart(client, course):
    user = signed_in_on_a_device_used_anonymously(client, course)
    client.post("/account/device-progress/", {"choice": "leave"})
    assert Learner.objects.get(user=user).completions.count() == 1
    assert Learner.objects.filter(user=None).get().completions.count() == 2
    assert "add it to your account" not in client.get("/account/").content.decode()
    # Anything but a clear "add" leaves it too.
    client.post("/account/device-progress/", {"choice": "add"})
    assert Learner.objects.filter(user=None).exists()


def test_adding_it_merges_it_into_the_account(client, course):
    user = signed_in_on_a_device_used_anonymously(client, course)
    client.post("/account/device-progress/", {"choice": "add"})
    learner = Learner.objects.get()
    assert learner.user == user
    assert LessonCompletion.objects.filter(learner=learner).count() == 2
    assert QuizAttempt.objects.filter(learner=learner).count() == 4
    assert "2 of 4 lessons finished" in client.get(course.url).content.decode()


def test_signed_in_learner_progress_follows_the_account_to_another_device(course):
    user = make_user("sam")
    laptop, phone = Client(), Client()
    laptop.force_login(user)
    phone.force_login(user)
    submit(laptop, lessons_of(course)[0])
    assert "1 of 4 lessons finished" in phone.get(course.url).content.decode()


def test_invalid_signup_is_a_400_with_messages(client):
    response = client.post(
        "/account/signup/", {"username": "", "password1": "a", "password2": "b"}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_account_page_needs_sign_in(client):
    assert client.get("/account/").status_code == 302


def test_after_sign_up_no_anonymous_key_or_code_opens_the_progress(course):
    """The old cookie, an embed address and a resume code written down before
    signing up all stop working: the account's password is the only way in."""
    device = Client()
    lesson = lessons_of(course)[0]
    submit(device, lesson)
    old_cookie = device.cookies[settings.LEARNER_COOKIE_NAME].value
    html = device.post("/my-progress/resume-code/", follow=True).content.decode()
    code = re.search(r"<code>([A-Z0-9-]+)</code>", html).group(1)
    device.post(
        "/account/signup/",
        {"username": "quiet-heron", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert Learner.objects.get().user is not None
    stranger = Client()
    stranger.cookies[settings.LEARNER_COOKIE_NAME] = old_cookie
    assert "0 of 4 lessons finished" in stranger.get(course.url).content.decode()
    stranger.post("/my-progress/delete/")
    assert LessonCompletion.objects.exists()  # nothing of the account's was deleted
    other = Client()
    other.post("/my-progress/resume/", {"code": code})
    assert "0 of 4 lessons finished" in other.get(course.url).content.decode()


def test_a_planted_csrf_cookie_does_not_join_someone_elses_progress(course):
    """Two browsers with the same CSRF cookie (one planted it in the other, from a
    sibling host or over plain http) still make two learners: the first key also
    needs the nonce of the form each browser was given."""
    lesson = lessons_of(course)[0]
    planted = "a" * 32
    attacker, victim = Client(), Client()
    for browser in (attacker, victim):
        browser.cookies[settings.CSRF_COOKIE_NAME] = planted
    submit(attacker, lesson)
    submit(victim, lessons_of(course)[1])
    assert Learner.objects.count() == 2
    assert attacker.cookies[COOKIE].value != victim.cookies[COOKIE].value
    attackers = Learner.objects.for_key(attacker.cookies[COOKIE].value)
    assert attackers.completions.count() == 1


def test_a_form_sent_twice_makes_one_learner(course):
    lesson = lessons_of(course)[0]
    page = Client().get(lesson.url).content.decode()
    data = answers_for(lesson, token=form_token(page)) | first_write_in(page)
    browser = Client()
    browser.cookies[settings.CSRF_COOKIE_NAME] = "b" * 32
    for _ in range(2):  # the answer to the first is lost: no cookie comes back
        browser.post(lesson.url + "quiz/", data)
        browser.cookies.pop(COOKIE, None)
    assert Learner.objects.count() == 1

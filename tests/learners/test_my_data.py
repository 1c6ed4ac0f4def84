"""A learner's control over their own data: delete, resume elsewhere, export, purge."""

import io
import json
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

import pytest

from course.models import LessonCompletion
from learners.models import Learner, normalise_resume_code
from lessons.models import QuestionAnswer, QuizAttempt
from tests.helpers import (
    PASSWORD,
    SITE_ORIGIN,
    client_for,
    lessons_of,
    make_org,
    make_user,
    start_embed,
    submit,
)

pytestmark = pytest.mark.django_db
COOKIE = settings.LEARNER_COOKIE_NAME


def test_deleting_progress_asks_first_then_removes_everything(client, course):
    submit(client, lessons_of(course)[0], right=False)
    submit(client, lessons_of(course)[0])
    assert (
        "Delete all your progress?"
        in client.get("/my-progress/delete/").content.decode()
    )
    assert Learner.objects.exists()
    response = client.post("/my-progress/delete/")
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == ""
    # Notes kept on the device and cached pages go too.
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert not Learner.objects.exists()
    assert not LessonCompletion.objects.exists()
    assert not QuizAttempt.objects.exists()
    assert not QuestionAnswer.objects.exists()
    assert "0 of 4 lessons finished" in client.get(course.url).content.decode()


def issue_code(client):
    html = client.post("/my-progress/resume-code/", follow=True).content.decode()
    return re.search(r"<code>([A-Z0-9-]+)</code>", html).group(1)


def test_refreshing_the_resume_code_page_keeps_the_code_working(client, course):
    submit(client, lessons_of(course)[0])
    response = client.post("/my-progress/resume-code/")
    assert response.status_code == 302  # post, then redirect, then show
    code = issue_code_shown(client)
    again = client.get("/my-progress/resume-code/").content.decode()  # a refresh
    assert code not in again
    assert "The code you were shown still works." in again
    phone = Client()
    assert phone.post("/my-progress/resume/", {"code": code}).status_code == 302
    assert "1 of 4 lessons finished" in phone.get(course.url).content.decode()


def issue_code_shown(client):
    html = client.get("/my-progress/resume-code/").content.decode()
    return re.search(r"<code>([A-Z0-9-]+)</code>", html).group(1)


def test_a_resume_code_carries_progress_to_another_device(client, course):
    submit(client, lessons_of(course)[0])
    code = issue_code(client)
    assert re.fullmatch(r"([A-Z2-9]{4}-){4}[A-Z2-9]{4}", code)
    phone = Client()
    response = phone.post(
        "/my-progress/resume/", {"code": code.lower().replace("-", " ")}
    )
    assert response.status_code == 302
    assert "1 of 4 lessons finished" in phone.get(course.url).content.decode()
    # Both devices now add to the same progress.
    submit(phone, lessons_of(course)[1])
    assert "2 of 4 lessons finished" in client.get(course.url).content.decode()
    assert Learner.objects.count() == 1


def test_a_wrong_resume_code_is_a_400_with_a_message(client, course):
    response = client.post("/my-progress/resume/", {"code": "AAAA-BBBB-CCCC-DDDD-EEEE"})
    assert response.status_code == 400
    assert "We could not find progress for that code" in response.content.decode()
    assert client.post("/my-progress/resume/", {}).status_code == 400


def test_a_new_code_or_deleting_progress_revokes_the_old_code(client, course):
    submit(client, lessons_of(course)[0])
    old = issue_code(client)
    new = issue_code(client)
    assert Client().post("/my-progress/resume/", {"code": old}).status_code == 400
    assert Client().post("/my-progress/resume/", {"code": new}).status_code == 302
    client.post("/my-progress/delete/")
    assert Client().post("/my-progress/resume/", {"code": new}).status_code == 400


def test_a_device_that_resumed_keeps_its_progress_when_a_new_code_is_made(
    client, course
):
    """The code is not the resumed device's key: asking for a new one, on that
    device or the first, leaves every device its progress."""
    submit(client, lessons_of(course)[0])
    phone = Client()
    phone.post("/my-progress/resume/", {"code": issue_code(client)})
    assert phone.cookies[COOKIE].value not in (client.cookies[COOKIE].value, "")
    issue_code(phone)
    assert "1 of 4 lessons finished" in phone.get(course.url).content.decode()
    issue_code(client)
    assert "1 of 4 lessons finished" in phone.get(course.url).content.decode()
    assert "1 of 4 lessons finished" in client.get(course.url).content.decode()
    assert Learner.objects.count() == 1


def test_signing_up_on_one_device_closes_the_devices_that_resumed(client, course):
    submit(client, lessons_of(course)[0])
    phone = Client()
    phone.post("/my-progress/resume/", {"code": issue_code(client)})
    client.post(
        "/account/signup/",
        {"username": "quiet-heron", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert Learner.objects.get().user is not None
    assert "0 of 4 lessons finished" in phone.get(course.url).content.decode()
    phone.post("/my-progress/delete/")
    assert LessonCompletion.objects.count() == 1


def test_resume_codes_are_stored_only_as_hashes(client, course):
    submit(client, lessons_of(course)[0])
    code = issue_code(client)
    stored = Learner.objects.values_list("key_hash", "resume_code_hash").get()
    assert normalise_resume_code(code) not in "".join(stored)


@pytest.fixture
def member(course):
    user = make_user("quiet-heron")
    client = client_for(user)
    submit(client, lessons_of(course)[0], right=False)
    submit(client, lessons_of(course)[0])
    return client, user


def test_account_holder_downloads_their_data_as_json(member, course):
    client, _user = member
    response = client.get("/account/data/")
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.content)
    assert data["account"]["username"] == "quiet-heron"
    assert [c["lesson"] for c in data["completed_lessons"]] == [
        lessons_of(course)[0].title
    ]
    assert [a["passed"] for a in data["quiz_attempts"]] == [False, True]
    assert data["quiz_attempts"][1]["answers"][0]["correct"] is True
    assert Client().get("/account/data/").status_code == 302


def test_account_deletion_needs_the_password_and_removes_everything(member):
    client, user = member
    wrong = client.post("/account/delete/", {"password": "not it"})
    assert wrong.status_code == 400
    assert "That password is not right." in wrong.content.decode()
    assert get_user_model().objects.filter(pk=user.pk).exists()
    response = client.post("/account/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert not Learner.objects.exists()
    assert not QuizAttempt.objects.exists()


def test_purge_deletes_only_idle_anonymous_learners(client, course, member):
    submit(client, lessons_of(course)[0])
    idle, recent = Client(), Client()
    submit(idle, lessons_of(course)[0])
    submit(recent, lessons_of(course)[0])
    long_ago = timezone.now() - timezone.timedelta(days=400)
    idle_learner = Learner.objects.filter(user__isnull=True).order_by("-pk")[1]
    Learner.objects.filter(pk=idle_learner.pk).update(last_seen_at=long_ago)
    Learner.objects.filter(user__isnull=False).update(last_seen_at=long_ago)
    out = io.StringIO()
    call_command("purge_idle_learners", "--days", "365", stdout=out)
    assert "Deleted 1 anonymous learners" in out.getvalue()
    assert not Learner.objects.filter(pk=idle_learner.pk).exists()
    assert Learner.objects.count() == 3


def test_using_progress_keeps_it_from_being_purged(client, course):
    submit(client, lessons_of(course)[0])
    Learner.objects.update(last_seen_at=timezone.now() - timezone.timedelta(days=400))
    submit(client, lessons_of(course)[1])
    assert Learner.objects.idle_anonymous(365).count() == 0


def test_resuming_only_takes_post(client):
    assert client.get("/my-progress/resume/").status_code == 405


def test_an_anonymous_learner_can_download_every_field_we_hold(client, course):
    """No account is needed to see what is kept: every declared model, field by field."""
    organisation = make_org()
    prefix = start_embed(organisation, course)
    lesson = lessons_of(course)[0]
    submit(client, lesson, right=False, prefix=prefix)
    submit(client, lesson, prefix=prefix)
    client.post(prefix + "/my-progress/resume-code/", HTTP_ORIGIN=SITE_ORIGIN)
    assert "Download your data" in client.get(prefix + "/my-progress/").content.decode()
    response = client.get(prefix + "/my-progress/data/")
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.content)
    assert set(data["learner"][0]) == {"started_at", "last_seen_at", "has_resume_code"}
    assert data["learner"][0]["has_resume_code"] is True
    assert data["organisation"][0]["organisation"] == organisation.name
    assert [a["passed"] for a in data["quiz_attempts"]] == [False, True]
    assert data["completed_lessons"][0]["lesson"] == lesson.title
    # With nothing recorded, the download says so rather than failing.
    assert json.loads(Client().get("/my-progress/data/").content)["learner"] == []


def test_an_account_holders_download_includes_the_account(member):
    client, user = member
    client.get("/")
    data = json.loads(client.get("/account/data/").content)
    assert set(data["account"]) == {"username", "date_joined", "last_login"}
    assert data["account"]["last_login"] is not None

import re

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

import pytest

from course.models import CoursePage, StagePage
from home.models import HomePage
from lessons.models import GuidePage, LessonPage
from tests.factories import SupportServiceFactory


class TestPageTree(WagtailPageTestCase):
    def test_course_tree_rules(self):
        self.assertAllowedParentPageTypes(CoursePage, {HomePage})
        self.assertAllowedSubpageTypes(CoursePage, {StagePage, GuidePage})
        self.assertAllowedParentPageTypes(StagePage, {CoursePage})
        self.assertAllowedSubpageTypes(StagePage, {LessonPage})
        self.assertAllowedParentPageTypes(LessonPage, {StagePage})
        self.assertAllowedSubpageTypes(LessonPage, set())

    def test_only_one_home_page(self):
        # The migrations made one already.
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))


@pytest.mark.django_db
def test_more_than_one_course_can_exist(client, make_course):
    first, second = make_course(), make_course()
    html = client.get("/").content.decode()
    assert first.title in html
    assert second.title in html


@pytest.mark.django_db
def test_unknown_url_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We cannot find that page" in response.content.decode()


@pytest.mark.django_db
def test_get_help_lists_every_service_emergency_first(client):
    SupportServiceFactory(name="Friendly line")
    SupportServiceFactory(name="Emergency line", is_emergency=True)
    html = client.get("/get-help/").content.decode()
    assert html.index("Emergency line") < html.index("Friendly line")
    assert 'href="tel:0800000000"' in html


@pytest.mark.django_db
def test_ensure_admin_makes_one_admin_with_a_fresh_password(capsys):
    call_command("ensure_admin", username="kestrel")
    first = capsys.readouterr().out
    call_command("ensure_admin")
    second = capsys.readouterr().out
    assert "password:" in first
    assert "password:" not in second
    assert "changepassword kestrel" in second
    admin = get_user_model().objects.get(username="kestrel")
    password = first.split("password:")[1].split()[0]
    assert admin.check_password(password)
    assert len(password) >= 16


@pytest.mark.django_db
def test_the_first_admin_is_never_called_admin(capsys, monkeypatch):
    with pytest.raises(CommandError, match="first name anyone guesses"):
        call_command("ensure_admin", username="Admin")
    monkeypatch.setenv("ADMIN_USERNAME", "harrier")
    call_command("ensure_admin")
    assert get_user_model().objects.get().username == "harrier"


@pytest.mark.django_db
def test_with_nobody_to_ask_the_first_admin_gets_a_name_nobody_can_guess(capsys):
    call_command("ensure_admin")  # pytest's stdin is not a terminal
    name = get_user_model().objects.get().username
    assert name.startswith("owner-")
    assert len(name) == len("owner-") + 6
    assert f"username: {name}" in capsys.readouterr().out


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["home", "course", "stage"])
def test_pages_that_only_show_things_refuse_other_methods(client, course, which):
    path = {
        "home": "/",
        "course": course.url,
        "stage": course.get_children().first().url,
    }[which]
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 405
    assert "Nothing was saved" in response.content.decode()


@pytest.mark.django_db
def test_failed_sign_in_is_a_400_with_a_message(client):
    response = client.post(
        "/account/login/", {"username": "nobody", "password": "wrong"}
    )
    assert response.status_code == 400
    assert "Please enter a correct username and password" in response.content.decode()


@pytest.mark.django_db
def test_editors_see_which_help_lines_need_checking(admin_client):
    SupportServiceFactory(name="Unchecked line")
    response = admin_client.get("/admin/snippets/home/supportservice/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Needs checking" in html
    assert "Unchecked line" in html


@pytest.mark.django_db
def test_form_errors_are_tied_to_their_fields(client):
    html = client.post("/my-progress/resume/", {"code": "WRONG"}).content.decode()
    field = re.search(r"<input[^>]*name=\"code\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in field
    described_by = re.search(r'aria-describedby="([^"]+)"', field).group(1).split()
    assert len(described_by) == 2
    said = {
        element_id: re.search(rf'id="{element_id}"[^>]*>(.*?)</', html, re.S).group(1)
        for element_id in described_by
    }
    assert any("It looks like" in text for text in said.values())  # the help text
    assert any("We could not find progress" in text for text in said.values())


@pytest.mark.django_db
def test_housekeeping_deletes_what_is_kept_no_longer_than_needed(capsys):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from axes.models import AccessAttempt

    from learners.models import Learner

    past = timezone.now() - timezone.timedelta(days=400)
    Session.objects.create(session_key="old", session_data="", expire_date=past)
    Session.objects.create(
        session_key="current",
        session_data="",
        expire_date=timezone.now() + timezone.timedelta(days=1),
    )
    idle, _key = Learner.objects.create_with_key()
    Learner.objects.filter(pk=idle.pk).update(last_seen_at=past)
    Learner.objects.create_with_key()
    for minutes in (20, 5):
        attempt = AccessAttempt.objects.create(
            username="x",
            ip_address=f"192.0.2.{minutes}",
            user_agent="",
            failures_since_start=1,
        )
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=timezone.now() - timezone.timedelta(minutes=minutes)
        )
    call_command("housekeeping")
    assert list(Session.objects.values_list("session_key", flat=True)) == ["current"]
    assert Learner.objects.count() == 1
    assert AccessAttempt.objects.count() == 1
    assert "Deleted 1 records of failed sign-ins." in capsys.readouterr().out

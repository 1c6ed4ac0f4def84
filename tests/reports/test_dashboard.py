"""The course panel on the admin's home page: learners this week under the
small-number rule, what needs attention (content health, hardest questions) and the
help lines due for checking (SupportService.needs_verification)."""

import datetime

from django.test import Client
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from lessons.models import QuizAttempt
from reports.analytics import FEWER
from tests.factories import SupportServiceFactory
from tests.helpers import client_for, lessons_of, make_org, make_user, submit

pytestmark = pytest.mark.django_db


def panel(client):
    response = client.get("/admin/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    found = soup.find(id="course-at-a-glance-section")
    assert found is not None, "no course panel on the dashboard"
    return found


def part(panel, heading):
    return panel.find("h3", string=heading).find_parent("section")


def figure(panel):
    return (
        part(panel, "Learners this week")
        .select_one(".course-panel__figure")
        .get_text(strip=True)
    )


def test_learners_this_week_keeps_the_small_number_rule(admin_client, make_course):
    (lesson, *_) = lessons_of(make_course(stages=1, lessons=1))
    for _ in range(4):
        submit(Client(), lesson)
    assert figure(panel(admin_client)) == FEWER

    submit(Client(), lesson)
    assert figure(panel(admin_client)) == "5"


def test_learners_from_before_this_week_are_not_counted(admin_client, make_course):
    (lesson, *_) = lessons_of(make_course(stages=1, lessons=1))
    for _ in range(6):
        submit(Client(), lesson, right=False)  # an attempt, no completion
    QuizAttempt.objects.update(submitted_at=timezone.now() - datetime.timedelta(8))
    assert figure(panel(admin_client)) == FEWER


def test_help_lines_due_for_checking_are_listed(admin_client):
    SupportServiceFactory(name="Unchecked line", last_verified=None)
    SupportServiceFactory(name="Checked line", last_verified=timezone.localdate())

    text = part(panel(admin_client), "Help lines due for checking").get_text(" ")

    assert "Unchecked line" in text
    assert "Checked line" not in text
    assert "1 help line not checked in the last year" in text


def test_lessons_needing_attention_come_from_content_health(admin_client, make_course):
    lesson, *_ = lessons_of(make_course(stages=1, lessons=1))
    attention = part(panel(admin_client), "Lessons needing attention")
    # A test lesson is shorter than the content rules want (lessons/health.py).
    links = [a.get_text(strip=True) for a in attention.select("li a")]
    assert lesson.title in links


def test_hardest_questions_show_on_the_panel(admin_client, make_course):
    lesson, *_ = lessons_of(make_course(stages=1, lessons=1))
    for _ in range(5):
        submit(Client(), lesson, right=False)
    attention = part(panel(admin_client), "Lessons needing attention")
    assert "Questions most often answered wrong" in attention.get_text()
    assert "(0% right)" in attention.get_text()


def test_organisation_staff_are_not_asked_to_check_help_lines(make_course):
    harbour = make_org()
    user = make_user("sam")
    user.groups.add(harbour.staff_group)
    the_panel = panel(client_for(user))
    assert the_panel.find("h3", string="Help lines due for checking") is None

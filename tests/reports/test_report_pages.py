"""The reports as an editor reads them: downloads in plain view, and charts drawn on
the server whose figures are written out beside each bar and follow the reports'
small-number rule (reports.analytics.MIN_GROUP)."""

from types import SimpleNamespace

from django.test import Client
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from reports.analytics import FEWER, FunnelStep, hardest
from tests.helpers import lessons_of, submit

pytestmark = pytest.mark.django_db


def page(client, report, **params):
    response = client.get(reverse(report), params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def learners_answer(lesson, count, right):
    for _ in range(count):
        submit(Client(), lesson, right=right)


def chart_rows(soup, heading_id):
    chart = soup.find("ol", attrs={"aria-labelledby": heading_id})
    assert chart is not None, f"no chart labelled by #{heading_id}"
    return [
        (
            li.select_one(".report-chart__label").get_text(strip=True),
            li.select_one(".report-chart__figure").get_text(strip=True),
            li.select_one("rect.report-chart__fill")["width"],
        )
        for li in chart.find_all("li")
    ]


@pytest.mark.parametrize(
    "report",
    ["quiz_question_report", "completion_funnel_report", "content_health_report"],
)
def test_downloads_are_plain_links_that_keep_the_filters(admin_client, report):
    soup = page(admin_client, report, ordering="x")
    links = {
        a.get_text(strip=True): a["href"] for a in soup.select(".report-downloads a")
    }
    assert set(links) == {"Download CSV", "Download XLSX (Excel)"}
    assert "export=csv" in links["Download CSV"]
    assert "ordering=x" in links["Download CSV"]
    assert "export=xlsx" in links["Download XLSX (Excel)"]
    response = admin_client.get(links["Download CSV"])
    assert response["Content-Type"].startswith("text/csv")


def test_the_difficulty_chart_shows_the_share_answered_wrong(admin_client, make_course):
    course = make_course(stages=1, lessons=2)
    hard, easy = lessons_of(course)
    learners_answer(hard, 5, right=False)
    learners_answer(easy, 5, right=True)

    soup = page(admin_client, "quiz_question_report")
    rows = chart_rows(soup, "difficulty-heading")

    links = [a["href"] for a in soup.select(".report-chart__label a")]

    # Hardest first, each bar linked to its lesson's editor.
    hard_count = len(hard.questions)
    assert [figure for _, figure, _ in rows] == (
        ["100% of answers wrong"] * hard_count
        + ["0% of answers wrong"] * len(easy.questions)
    )
    assert rows[0][2] == "100.0%"
    assert rows[-1][2] == "0.0%"
    edit = reverse("wagtailadmin_pages:edit", args=(hard.pk,))
    assert links[:hard_count] == [edit] * hard_count


def test_questions_answered_by_too_few_learners_stay_off_the_chart(
    admin_client, make_course
):
    course = make_course(stages=1, lessons=1)
    (lesson,) = lessons_of(course)
    learners_answer(lesson, 4, right=False)

    soup = page(admin_client, "quiz_question_report")

    assert soup.find("ol", class_="report-chart") is None
    section = soup.find(id="difficulty-heading").parent
    assert "enough learners" in section.get_text()


def test_the_funnel_chart_shows_the_drop_off_per_lesson(admin_client, make_course):
    course = make_course(stages=2, lessons=1)
    first, second = lessons_of(course)
    for n in range(7):
        learner = Client()
        submit(learner, first, right=n >= 1)  # one learner fails and stops
        if n >= 3:
            submit(learner, second)

    soup = page(admin_client, "completion_funnel_report", course=course.pk)
    rows = chart_rows(soup, "drop-off-heading")

    assert rows == [
        (first.title, "14% did not finish", "14.3%"),
        (second.title, "Fewer than 5 learners started", "0.0%"),
    ]


def test_hardest_leaves_out_questions_without_figures():
    def row(name, learners, right, answers):
        figures = SimpleNamespace(name=name, right=right, answers=answers)
        figures.too_few = learners < 5
        figures.wrong_share = None if figures.too_few else 1 - right / answers
        return figures

    rows = [row("easy", 9, 9, 10), row("few", 4, 0, 4), row("hard", 6, 1, 6)]
    assert [r.name for r in hardest(rows)] == ["hard", "easy"]


def test_drop_off_is_hidden_below_the_small_number_rule():
    step = FunnelStep("lesson", "L", started={1, 2, 3, 4}, finished={1})
    assert step.drop_off is None
    assert step.drop_off_text == FEWER
    step = FunnelStep("lesson", "L", started={1, 2, 3, 4, 5}, finished={1})
    assert step.drop_off_text == "80%"

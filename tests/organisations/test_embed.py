"""Organisations' embeds: framing rules, cookie-free learning, branding, isolation."""

import re

from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

import pytest
from pytest_django.asserts import assertInHTML

from course.models import LessonCompletion
from home.models import DEFAULT_QUICK_EXIT_URL
from learners.models import Learner
from organisations.models import Organisation
from tests.factories import SupportServiceFactory
from tests.helpers import (
    SITE_ORIGIN,
    answers_for,
    client_for,
    csrf_token_in,
    form_token,
    lessons_of,
    make_org,
    make_user,
    quick_exit_link,
    report_rows,
    start_embed,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "origins",
    [
        "harbour.example",
        "https://harbour.example/page",
        "http://harbour.example",
        "ftp://harbour.example",
        "https://harbour.example?x=1",
    ],
)
def test_allowed_origins_are_validated(origins):
    with pytest.raises(ValidationError):
        make_org(origins=origins)


def test_accent_colour_must_be_readable_with_white_text():
    with pytest.raises(ValidationError, match="contrast"):
        make_org(accent_colour="#ffdd00")
    assert make_org(accent_colour="#5a2d82").accent_colour == "#5a2d82"


def test_visits_store_nothing_until_the_first_answer_which_counts_once(course):
    organisation = make_org()
    prefixes = [start_embed(organisation, course) for _ in range(20)]
    assert re.fullmatch(r"/embed/harbour/[-\w]{40,}", prefixes[0])
    visitor = Client()
    for path in (course.url, lessons_of(course)[0].url, "/my-progress/", "/get-help/"):
        assert visitor.get(prefixes[0] + path).status_code == 200
    assert not Learner.objects.exists()  # 20 starts and 4 pages: no rows
    lesson = lessons_of(course)[0]
    submit(visitor, lesson, right=False, prefix=prefixes[0])
    submit(visitor, lesson, prefix=prefixes[0])
    learner = Learner.objects.get()
    assert learner.enrolment.organisation == organisation
    assert (
        "1 of 4 lessons finished"
        in visitor.get(prefixes[0] + course.url).content.decode()
    )


def test_a_key_this_site_did_not_make_is_404(course):
    prefix = start_embed(make_org(), course)
    forged = prefix[:-1] + ("a" if prefix[-1] != "a" else "b")
    assert Client().get(forged + course.url).status_code == 404


def test_only_the_organisations_origins_may_frame_the_embed(course):
    organisation = make_org()
    client = Client()
    response = client.get(start_embed(organisation, course) + course.url)
    assert response.status_code == 200
    assert (
        "frame-ancestors 'self' https://harbour.example http://localhost:9000"
        in response["Content-Security-Policy"]
    )
    assert "X-Frame-Options" not in response
    own_site = client.get(course.url)
    assert "frame-ancestors 'self'" in own_site["Content-Security-Policy"]
    assert own_site["X-Frame-Options"] == "SAMEORIGIN"


def test_every_link_inside_the_embed_stays_inside_it(course):
    organisation = make_org()
    prefix = start_embed(organisation, course)
    html = Client().get(prefix + course.url).content.decode()
    first = lessons_of(course)[0]
    assert f'href="{prefix}{first.url}"' in html
    assert f'href="{prefix}/my-progress/"' in html
    assertInHTML(quick_exit_link(DEFAULT_QUICK_EXIT_URL, embedded=True), html)
    assert f'embed/{organisation.slug}/theme.css"' in html


def test_learning_in_the_embed_needs_no_cookie(course):
    organisation = make_org()
    prefix = start_embed(organisation, course)
    lesson = lessons_of(course)[0]
    # A fresh client per request: no cookie is ever sent back, as in Safari's frames.
    html = Client().get(prefix + lesson.url).content.decode()
    data = answers_for(lesson, token=form_token(html))
    # Without the page's CSRF token (derived from the key, not kept in a cookie): no.
    strict = Client(enforce_csrf_checks=True)
    url = prefix + lesson.url + "quiz/"
    assert strict.post(url, data, HTTP_ORIGIN=SITE_ORIGIN).status_code == 403
    data["csrfmiddlewaretoken"] = csrf_token_in(html)
    response = strict.post(url, data, HTTP_ORIGIN=SITE_ORIGIN)
    assert not strict.cookies  # and no cookie was needed or set
    assert response.status_code == 200
    assert "You passed" in response.content.decode()
    assert LessonCompletion.objects.get().learner == Learner.objects.get()
    assert (
        "1 of 4 lessons finished" in Client().get(prefix + course.url).content.decode()
    )


def test_a_post_from_another_site_is_refused(course):
    organisation = make_org()
    prefix = start_embed(organisation, course)
    lesson = lessons_of(course)[0]
    response = Client().post(
        prefix + lesson.url + "quiz/",
        answers_for(lesson),
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403
    assert not LessonCompletion.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [{}, {"HTTP_REFERER": "https://evil.example/page"}, {"HTTP_ORIGIN": "null"}],
)
def test_a_post_that_does_not_say_it_comes_from_us_is_refused(course, headers):
    prefix = start_embed(make_org(), course)
    lesson = lessons_of(course)[0]
    response = Client().post(
        prefix + lesson.url + "quiz/", answers_for(lesson), **headers
    )
    assert response.status_code == 403
    assert not LessonCompletion.objects.exists()
    ours = Client().post(
        prefix + lesson.url + "quiz/",
        answers_for(lesson),
        HTTP_REFERER=f"{SITE_ORIGIN}{prefix}{lesson.url}",
    )
    assert ours.status_code == 200


@pytest.mark.parametrize(
    "path", ["/embed/harbour/" + "x" * 43 + "/", "/embed/nobody/course/1/"]
)
def test_unknown_organisations_and_keys_are_404(course, path):
    make_org()
    assert Client().get(path).status_code == 404


def test_the_admin_and_accounts_are_never_served_in_an_embed(course):
    organisation = make_org()
    prefix = start_embed(organisation, course)
    for path in ("/admin/", "/django-admin/", "/account/login/", "/_util/login/1/"):
        assert Client().get(prefix + path).status_code == 404


def test_the_organisations_help_lines_come_first_or_alone(course):
    organisation = make_org()
    SupportServiceFactory(name="Default line")
    organisation.help_lines.add(
        SupportServiceFactory(name="Harbour line", in_main_list=False)
    )
    organisation.save()
    prefix = start_embed(organisation, course)
    # Every page of the embed shows the organisation's own lines in full; its
    # get-help page lists them before the site's.
    assert "Harbour line" in Client().get(prefix + course.url).content.decode()
    location = prefix + "/get-help/"
    html = Client().get(location).content.decode()
    assert html.index("Harbour line") < html.index("Default line")
    organisation.help_lines_replace_default = True
    organisation.save()
    html = Client().get(location).content.decode()
    assert "Harbour line" in html
    assert "Default line" not in html
    assert "Harbour line" not in Client().get("/get-help/").content.decode()


def test_the_organisations_theme_is_a_stylesheet(course):
    organisation = make_org(accent_colour="#5a2d82")
    response = Client().get(f"/embed/{organisation.slug}/theme.css")
    assert response["Content-Type"] == "text/css"
    assert b"--accent: #5a2d82" in response.content


def test_staff_see_only_their_own_embed_code(course):
    harbour = make_org("harbour")
    make_org("lighthouse", origins="https://lighthouse.example")
    hana = client_for(make_user("hana", "Harbour staff"))
    html = hana.get(reverse("embed_code:index")).content.decode()
    assert "/embed/harbour/page/" in html
    assert "lighthouse" not in html.lower()
    assert harbour.staff_group.name == "Harbour staff"


def test_staff_manage_only_their_own_organisation(course):
    # Changing it and submitting it for review: see test_organisation_review.py.
    make_org("harbour")
    lighthouse = make_org("lighthouse", origins="https://lighthouse.example")
    hana = client_for(make_user("hana", "Harbour staff"))
    listing = hana.get("/admin/snippets/organisations/organisation/")
    assert "Harbour" in listing.content.decode()
    assert "Lighthouse" not in listing.content.decode()
    edit = f"/admin/snippets/organisations/organisation/edit/{lighthouse.pk}/"
    assert hana.get(edit).status_code == 404
    assert hana.get("/admin/snippets/organisations/organisation/add/").status_code in (
        302,
        403,
    )


def test_staff_reports_count_only_their_own_learners(course):
    harbour = make_org("harbour")
    lighthouse = make_org("lighthouse", origins="https://lighthouse.example")
    lesson = lessons_of(course)[0]
    for organisation, learners in ((harbour, 6), (lighthouse, 3)):
        for _ in range(learners):
            submit(Client(), lesson, prefix=start_embed(organisation, course))

    def figures(user, report):
        return report_rows(client_for(user), report, course=course.pk)

    hana = make_user("hana", "Harbour staff")
    lio = make_user("lio", "Lighthouse staff")
    assert figures(hana, "quiz_question_report")[0]["Learners"] == "6"
    assert figures(lio, "quiz_question_report")[0]["Learners"] == "fewer than 5"
    funnel = {row["Step"]: row for row in figures(hana, "completion_funnel_report")}
    assert funnel["Whole course"]["Started"] == "6"
    root = make_user("root", superuser=True)
    assert figures(root, "quiz_question_report")[0]["Learners"] == "9"
    editor = make_user("edna", "Editors")
    assert figures(editor, "quiz_question_report")[0]["Learners"] == "9"


def test_the_tenancy_rule_decides_which_organisations_a_user_sees():
    harbour = make_org("harbour")
    lighthouse = make_org("lighthouse", origins="https://lighthouse.example")
    visible = Organisation.objects.visible_to
    assert set(visible(make_user("hana", "Harbour staff"))) == {harbour}
    assert set(visible(make_user("rita", "Reviewers"))) == {harbour, lighthouse}
    assert set(visible(make_user("root", superuser=True))) == {harbour, lighthouse}
    assert set(visible(make_user("sam"))) == set()


def test_the_embed_shows_the_organisations_logo_and_welcome(course):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    logo = Image.objects.create(title="Harbour logo", file=get_test_image_file())
    organisation = make_org(logo=logo, welcome="<p>Welcome from the Harbour team.</p>")
    html = Client().get(start_embed(organisation, course) + course.url).content.decode()
    assert "Welcome from the Harbour team." in html
    assert 'class="site-header__logo"' in html
    assert (
        "Welcome from the Harbour team."
        not in Client().get(course.url).content.decode()
    )


def test_every_page_in_the_embed_agrees_on_help_lines_and_quick_exit(course):
    organisation = make_org(
        quick_exit_url="https://harbour.example/weather",
        help_lines_replace_default=True,
    )
    organisation.help_lines.add(
        SupportServiceFactory(name="Harbour line", in_main_list=False)
    )
    organisation.save()
    SupportServiceFactory(name="Main line")
    prefix = start_embed(organisation, course)
    paths = [course.url, lessons_of(course)[0].url, "/get-help/", "/my-progress/"]
    paths += ["/privacy/", "/browsing-safely/", "/search/", "/no-such-page/"]
    for path in paths:
        html = Client().get(prefix + path).content.decode()
        assert html.count("Harbour line") >= 1, path
        assert "Main line" not in html, path
        assertInHTML(
            quick_exit_link("https://harbour.example/weather", embedded=True), html
        )
    assert "Main line" in Client().get("/get-help/").content.decode()
    for path in ("/get-help/", course.url):
        html = Client().get(path).content.decode()
        assert "Harbour line" not in html
        assert "harbour.example/weather" not in html

"""Organisations' embeds: framing rules, cookie-free learning, branding, isolation."""

import re

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client

import pytest

from course.models import LessonCompletion
from home.models import SupportService
from learners.models import Learner
from organisations.models import Organisation
from tests.conftest import answers_for, form_token, lessons_of
from tests.factories import SupportServiceFactory

pytestmark = pytest.mark.django_db


def make_org(
    slug="harbour", origins="https://harbour.example\nhttp://localhost:9000", **fields
):
    organisation = Organisation(
        name=slug.title(), slug=slug, allowed_origins=origins, **fields
    )
    organisation.full_clean()
    organisation.save()
    return organisation


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


def start(client, organisation, course):
    response = client.get(f"/embed/{organisation.slug}/course/{course.pk}/")
    assert response.status_code == 302
    return response["Location"]


def test_an_embed_starts_a_learner_counted_for_the_organisation(course):
    organisation = make_org()
    location = start(Client(), organisation, course)
    learner = Learner.objects.get()
    assert learner.enrolment.organisation == organisation
    assert re.fullmatch(rf"/embed/harbour/[-\w]{{40,}}{course.url}", location)


def test_only_the_organisations_origins_may_frame_the_embed(course):
    organisation = make_org()
    client = Client()
    response = client.get(start(client, organisation, course))
    assert response.status_code == 200
    assert (
        "frame-ancestors https://harbour.example http://localhost:9000"
        in response["Content-Security-Policy"]
    )
    assert "X-Frame-Options" not in response
    own_site = client.get(course.url)
    assert "frame-ancestors 'self'" in own_site["Content-Security-Policy"]
    assert own_site["X-Frame-Options"] == "SAMEORIGIN"


def test_every_link_inside_the_embed_stays_inside_it(course):
    organisation = make_org()
    client = Client()
    location = start(client, organisation, course)
    prefix = location[: -len(course.url) + 1]
    html = client.get(location).content.decode()
    first = lessons_of(course)[0]
    assert f'href="{prefix}{first.url.lstrip("/")}"' in html
    assert f'href="{prefix}my-progress/"' in html
    assert 'target="_top" data-quick-exit' in html
    assert f'embed/{organisation.slug}/theme.css"' in html


def test_learning_in_the_embed_needs_no_cookie(course):
    organisation = make_org()
    location = start(Client(), organisation, course)
    prefix = location[: -len(course.url)]
    lesson = lessons_of(course)[0]
    # A fresh client per request: no cookie is ever sent back, as in Safari's frames.
    html = Client().get(prefix + lesson.url).content.decode()
    data = answers_for(lesson, token=form_token(html))
    response = Client(enforce_csrf_checks=True).post(
        prefix + lesson.url + "quiz/", data
    )
    assert response.status_code == 200
    assert "You passed" in response.content.decode()
    assert LessonCompletion.objects.get().learner == Learner.objects.get()
    assert (
        "1 of 4 lessons finished" in Client().get(prefix + course.url).content.decode()
    )


def test_a_post_from_another_site_is_refused(course):
    organisation = make_org()
    prefix = start(Client(), organisation, course)[: -len(course.url)]
    lesson = lessons_of(course)[0]
    response = Client().post(
        prefix + lesson.url + "quiz/",
        answers_for(lesson),
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403
    assert not LessonCompletion.objects.exists()


@pytest.mark.parametrize(
    "path", ["/embed/harbour/" + "x" * 43 + "/", "/embed/nobody/course/1/"]
)
def test_unknown_organisations_and_keys_are_404(course, path):
    make_org()
    assert Client().get(path).status_code == 404


def test_the_admin_and_accounts_are_never_served_in_an_embed(course):
    organisation = make_org()
    prefix = start(Client(), organisation, course)[: -len(course.url)]
    for path in ("/admin/", "/django-admin/", "/account/login/"):
        assert Client().get(prefix + path).status_code == 404


def test_the_organisations_help_lines_come_first_or_alone(course):
    organisation = make_org()
    SupportServiceFactory(name="Default line")
    organisation.help_lines.add(
        SupportServiceFactory(name="Harbour line", in_main_list=False)
    )
    organisation.save()
    location = start(Client(), organisation, course)
    html = Client().get(location).content.decode()
    assert html.index("Harbour line") < html.index("Default line")
    organisation.help_lines_replace_default = True
    organisation.save()
    html = Client().get(location).content.decode()
    assert "Harbour line" in html
    assert "Default line" not in html
    assert "Harbour line" not in Client().get(course.url).content.decode()


def test_the_organisations_theme_is_a_stylesheet(course):
    organisation = make_org(accent_colour="#5a2d82")
    response = Client().get(f"/embed/{organisation.slug}/theme.css")
    assert response["Content-Type"] == "text/css"
    assert b"--accent: #5a2d82" in response.content


def staff_of(organisation, django_user_model, username):
    user = django_user_model.objects.create_user(
        username, password="a long enough passphrase"
    )
    user.groups.add(organisation.staff_group)
    client = Client()
    client.force_login(user)
    return client


def test_staff_see_only_their_own_embed_code(course, django_user_model):
    harbour = make_org("harbour")
    make_org("lighthouse", origins="https://lighthouse.example")
    html = (
        staff_of(harbour, django_user_model, "hana")
        .get("/admin/embed-code/")
        .content.decode()
    )
    assert "/embed/harbour/course/" in html
    assert "lighthouse" not in html.lower()
    assert Group.objects.filter(name="Harbour staff").exists()


def test_staff_cannot_manage_organisations(course, django_user_model):
    harbour, lighthouse = (
        make_org("harbour"),
        make_org("lighthouse", origins="https://lighthouse.example"),
    )
    client = staff_of(harbour, django_user_model, "hana")
    for path in (
        "/admin/snippets/organisations/organisation/",
        f"/admin/snippets/organisations/organisation/edit/{lighthouse.pk}/",
    ):
        assert client.get(path).status_code in (302, 403)
    assert SupportService.objects.count() == 0


def test_staff_reports_count_only_their_own_learners(course, django_user_model):
    import csv
    import io

    harbour = make_org("harbour")
    lighthouse = make_org("lighthouse", origins="https://lighthouse.example")
    lesson = lessons_of(course)[0]
    for organisation, learners in ((harbour, 6), (lighthouse, 3)):
        for _ in range(learners):
            prefix = start(Client(), organisation, course)[: -len(course.url)]
            html = Client().get(prefix + lesson.url).content.decode()
            Client().post(
                prefix + lesson.url + "quiz/",
                answers_for(lesson, token=form_token(html)),
            )

    def figures(client, report):
        response = client.get(
            f"/admin/reports/{report}/", {"export": "csv", "course": course.pk}
        )
        return list(
            csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
        )

    harbour_staff = staff_of(harbour, django_user_model, "hana")
    lighthouse_staff = staff_of(lighthouse, django_user_model, "lio")
    assert figures(harbour_staff, "quiz-questions")[0]["Learners"] == "6"
    assert figures(lighthouse_staff, "quiz-questions")[0]["Learners"] == "fewer than 5"
    funnel = {row["Step"]: row for row in figures(harbour_staff, "completion-funnel")}
    assert funnel["Whole course"]["Started"] == "6"
    admin = Client()
    admin.force_login(
        django_user_model.objects.create_superuser(
            "root", password="a long enough passphrase"
        )
    )
    assert figures(admin, "quiz-questions")[0]["Learners"] == "9"


def test_the_embed_shows_the_organisations_logo_and_welcome(course):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    logo = Image.objects.create(title="Harbour logo", file=get_test_image_file())
    organisation = make_org(logo=logo, welcome="<p>Welcome from the Harbour team.</p>")
    html = Client().get(start(Client(), organisation, course)).content.decode()
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
    prefix = start(Client(), organisation, course)[: -len(course.url)]
    paths = [course.url, lessons_of(course)[0].url, "/get-help/", "/my-progress/"]
    paths += ["/privacy/", "/browsing-safely/", "/search/", "/no-such-page/"]
    for path in paths:
        html = Client().get(prefix + path).content.decode()
        assert html.count("Harbour line") >= 1, path
        assert "Main line" not in html, path
        assert 'href="https://harbour.example/weather"' in html, path
    for path in ("/get-help/", course.url):
        html = Client().get(path).content.decode()
        assert "Main line" in html
        assert "Harbour line" not in html
        assert "harbour.example/weather" not in html

"""The admin's Content-Security-Policy: no 'unsafe-inline' for scripts, and the
admin's main views still work under it (every inline script Wagtail writes carries
the response's nonce). The same in Chromium: tests/browser/test_admin_csp.py."""

import json
import re
from html.parser import HTMLParser

from django.urls import reverse

from wagtail.models import Workflow

import pytest

from home.models import SupportService
from tests.factories import SupportServiceFactory
from tests.helpers import lessons_of, make_org

pytestmark = pytest.mark.django_db

EXECUTABLE = {None, "", "text/javascript", "application/javascript", "module"}


class Scripts(HTMLParser):
    """The inline scripts a browser would run, with their nonce and text."""

    def __init__(self, html):
        super().__init__()
        self.inline, self._open = [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") in EXECUTABLE:
            self._open = {"nonce": attrs.get("nonce"), "text": ""}

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._open is not None:
            self.inline.append(self._open)
            self._open = None


def directives(policy):
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part)
    }


def admin_views(course):
    lesson = lessons_of(course)[0]
    line = SupportServiceFactory()
    organisation = make_org()
    workflow = Workflow.objects.get(name="Content review")
    return {
        "dashboard": "/admin/",
        "page explorer": reverse("wagtailadmin_explore", args=[course.pk]),
        # A StreamField body and quiz, and the publishing schedule's date inputs.
        "lesson editor": reverse("wagtailadmin_pages:edit", args=[lesson.pk]),
        # A page chooser (the urgent-help guide).
        "course editor": reverse("wagtailadmin_pages:edit", args=[course.pk]),
        # A date input.
        "help line editor": reverse(
            "wagtailsnippets_home_supportservice:edit", args=[line.pk]
        ),
        # An image chooser.
        "organisation editor": reverse(
            "wagtailsnippets_organisations_organisation:edit", args=[organisation.pk]
        ),
        # A date-range filter.
        "quiz question report": reverse("quiz_question_report"),
        "completion funnel": reverse("completion_funnel_report"),
        "content health report": reverse("content_health_report"),
        "images": reverse("wagtailimages:index"),
        "users (a date filter)": reverse("wagtailusers_users:index"),
        # The second step of signing in: passkeys and authenticator apps.
        "two-step settings": reverse("staff:manage"),
        # An InlinePanel of task choosers, with its empty form in a <template>.
        "workflow editor": reverse("wagtailadmin_workflows:edit", args=[workflow.pk]),
    }


def test_the_admin_runs_only_its_own_scripts_and_nonced_inline_ones(
    admin_client, course
):
    written = set()
    for name, url in admin_views(course).items():
        response = admin_client.get(url)
        assert response.status_code == 200, name
        policy = directives(response["Content-Security-Policy"])
        assert "'unsafe-inline'" not in policy["script-src"], name
        assert "'unsafe-eval'" not in policy["script-src"], name
        assert policy["style-src"] == ["'self'"], name
        assert policy["style-src-attr"] == ["'none'"], name
        assert policy["style-src-elem"] == ["'self'", "'unsafe-inline'"], name
        assert policy["default-src"] == ["'self'"], name
        nonces = [v[len("'nonce-") : -1] for v in policy["script-src"] if "nonce" in v]
        scripts = Scripts(response.content.decode()).inline
        for script in scripts:
            assert script["nonce"] in nonces, (name, script["text"][:200])
        if scripts:
            written.add(name)
            assert policy["script-src"] == ["'self'", f"'nonce-{nonces[0]}'"], name
        else:
            assert policy["script-src"] == ["'self'"], name
    # The views whose forms have Wagtail's inline scripts are among those checked.
    assert {
        "lesson editor",
        "course editor",
        "help line editor",
        "organisation editor",
        "quiz question report",
        "workflow editor",
    } <= written


def test_the_sign_in_page_needs_no_inline_script(client):
    response = client.get(reverse("wagtailadmin_login"))
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert Scripts(response.content.decode()).inline == []


def test_choosers_open_in_the_page_with_no_inline_script_of_their_own(
    admin_client, course
):
    # A chooser's HTML arrives by fetch, with another response's nonce, which the
    # page's policy would refuse: it must need none.
    for url in (
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailadmin_choose_page_child", args=[course.pk]),
        reverse("wagtailsnippetchoosers_home_supportservice:choose"),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        html = json.loads(response.content)["html"]
        assert Scripts(html).inline == [], url


def test_what_an_editor_types_never_gains_the_nonce(admin_client, course):
    line = SupportServiceFactory(name='<script>alert("typed")</script>')
    assert SupportService.objects.filter(name__contains="<script>").exists()
    # The help line's editor has Wagtail's own nonced script (its date input) and
    # shows the name, as the listing and the report do.
    editor = reverse("wagtailsnippets_home_supportservice:edit", args=[line.pk])
    scripts = Scripts(admin_client.get(editor).content.decode()).inline
    assert [s for s in scripts if s["nonce"] and "initDateChooser" in s["text"]]
    for url in (
        editor,
        reverse("wagtailsnippets_home_supportservice:list"),
        reverse("content_health_report"),
    ):
        html = admin_client.get(url).content.decode()
        assert "alert(&quot;typed&quot;)" in html, url
        assert not any("typed" in s["text"] for s in Scripts(html).inline), url
        assert not re.search(r"<script[^>]*>alert", html), url


def test_the_site_and_its_previews_keep_the_sites_policy(client, admin_client, course):
    lesson = lessons_of(course)[0]
    for response in (
        client.get(lesson.url),
        # Wagtail serves a preview as a request for the page itself.
        admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[lesson.pk])),
    ):
        policy = directives(response["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert "style-src-elem" not in policy
        assert Scripts(response.content.decode()).inline == []

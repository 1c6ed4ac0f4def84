"""The privacy registry: every model holding personal data declares itself, and the
privacy page, the export, erasure and merging all follow the registry."""

import json
import re

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client
from django.test.utils import isolate_apps
from django.utils.html import escape

from wagtail.models import Page

import pytest

from learners.models import Learner
from learners.privacy import registered, undeclared
from lessons.models import QuizAttempt
from tests.helpers import (
    SITE_ORIGIN,
    lessons_of,
    make_org,
    make_user,
    submit,
)
from tests.test_architecture import LAYER_OF

pytestmark = pytest.mark.django_db


def test_every_model_that_holds_personal_data_declares_it():
    ours = [m for m in apps.get_models() if m._meta.app_label in LAYER_OF]
    assert undeclared(ours) == []
    assert {m.__name__ for m in registered()} >= {
        "Learner",
        "LessonCompletion",
        "QuizAttempt",
        "QuestionAnswer",
        "Enrolment",
    }


@isolate_apps("learners")
def test_the_check_finds_a_model_that_does_not_declare():
    class Diary(models.Model):  # noqa: DJ008
        learner = models.ForeignKey(Learner, on_delete=models.CASCADE)

        class Meta:
            app_label = "learners"

    class Note(models.Model):  # noqa: DJ008
        attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE)

        class Meta:
            app_label = "learners"

    class Account(models.Model):  # noqa: DJ008
        user = models.OneToOneField(get_user_model(), on_delete=models.CASCADE)

        class Meta:
            app_label = "learners"

    class Harmless(models.Model):  # noqa: DJ008
        page = models.ForeignKey(Page, on_delete=models.CASCADE)

        class Meta:
            app_label = "learners"

    assert undeclared([Diary, Note, Account, Harmless]) == [Diary, Note, Account]


def test_each_model_says_what_it_keeps_or_is_part_of_one_that_does():
    described = {m for m in registered() if m.privacy_description and m.export_key}
    for model in set(registered()) - described:
        parents = {f.related_model for f in model._meta.get_fields() if f.many_to_one}
        assert parents & described, model


def learner_with_everything(course, platform):
    """A learner who came through an organisation's learning platform (LTI, with a
    grade book), passed a quiz and resumed on a second device: a row in every
    registered model."""
    organisation = make_org(origins=f"https://harbour.example\n{platform.origin}")
    platform.register(organisation)
    platform.tool_jwks = Client().get("/lti/jwks/").json()  # to check our tokens
    lesson = lessons_of(course)[0]
    launched = platform.launch(
        target=f"http://testserver/lti/launch/{lesson.pk}/",
        changes=platform.grade_book("lesson-1"),
    )
    prefix = launched["Location"][: -len(lesson.url)]
    submit(Client(), lesson, prefix=prefix)
    learner = Learner.objects.latest("pk")
    shown = Client().post(prefix + "/my-progress/resume-code/", HTTP_ORIGIN=SITE_ORIGIN)
    code = re.search(r"<code>([A-Z0-9-]+)</code>", shown.content.decode()).group(1)
    Client().post("/my-progress/resume/", {"code": code})
    for model in registered():
        assert model.of(learner).exists(), f"{model.__name__}: no row in this journey"
    return learner, prefix


def test_deleting_progress_erases_every_kind_of_personal_data(course, platform):
    learner, prefix = learner_with_everything(course, platform)
    deleted = Client().post(prefix + "/my-progress/delete/", HTTP_ORIGIN=SITE_ORIGIN)
    assert deleted.status_code == 302
    for model in registered():
        assert not model.of(learner).exists(), model.__name__


def test_merging_progress_moves_every_kind_of_personal_data(course, platform):
    source, _prefix = learner_with_everything(course, platform)
    target, _key = Learner.objects.create_with_key()
    before = {model: model.of(source).count() for model in registered()}
    target.absorb(source)
    assert not Learner.objects.filter(pk=source.pk).exists()
    for model in registered():
        if model is not Learner:
            assert model.of(target).count() == before[model], model.__name__


def test_the_export_and_the_privacy_page_cover_every_registered_model(course, platform):
    learner, _prefix = learner_with_everything(course, platform)
    learner.user = make_user("quiet-heron")
    learner.save()
    client = Client()
    client.force_login(learner.user)
    data = json.loads(client.get("/account/data/").content)
    privacy = Client().get("/privacy/").content.decode()
    for model in registered():
        if model.export_key:
            assert data[model.export_key], model.__name__
        if model.privacy_description:
            assert escape(model.privacy_description) in privacy, model.__name__
    assert data["quiz_attempts"][0]["answers"]


def test_your_progress_counts_what_is_kept(client, course):
    submit(client, lessons_of(course)[0])
    page = client.get("/my-progress/").content.decode()
    assert "<strong>1</strong> lesson finished" in page
    assert "<strong>1</strong> quiz attempt<" in page


def test_the_privacy_page_names_what_the_private_plan_keeps_in_the_browser(client):
    """Notes are kept in the browser's storage, not sent: the page names the key that
    static/js/plan.js writes, and the quick exit clears every key of ours."""
    plan_js = (settings.BASE_DIR / "static/js/plan.js").read_text()
    key = re.search(r'var KEY = "([^"]+)"', plan_js).group(1)
    assert key.startswith("alongside-")  # what quick-exit.js clears
    html = client.get("/privacy/").content.decode()
    assert f"<code>{key}</code>" in html
    assert "never sent to us" in html

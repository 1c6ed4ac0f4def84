"""The admin pages of our own apps speak the editor's language (issue 14): an editor
who chose Español in their account reads our reports, the course panel, the embed
code, SCORM packages, learning platforms and two-step sign-in in Spanish, and each
app's Spanish catalogue translates every string it holds."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from wagtail.users.models import UserProfile

import polib
import pytest

from tests.factories import SupportServiceFactory
from tests.helpers import client_for, lessons_of, make_org, make_user

pytestmark = pytest.mark.django_db

APPS = ["organisations", "reports", "lti", "scorm", "staff"]
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}|<[^>]+>")


@pytest.fixture
def spanish_admin(course):
    user = make_user("ana", superuser=True)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "es"
    profile.save()
    make_org()
    return client_for(user)


@pytest.mark.parametrize(
    ("address", "spanish", "english"),
    [
        ("/admin/", "Tu curso de un vistazo", "Your course at a glance"),
        (
            "/admin/reports/quiz-questions/",
            "Las preguntas que más se responden mal",
            "Every question",
        ),
        (
            "/admin/reports/completion-funnel/",
            "Participantes en cada paso",
            "Learners who started",
        ),
        ("/admin/reports/content-health/", "Estado del contenido", "Needs attention"),
        ("/admin/embed-code/", "Mostrar el código", "Show the code"),
        ("/admin/scorm/", "Curso o etapa", "Course or stage"),
        (
            reverse("lti_platforms:index"),
            "Qué escribir en tu plataforma de aprendizaje",
            "What to enter in your learning platform",
        ),
        (
            reverse("staff:manage"),
            "Crear códigos de recuperación nuevos",
            "Make new recovery codes",
        ),
    ],
)
def test_our_admin_pages_speak_the_editors_language(
    spanish_admin, address, spanish, english
):
    response = spanish_admin.get(address)
    assert response.status_code == 200
    page = response.content.decode()
    assert spanish in page
    assert english not in page


def test_a_report_downloads_with_spanish_headings_and_the_small_number_rule(
    spanish_admin,
):
    response = spanish_admin.get("/admin/reports/quiz-questions/?export=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    heading = text.splitlines()[0]
    assert heading.startswith("Curso,Etapa,Lección,Pregunta,Estado,Participantes")
    assert "menos de 5" in text
    assert "vigente" in text


@pytest.mark.parametrize("app", APPS)
def test_each_apps_spanish_catalogue_translates_everything(app):
    path = Path(settings.BASE_DIR) / app / "locale" / "es" / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(path))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    for entry in catalogue:
        translations = (
            entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        )
        for translation in translations:
            # The same variables and the same markup, whatever the words around them.
            assert sorted(PLACEHOLDER.findall(translation)) == sorted(
                PLACEHOLDER.findall(entry.msgid_plural or entry.msgid)
            ) or sorted(PLACEHOLDER.findall(translation)) == sorted(
                PLACEHOLDER.findall(entry.msgid)
            ), (app, entry.msgid, translation)


@pytest.mark.parametrize(
    ("editor", "spanish", "english"),
    [
        (
            "help line",
            [
                "Servicio de emergencias",
                "Cómo contactar",
                "Déjalo vacío si el servicio no recibe mensajes de texto.",
            ],
            [
                "Emergency service",
                "How to reach it",
                "Leave blank if the service takes no text messages.",
            ],
        ),
        (
            "lesson",
            [
                "Tiempo de lectura (minutos)",
                "Sobre esta lección",
                "Cuestionario",
                "Verdadero o falso",
            ],
            [
                "Reading time (minutes)",
                "About this lesson",
                "Leave blank to estimate it from the length of the text.",
                "True or false",
            ],
        ),
    ],
)
def test_the_editors_field_labels_and_help_texts_are_in_spanish(
    spanish_admin, course, editor, spanish, english
):
    if editor == "help line":
        address = reverse(
            "wagtailsnippets_home_supportservice:edit",
            args=[SupportServiceFactory().pk],
        )
    else:
        address = reverse("wagtailadmin_pages:edit", args=[lessons_of(course)[0].pk])
    response = spanish_admin.get(address)
    assert response.status_code == 200
    page = response.content.decode()
    for words in spanish:
        assert words in page, words
    for words in english:
        assert words not in page, words

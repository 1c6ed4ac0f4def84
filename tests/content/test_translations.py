"""The course in Spanish: loaded as wagtail-localize translations of the English
pages, graded on the server with the same answer key, and one learner's progress
whichever language they read in."""

import io
import re

from django.core.management import call_command
from django.test import Client

from wagtail.models import Locale

import pytest
from wagtail_localize.models import Translation, TranslationSource

from content.loader import SHIPPED
from course.models import CoursePage, LessonCompletion
from home.edge_cache import ASKED
from lessons.health import lesson_problems, reading_level, reading_problems
from lessons.models import GuidePage, LessonPage
from tests.helpers import (
    PASSWORD,
    built_once,
    make_org,
    make_user,
    signed_in,
    start_embed,
    submit,
)

SPANISH = SHIPPED / "es" / "alongside"


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with built_once(django_db_blocker):
        output = io.StringIO()
        call_command("load_course", stdout=output)
        yield output.getvalue()


@pytest.fixture
def pairs(loaded, db):
    """(English page, Spanish page) for every lesson and guide."""
    spanish = Locale.objects.get(language_code="es")
    return [
        (page, page.get_translation(spanish))
        for model in (LessonPage, GuidePage)
        for page in model.objects.filter(locale__language_code="en-gb").order_by("path")
    ]


def lessons(language):
    return list(
        LessonPage.objects.live()
        .filter(locale__language_code=language)
        .order_by("path")
    )


def test_every_page_of_the_course_is_published_in_spanish(loaded, pairs):
    shipped_files = len(list(SPANISH.glob("*/[0-9]*.toml")))
    assert len(pairs) == shipped_files
    for english, spanish in pairs:
        assert spanish.live
        assert spanish.title != english.title
        assert spanish.url.startswith("/es/")
    assert "(es): translated 35 pages, published." in loaded
    course = CoursePage.objects.get(locale__language_code="es")
    # The urgent page is the Spanish guide, so the course's outline can reach it.
    assert course.urgent_help.locale.language_code == "es"
    assert course.urgent_help.get_parent().pk == course.pk


def test_loading_again_leaves_the_translation_alone(loaded, db):
    again = io.StringIO()
    call_command("load_course", stdout=again)
    assert "(es)" not in again.getvalue()
    assert "in es: already there, left as it is." in again.getvalue()
    assert CoursePage.objects.filter(locale__language_code="es").count() == 1


def test_a_translated_quiz_keeps_its_question_ids_options_and_answer_key(pairs):
    for english, spanish in pairs:
        if not isinstance(english, LessonPage):
            continue
        spanish = spanish.specific
        assert [q.id for q in spanish.questions] == [q.id for q in english.questions]
        for ours, theirs in zip(english.questions, spanish.questions, strict=True):
            assert [(o.id, o.correct) for o in theirs.options] == [
                (o.id, o.correct) for o in ours.options
            ]
            assert theirs.prompt != ours.prompt


def test_the_spanish_pages_render_in_spanish(loaded, db):
    client = Client()
    lesson = lessons("es")[0]
    page = client.get(lesson.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="es"' in html
    assert lesson.title in html


def test_a_spanish_quiz_is_graded_on_the_server_and_counts_in_english(loaded, db):
    client = Client()
    spanish, english = lessons("es")[0], lessons("en-gb")[0]
    assert submit(client, spanish, right=False).status_code == 200
    assert not LessonCompletion.objects.exists()
    assert submit(client, spanish).status_code == 200
    (completion,) = LessonCompletion.objects.all()
    assert completion.lesson_id == spanish.pk
    assert completion.lesson_key == english.translation_key
    # Both attempts count on the English page too.
    assert "You have tried it 2 times" in client.get(english.url).content.decode()


def test_switching_to_english_halfway_keeps_the_progress(loaded, db):
    client = Client()
    spanish, english = lessons("es"), lessons("en-gb")
    first_stage = [
        lesson
        for lesson in spanish
        if lesson.get_parent().pk == spanish[0].get_parent().pk
    ]
    next_in_english = english[len(first_stage)]
    # Locked before: a learner is sent back to where they are.
    assert client.get(next_in_english.url).status_code == 302
    for lesson in first_stage:
        submit(client, lesson)
    assert client.get(next_in_english.url).status_code == 200
    course = CoursePage.objects.get(locale__language_code="en-gb")
    assert (
        f"The whole course: {len(first_stage)} of {len(english)} lessons finished"
        in client.get(course.url).content.decode()
    )
    # And finishing it again in English does not count it twice.
    submit(client, english[0])
    assert LessonCompletion.objects.count() == len(first_stage)


def test_editors_see_which_texts_are_out_of_date_when_the_source_changes(pairs):
    english, spanish = pairs[0]
    job = Translation.objects.get(
        source__object_id=english.translation_key, target_locale=spanish.locale
    )
    total, translated = job.get_progress()
    assert total == translated > 0
    english.title = "A new English title"
    english.save_revision().publish()
    TranslationSource.update_or_create_from_instance(english)
    total, translated = job.get_progress()
    assert translated == total - 1


def switch_links(html):
    """{language tag: address} of the language switch on a page."""
    switch = re.search(r'<nav class="language-switch".*?</nav>', html, re.S)
    links = re.findall(
        r'href="([^"]+)" lang="([^"]+)"', switch.group(0) if switch else ""
    )
    return {tag: href for href, tag in links}


def test_every_page_links_to_itself_in_the_other_language(loaded, db):
    client = Client()
    spanish, english = lessons("es")[0], lessons("en-gb")[0]
    english_html = client.get(english.url).content.decode()
    assert switch_links(english_html) == {"es": spanish.url}
    assert switch_links(client.get(spanish.url).content.decode()) == {
        "en-GB": english.url
    }
    # Pages outside the course tree: the same page in the other language.
    assert switch_links(client.get("/es/get-help/").content.decode()) == {
        "en-GB": "/get-help/"
    }
    assert switch_links(client.get("/privacy/").content.decode()) == {
        "es": "/es/privacy/"
    }


def test_a_first_visit_opens_in_the_browsers_language(loaded, db):
    client = Client()
    spanish_browser = {"HTTP_ACCEPT_LANGUAGE": "es-MX,es;q=0.9,en;q=0.5"}
    first = client.get("/", **spanish_browser)
    assert (first.status_code, first["Location"]) == (302, "/es/")
    assert not first.cookies  # nothing on the device says which language
    assert "Accept-Language" in first["Vary"]
    # Chosen with the switch (from a page of this site): English stays.
    chosen = client.get("/", HTTP_REFERER="http://testserver/es/", **spanish_browser)
    assert chosen.status_code == 200
    assert '<html lang="en-GB"' in chosen.content.decode()
    english_browser = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert english_browser.status_code == 200
    # Every other address keeps its own language, whatever the browser prefers.
    assert client.get("/get-help/", **spanish_browser).status_code == 200


def test_an_embed_of_a_spanish_page_stays_in_spanish(loaded, db):
    organisation = make_org()
    course = CoursePage.objects.get(locale__language_code="es")
    prefix = start_embed(organisation, course)
    lesson = lessons("es")[0]
    html = Client().get(prefix + lesson.url).content.decode()
    assert '<html lang="es"' in html
    assert lesson.title in html
    # Its links stay inside the embed, in Spanish.
    assert switch_links(html)["en-GB"].startswith(prefix + "/standing-alongside/")
    assert f'href="{prefix}/es/' in html


def test_the_front_door_of_a_site_in_two_languages_is_never_kept_by_the_proxy(
    loaded, db
):
    # (On a site in one language it is: tests/course/test_where_am_i.py.)
    response = Client().get("/", HTTP_X_EDGE_CACHE=ASKED)
    assert response.status_code == 200
    assert not response.has_header("X-Accel-Expires")
    spanish = Client().get("/es/", HTTP_X_EDGE_CACHE=ASKED)
    assert spanish.has_header("X-Accel-Expires")


def test_the_choose_all_hint_is_not_repeated_in_spanish(loaded, db):
    lesson = lessons("es")[0]
    many = [q for q in lesson.questions if q.many]
    assert many
    assert all("Elige todas las que correspondan" in q.prompt for q in many)
    html = Client().get(lesson.url).content.decode()
    assert html.count("Elige todas las que correspondan") == len(many)


def test_editors_and_reviewers_work_on_the_spanish_pages_under_the_same_review(
    loaded, db
):
    editor, reviewer = make_user("eda", "Editors"), make_user("rey", "Reviewers")
    spanish, english = lessons("es")[0], lessons("en-gb")[0]
    assert spanish.get_workflow() == english.get_workflow() is not None
    for_editor = spanish.permissions_for_user(editor)
    assert for_editor.can_edit()
    assert not for_editor.can_publish()
    assert spanish.permissions_for_user(reviewer).can_publish()
    # And may ask for a page's translation (wagtail-localize's Translate action).
    assert editor.has_perm("wagtail_localize.submit_translation")


def test_an_editor_opens_the_spanish_lesson_in_the_translation_editor(loaded, db):
    client = signed_in(Client(), make_user("eda", "Editors"))
    spanish = lessons("es")[0]
    response = client.get(f"/admin/pages/{spanish.pk}/edit/")
    assert response.status_code == 200
    # wagtail-localize's editor: each text beside its English source.
    assert b"translation-editor" in response.content


def test_a_sync_brings_a_changed_answer_key_to_the_translation(pairs):
    english = next(page for page, _ in pairs if isinstance(page, LessonPage))
    spanish = english.get_translation(Locale.objects.get(language_code="es")).specific
    question = english.quiz[0]
    options = question.value["options"]
    flipped = [not option["correct"] for option in options]
    for option, correct in zip(options, flipped, strict=True):
        option["correct"] = correct
    english.save_revision().publish()
    # "Sync translated pages", as the admin does it.
    source, _ = TranslationSource.update_or_create_from_instance(english)
    Translation.objects.get(source=source, target_locale=spanish.locale).save_target()
    spanish.refresh_from_db()
    assert [o["correct"] for o in spanish.quiz[0].value["options"]] == flipped


def test_signing_in_and_out_in_spanish_returns_to_the_spanish_front_door(loaded, db):
    make_user("sam")
    client = Client()
    signed = client.post(
        "/es/account/login/", {"username": "sam", "password": PASSWORD}
    )
    assert signed["Location"] == "/es/"
    assert client.post("/es/account/logout/")["Location"] == "/es/"
    english = client.post("/account/login/", {"username": "sam", "password": PASSWORD})
    assert english["Location"] == "/"


def test_the_spanish_course_has_no_content_health_problems(pairs):
    problems = {
        spanish.slug: (
            lesson_problems(spanish.specific)
            if isinstance(english, LessonPage)
            else reading_problems(spanish.specific)
        )
        for english, spanish in pairs
    }
    assert {slug: found for slug, found in problems.items() if found} == {}
    # Measured with the formula made for Spanish (Fernández Huerta), not English's.
    level = reading_level(pairs[0][1].specific)
    assert level.formula.name == "Fernández Huerta"
    assert not level.too_hard


@pytest.mark.parametrize(
    "accept_language", ["", "*", "xx-YY", "es;q=bogus", "de-DE,de;q=0.9", "a" * 500]
)
def test_any_browser_language_header_gets_a_front_door(loaded, db, accept_language):
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"] == "/es/"


def test_a_language_the_site_does_not_have_is_a_friendly_404(loaded, db):
    for path in ("/fr/", "/fr/get-help/", "/es/no-such-page/", "/es/estar-al-lado/x/"):
        response = Client().get(path)
        assert response.status_code == 404, path
        assert "<html" in response.content.decode()

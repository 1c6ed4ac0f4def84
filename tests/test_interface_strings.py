"""Every interface string goes through Django's i18n (issue 14).

A template's words must be marked for translation ({% translate %}, {% blocktranslate %}),
or a Spanish page shows English; the Spanish catalogue must translate every string it
holds; and the learner's pages under /es/ speak Spanish."""

import re
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.template.base import Lexer, TokenType
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format

import polib
import pytest

from learners.privacy import registered
from tests.helpers import lessons_of, submit

TEMPLATES = Path(settings.BASE_DIR) / "templates"
SPANISH = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"

# Where the words of a template are not the interface's: inside these block tags.
SKIPPED_BLOCKS = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
}
# Besides these, a {% block ..._class %} holds class names, not words.
# Attributes a person hears or reads (the rest hold addresses, names for code...),
# and the data attributes that carry words for JavaScript to show (data-...-text).
READ_ATTRIBUTES = {"alt", "title", "aria-label", "aria-roledescription", "placeholder"}
JS_WORDS = re.compile(r"data-[\w-]*-(text|label|message)")
LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
# A tag's or a variable's placeholder in the text rebuilt for the HTML parser.
STAND_IN = "{}"
# A quoted string with letters and a space inside {{ }} or {% %}, e.g. default:"Get help":
# words of the interface, unless wrapped in _("...") or inside a translating tag.
SENTENCE_LITERAL = re.compile(
    r"""(?<!_\()(?<!class=)(?<!classname=)(["'])([^"']*[^\W\d_][^"']* [^"']*)\1"""
)
TRANSLATING_TAGS = {"translate", "trans", "blocktranslate", "blocktrans", "plural"}
# Tags whose quoted arguments are not words for people (paths, names, image specs).
CODE_TAGS = {
    "load",
    "extends",
    "include",
    "url",
    "static",
    "block",
    "image",
    "pageurl",
    "icon",
}


class _Words(HTMLParser):
    """The text a person meets in HTML: its data and its read attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []  # (line, text)
        self.hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.hidden_depth += 1
        attrs = dict(attrs)
        for name, value in attrs.items():
            if value and (name in READ_ATTRIBUTES or JS_WORDS.fullmatch(name)):
                self._keep(value)
        if tag == "meta" and attrs.get("name") == "description":
            self._keep(attrs.get("content") or "")
        # A <button>'s value is sent, not shown; an <input> button shows its value.
        if tag == "input" and attrs.get("type") in {"submit", "button", "reset"}:
            self._keep(attrs.get("value") or "")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in {"script", "style"}:
            self.hidden_depth -= 1

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self.hidden_depth:
            self.hidden_depth -= 1

    def handle_data(self, data):
        if not self.hidden_depth:
            self._keep(data)

    def _keep(self, text):
        if LETTERS.search(text):
            self.found.append((self.getpos()[0], " ".join(text.split())))

    def close(self):
        super().close()
        self.found.sort(key=lambda item: item[0])


def words_in_tag(name, contents):
    """The part of a tag or variable that may hold words for people: none of a
    translating tag's (they are marked) or of a tag that takes paths and names, but an
    include's values after `with` and an image's alt text."""
    if name == "include" and " with " in contents:
        return contents.split(" with ", 1)[1]
    if name == "image":
        return " ".join(re.findall(r"""alt=(["'][^"']*["'])""", contents))
    if name in TRANSLATING_TAGS | CODE_TAGS:
        return ""
    return contents


def unmarked_strings(source):
    """(line, text) of every word in a template's source that is not marked for
    translation: in its text outside {% blocktranslate %} and {% comment %}, in the
    attributes people read, and in sentences quoted inside its tags."""
    tokens = Lexer(source).tokenize()
    rebuilt, found, closing = [], [], None
    for index, token in enumerate(tokens):
        following = (
            tokens[index + 1].lineno if index + 1 < len(tokens) else token.lineno
        )
        if token.token_type == TokenType.TEXT:
            text = token.contents
        else:
            # A stand-in keeps the HTML whole and the lines where they were.
            text = STAND_IN + "\n" * (following - token.lineno)
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.split() else ""
            if closing:
                if name == closing:
                    closing = None
                continue
            if name in SKIPPED_BLOCKS or (
                name == "block" and token.contents.split()[-1].endswith("class")
            ):
                closing = SKIPPED_BLOCKS.get(name, "endblock")
                rebuilt.append("\n" * (following - token.lineno))
                continue
        if closing:
            rebuilt.append("\n" * text.count("\n"))
            continue
        if token.token_type in (TokenType.BLOCK, TokenType.VAR):
            name = token.contents.split()[0] if token.contents.split() else ""
            found += [
                (token.lineno, match.group(2))
                for match in SENTENCE_LITERAL.finditer(
                    words_in_tag(name, token.contents)
                )
            ]
        rebuilt.append(text)
    parser = _Words()
    parser.feed("".join(rebuilt))
    parser.close()
    return sorted(found + parser.found, key=lambda item: item[0])


def test_the_check_finds_unmarked_words():
    source = (
        "{% load i18n %}<p>{% translate 'Marked' %}</p>\n"
        '<a href="{% url \'x\' %}" title="Unmarked title">{{ name }} and more</a>\n'
        "{% blocktranslate trimmed %}Marked {{ name }}{% endblocktranslate %}\n"
        "{% comment %}A note for developers{% endcomment %}{# and another #}\n"
        '<img alt="{% translate \'Marked\' %}" src="x.png"><script>let x = "code";</script>\n'
        '<meta name="description" content="Unmarked description">\n'
        '{{ value|default:"Unmarked default" }}{{ value|default:_("Marked default") }}\n'
        '<button type="submit">Send</button>\n'
        '{% include "x.html" with label="The whole course" id="a-b" %}'
        '{% include "x.html" with label=_("Marked label") %}\n'
        '{% image picture width-800 alt="A quiet room" %}'
    )
    assert unmarked_strings(source) == [
        (2, "Unmarked title"),
        (2, "{} and more"),
        (6, "Unmarked description"),
        (7, "Unmarked default"),
        (8, "Send"),
        (9, "The whole course"),
        (10, "A quiet room"),
    ]


def test_every_template_string_is_marked_for_translation():
    unmarked = [
        f"{path.relative_to(settings.BASE_DIR)}:{line}: {text}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for line, text in unmarked_strings(path.read_text(encoding="utf-8"))
    ]
    assert not unmarked, "Words not marked for translation:\n" + "\n".join(unmarked)


def test_the_spanish_catalogue_leaves_nothing_in_english():
    catalogue = polib.pofile(str(SPANISH))
    missing = [
        entry.msgid
        for entry in catalogue
        if not entry.obsolete
        and (
            entry.fuzzy
            or not (entry.msgstr or all(entry.msgstr_plural.values()))
            or (entry.msgid_plural and not all(entry.msgstr_plural.values()))
        )
    ]
    assert len(catalogue) > 100
    assert not missing, "Not translated into Spanish:\n" + "\n".join(missing)


@pytest.mark.django_db
def test_the_get_help_page_speaks_spanish_under_es():
    html = Client().get("/es/get-help/").content.decode()
    assert '<html lang="es" dir="ltr"' in html
    for spanish in [
        'aria-label="Salida rápida"',
        ">Salir de esta página<",
        ">Buscar ayuda<",  # the header, and the page's own heading
        ">Navegar con seguridad<",
        "Líneas de ayuda",
        "Tamaño del texto y colores",
    ]:
        assert spanish in html
    assert "Exit this page" not in html
    assert "Browsing safely" not in html
    # English stays at its address, untouched.
    english = Client().get("/get-help/").content.decode()
    assert '<html lang="en-GB" dir="ltr"' in english
    assert ">Exit this page<" in english
    assert "Salir de esta página" not in english


def test_the_spanish_home_page_speaks_spanish(home_page):
    response = Client().get("/es/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es"' in html
    assert ">Salir de esta página<" in html
    assert ">Navegar con seguridad<" in html
    assert ">Cursos<" in html
    assert 'href="/es/get-help/"' in html  # the learner's links stay in Spanish


@pytest.mark.django_db
def test_a_spanish_page_not_found_speaks_spanish():
    response = Client().get("/es/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="es"' in html
    assert "Exit this page" not in html
    assert "<h1>No encontramos esa página</h1>" in html
    assert ">Salir de esta página<" in html


def test_what_every_model_keeps_is_said_in_spanish():
    """The privacy page and Your progress show words that live on models
    (privacy_description, counted_as): each has its translation."""
    untranslated = []
    with translation.override("es"):
        for model in registered():
            pairs = []
            if model.privacy_description:
                description = model.privacy_description
                pairs.append((description, translation.gettext(description)))
            if model.counted_as:
                singular, plural = model.counted_as
                pairs.append((singular, translation.ngettext(singular, plural, 1)))
                pairs.append((plural, translation.ngettext(singular, plural, 2)))
            untranslated += [
                f"{model.__name__}: {english}"
                for english, spanish in pairs
                if spanish == english
            ]
    assert not untranslated, "\n".join(untranslated)


@pytest.mark.django_db
def test_a_learner_takes_a_lesson_in_spanish(make_course):
    """The learner's pages under /es/, from the course to a passed quiz and what is
    kept: every one answers, in Spanish, with no English interface left on it."""
    course = make_course(stages=2, lessons=2)
    lesson = lessons_of(course)[0]
    client = Client()

    def spanish(address, status=200):
        response = client.get(address)
        assert response.status_code == status, address
        html = response.content.decode()
        assert '<html lang="es"' in html, address
        for english in ["Exit this page", "Your progress", "Get help", "Privacy<"]:
            assert english not in html, (address, english)
        return html

    html = spanish("/es" + course.url)
    assert "Tu progreso" in html
    assert "Empezar la primera lección" in html
    assert "2 etapas y 4 lecciones" in html
    assert "Etapa 1 de 2" in spanish("/es" + lesson.get_parent().url)
    html = spanish("/es" + lesson.url)
    assert "Lección 1 de 2" in html
    assert "Comprueba lo que aprendiste" in html

    failed = submit(client, lesson, right=False, prefix="/es").content.decode()
    assert "Todavía no: necesitas" in failed
    passed = submit(client, lesson, right=True, prefix="/es").content.decode()
    assert "Aprobaste, y esta lección está terminada." in passed
    assert "Ir a la siguiente lección" in passed

    html = spanish("/es/my-progress/")
    assert "Tus lecciones" in html
    assert "<strong>1</strong> lección terminada" in html
    assert "Todo el curso: 1 de 4 lecciones terminadas" in html
    assert "<strong>2</strong> intentos de cuestionario" in html
    html = spanish("/es/privacy/")
    assert "Qué lecciones terminaste, y cuándo." in html
    assert "Hasta que cierres el navegador" in html
    html = spanish("/es/search/?q=zzzz")
    assert "No encontramos nada para «zzzz»" in html
    for other in lessons_of(course)[1:]:
        submit(client, other, right=True, prefix="/es")
    html = spanish("/es" + course.url + "completion/")
    assert "Curso terminado" in html
    with translation.override("es"):
        today = date_format(timezone.localdate(), "j \\d\\e F \\d\\e Y")
    assert f'<p class="certificate__date">{today}</p>' in html
    assert "Completaste las 2 etapas y las 4 lecciones de este curso." in html
    for address in [
        "/es/browsing-safely/",
        "/es/my-progress/delete/",
        "/es/account/login/",
        "/es/account/signup/",
    ]:
        spanish(address)

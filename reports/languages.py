"""The reports' languages: all of them together by default, or one chosen.

A lesson and its translations share a translation key, and a question its id in
every language, so the reports count a lesson or a question once whatever language
it was read in; the Language filter narrows them to what was read in one language.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy

from wagtail.admin.filters import WagtailFilterSet
from wagtail.coreutils import get_supported_content_language_variant

import django_filters
from django_filters.fields import ModelChoiceField
from wagtail_localize.models import TranslationSource

from lessons.models import LessonPage


def content_languages():
    """[(code, name)] of the site's languages (settings.LANGUAGES) that have a live
    lesson, in the settings' order."""
    found = set(
        LessonPage.objects.live().values_list("locale__language_code", flat=True)
    )
    return [(code, name) for code, name in settings.LANGUAGES if code in found]


def language_name(code):
    return dict(settings.LANGUAGES).get(code, code)


class LanguageFilter(django_filters.ChoiceFilter):
    """ "Language": every language together unless one is chosen. A filter set
    with one drops it while the course is in one language only (see
    drop_single_language)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Language"))
        kwargs.setdefault("empty_label", gettext_lazy("All languages"))
        super().__init__(choices=content_languages, **kwargs)


class PageInItsLanguageField(ModelChoiceField):
    """A choice of pages, each followed by its language while the choices are in
    several: "Entender el vínculo (Español)"."""

    def label_from_instance(self, page):
        if not hasattr(self, "_several_languages"):
            self._several_languages = (
                self.queryset.values("locale").distinct().count() > 1
            )
        if self._several_languages:
            return f"{page.title} ({language_name(page.locale.language_code)})"
        return page.title


class PageChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = PageInItsLanguageField

    def __init__(self, *, queryset, **kwargs):
        super().__init__(queryset=queryset.select_related("locale"), **kwargs)


def drop_single_language(filterset, name="language"):
    """No Language filter where there is nothing to choose between."""
    if len(content_languages()) < 2:
        filterset.filters.pop(name, None)


class ByLanguageFilterSet(WagtailFilterSet):
    """A report's filters, its Language filter among them where there is a choice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        drop_single_language(self)

    def noop(self, queryset, name, value):
        """For a filter the report's view applies itself."""
        return queryset


def chosen_language(filterset, name="language"):
    """The language code chosen in the filters, or None for all of them."""
    if filterset and name in filterset.filters and filterset.is_valid():
        return filterset.form.cleaned_data.get(name) or None
    return None


def editors_content_language():
    """The content language matching the editor's interface language, if any."""
    try:
        return get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return None


def shown_first(pages):
    """A sort key putting first, of a lesson's translations, the page whose words a
    report shows: the editor's language if the lesson is in it, else the language
    it was translated from (its wagtail-localize source; the site's default
    language for a page translated otherwise). Pages need their locale loaded."""
    keys = {page.translation_key for page in pages}
    # (A translation may be the source of another: the earliest source wins.)
    sources = dict(
        TranslationSource.objects.filter(object_id__in=keys)
        .order_by("-created_at")
        .values_list("object_id", "locale__language_code")
    )
    editors = editors_content_language()

    def rank(page):
        code = page.locale.language_code
        source = sources.get(page.translation_key, settings.LANGUAGE_CODE)
        return (code != editors, code != source, page.path)

    return rank

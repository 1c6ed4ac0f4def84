"""The languages a learner reads in, and the same page in each.

A page's language is its address's: English, the source, at /..., Spanish at
/es/... (alongside/urls.py). A learner chooses with the switch on every page, which
links to the page's translation. On a first visit to the front door, the browser's
preference chooses: nothing is stored, so nothing on a shared device says which
language, or that anyone came.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import get_script_prefix, translate_url
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, get_language_from_request

from wagtail.models import Page

from .content_cache import cached


def _without_prefix(url):
    """A URL without the script prefix (an embed's, which holds a learner's key),
    so that what is cached can be shared."""
    prefix = get_script_prefix()
    return "/" + url[len(prefix) :] if url.startswith(prefix) else url


def _with_prefix(url):
    return get_script_prefix().rstrip("/") + url


def homes(request):
    """{language code: address of its live front door}: the languages the site
    has content in."""
    from .models import HomePage

    return cached(
        request,
        "language-homes",
        lambda: {
            home.locale.language_code: _without_prefix(home.url)
            for home in HomePage.objects.live().select_related("locale")
        },
    )


def translations_of(request, page):
    """{language code: address} of the page's live translations, itself included."""
    return cached(
        request,
        f"translations:{page.translation_key}",
        lambda: {
            each.locale.language_code: _without_prefix(each.url)
            for each in Page.objects.live()
            .filter(translation_key=page.translation_key)
            .select_related("locale")
            if each.url
        },
    )


def other_languages(request, page=None):
    """[(code, name, address)] for each language but this one: the page's
    translation, else the same view in that language (Get help, Privacy...), else
    that language's front door."""
    current, found = get_language(), homes(request)
    translated = translations_of(request, page) if page is not None and page.pk else {}
    links = []
    for code, name in settings.LANGUAGES:
        if code == current or code not in found:
            continue
        if code in translated:
            url = _with_prefix(translated[code])
        elif page is None and request.resolver_match:
            url = translate_url(request.path_info, code)
        else:
            url = _with_prefix(found[code])
        links.append((code, name, url))
    return links


def first_visit_language(request):
    """At the source language's front door, a visitor who did not come from this
    site (no same-site Referer: so not by the switch) and whose browser prefers a
    language the site has is taken to that language's front door."""
    referer = request.headers.get("Referer", "")
    if request.method != "GET" or url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}
    ):
        return None
    preferred = get_language_from_request(request)
    found = homes(request)
    if preferred == settings.LANGUAGE_CODE or preferred not in found:
        return None
    return HttpResponseRedirect(_with_prefix(found[preferred]))


def varies_by_language(response):
    """The front door's answer depends on the browser's preference and on where the
    visitor came from: no cache may keep one for another."""
    patch_vary_headers(response, ("Accept-Language", "Referer"))
    return response

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from course.models import CoursePage, StagePage
from home.http import allow_methods
from learners.models import Learner, new_address_key
from lessons.models import GuidePage, LessonPage

from .embed import COMPACT, STARTED, embed_url, frame_for, remember, remembered_key
from .models import Organisation, sees_every_organisation

EMBEDDABLE = (CoursePage, StagePage, LessonPage, GuidePage)


@allow_methods("GET", "HEAD")
def embed_start(request, org, page_id):
    """Where an organisation's embed begins, at a course, a stage or a lesson: the
    learner's key, which then travels in every address inside the frame.

    The key is the one this browser keeps for the organisation's embed, so a reload
    or a new visit carries on; or a new one, kept from now on. `?compact=1` shows it
    without the header, the help lines folded into one line. `?new=1` asks for a
    new learner whom the browser does not keep: a learning system (SCORM) that keeps
    the key for each of its users. Nothing is stored on our side until the learner's
    first write, which creates the learner and counts them for the organisation
    (signals.py)."""
    organisation = get_object_or_404(Organisation.objects.live(), slug=org)
    page = get_object_or_404(Page.objects.live().type(*EMBEDDABLE), pk=page_id)
    # Compact: no header, help lines folded into one line (base.html).
    path = f"{COMPACT}{page.url}" if request.GET.get("compact") else page.url
    if request.GET.get("new"):
        key = new_address_key()
        return frame_for(
            redirect(embed_url(organisation, key, path)),
            organisation.origins,
        )
    key = remembered_key(request)
    if key is None or not Learner.objects.for_key(key):
        key = new_address_key()
    response = redirect(f"{embed_url(organisation, key, path)}?{STARTED}")
    return frame_for(remember(response, organisation, key), organisation.origins)


@allow_methods("GET", "HEAD")
def embed_theme(request, org):
    """The organisation's colours as a stylesheet (inline styles would break our CSP)."""
    organisation = get_object_or_404(Organisation.objects.live(), slug=org)
    css = f":root {{ --accent: {organisation.accent_colour}; }}\n"
    return HttpResponse(css, content_type="text/css")


def embed_code(organisation, page, base_url, compact=False):
    return format_html(
        '<iframe src="{}{}" title="{}" data-alongside-embed '
        'loading="lazy" style="width:100%;min-height:640px;border:0"></iframe>'
        '<script src="{}/static/js/embed.js" async></script>',
        base_url,
        start_url(organisation, page, compact=compact),
        title_in_its_language(page),
        base_url,
    )


def title_in_its_language(page):
    """The embed's frame title, for screen readers on the organisation's page, in
    the language of the page it opens."""
    with translation.override(language_of(page)):
        return _("{title}: a course from Alongside").format(title=page.title)


def start_url(organisation, page, **options):
    query = urlencode({name: 1 for name, wanted in options.items() if wanted})
    url = reverse("embed_start", args=[organisation.slug, page.pk])
    return f"{url}?{query}" if query else url


class EmbedChoiceForm(forms.Form):
    """Which organisation's embed, of what: the course, a stage or a lesson."""

    organisation = forms.ModelChoiceField(
        Organisation.objects.none(),
        empty_label=None,
        label=gettext_lazy("Organisation"),
    )
    page = forms.ModelChoiceField(
        Page.objects.none(), empty_label=None, label=gettext_lazy("What to show")
    )
    compact = forms.BooleanField(
        required=False,
        label=gettext_lazy("Compact"),
        help_text=gettext_lazy(
            "No header, and the help lines folded into one line: for a "
            "narrow space on your page."
        ),
    )

    def __init__(self, organisations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        pages = (
            Page.objects.live()
            .type(*EMBEDDABLE)
            .select_related("locale")
            .order_by("path")
        )
        self.fields["page"].queryset = pages
        top = min((page.depth for page in pages), default=0)
        several_languages = len({page.locale_id for page in pages}) > 1
        self.fields["page"].label_from_instance = lambda page: label_for(
            page, top, several_languages
        )


def label_for(page, top, several_languages):
    """A page in the list of what to show: stages and lessons indented under their
    course, as in the page tree; each course followed by its language when the
    course is offered in several."""
    label = "\u2003" * (page.depth - top) + page.title
    if several_languages and page.depth == top:
        label = f"{label} ({page.locale.get_display_name()})"
    return label


def language_of(page):
    """The interface language for a page's own locale (one of settings.LANGUAGES)."""
    try:
        return translation.get_supported_language_variant(page.locale.language_code)
    except LookupError:
        return settings.LANGUAGE_CODE


class EmbedCodesView(WagtailAdminTemplateMixin, TemplateView):
    """The embed code for the organisations the user may see: of the course, a stage
    or a lesson, with a preview. The code is the published version's (its slug and
    origins); an organisation never published has none yet."""

    page_title = gettext_lazy("Embed code")
    header_icon = "code"
    template_name = "organisations/embed_codes.html"

    def get(self, request, *args, **kwargs):
        organisations = Organisation.objects.visible_to(request.user)
        live = organisations.live()
        form = EmbedChoiceForm(live, request.GET or None)
        chosen = None
        if form.is_bound and form.is_valid():
            chosen = (
                form.cleaned_data["organisation"],
                form.cleaned_data["page"],
                form.cleaned_data["compact"],
            )
        elif not form.is_bound:
            first_course = CoursePage.objects.live().order_by("path").first()
            if live and first_course:
                chosen = live.first(), first_course, False
        context = self.get_context_data(
            organisations=organisations,
            form=form,
            sees_every_organisation=sees_every_organisation(request.user),
            **self.code_for(*chosen) if chosen else {},
        )
        return self.render_to_response(context, status=400 if form.errors else 200)

    def code_for(self, organisation, page, compact):
        base_url = self.request.build_absolute_uri("/").rstrip("/")
        return {
            "chosen_organisation": organisation,
            "chosen_page": page,
            "code": embed_code(organisation, page, base_url, compact),
            # A new learner the browser does not keep, who cannot send a form
            # (the preview's sandbox): looking creates nothing and counts no one.
            "preview_url": start_url(organisation, page, compact=compact, new=True),
        }

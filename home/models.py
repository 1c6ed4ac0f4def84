from django import forms
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.admin.widgets.slug import SlugInput
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    Page,
    PreviewableMixin,
    RevisionMixin,
    Site,
    WorkflowMixin,
)
from wagtail.search import index

from .content_cache import cached
from .http import ReadOnlyPageMixin
from .languages import first_visit_language, homes, varies_by_language

# A neutral page that would not draw attention on a shared screen.
DEFAULT_QUICK_EXIT_URL = "https://www.bbc.co.uk/weather"
# Short rich texts (intros, welcomes): emphasis and links, no headings or lists.
SHORT_TEXT_FEATURES = ["bold", "italic", "link"]


class HomePage(ReadOnlyPageMixin, Page):
    """The front door: a short welcome and the courses below it."""

    intro = RichTextField(
        blank=True,
        features=SHORT_TEXT_FEATURES,
        help_text=_("A few welcoming sentences shown above the list of courses."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["course.CoursePage"]

    @classmethod
    def can_create_at(cls, parent):
        # One front door: each other language's is its translation, made by
        # translating it (which this does not stop).
        return super().can_create_at(parent) and not cls.objects.exists()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = self.get_children().live().public().specific()
        return context

    def serve(self, request, *args, **kwargs):
        if (
            get_language() != settings.LANGUAGE_CODE
            or getattr(request, "embedded", False)
            or len(homes(request)) < 2
        ):
            return super().serve(request, *args, **kwargs)
        # The source language's front door, on a site in more than one language: a
        # first visit may be taken to another language's, so no proxy may keep one
        # visitor's answer for the next.
        request.edge_cacheable = False
        response = first_visit_language(request) or super().serve(
            request, *args, **kwargs
        )
        return varies_by_language(response)

    def route(self, request, path_components):
        """A live child found by its slug in a cached table and read in one query
        (Wagtail's routing takes two: the child, then its specific page). Anything
        else is routed by Wagtail."""
        if path_components:
            children = cached(
                request,
                f"live-children:{self.pk}",
                lambda: {
                    slug: (pk, content_type_id)
                    for pk, slug, content_type_id in self.get_children()
                    .live()
                    .values_list("pk", "slug", "content_type")
                },
            )
            found = children.get(path_components[0])
            if found is not None:
                page_id, content_type_id = found
                model = ContentType.objects.get_for_id(content_type_id).model_class()
                child = model.objects.filter(pk=page_id, live=True).first()
                if child is not None:
                    child._cached_parent_obj = self
                    return child.route(request, path_components[1:])
        return super().route(request, path_components)


def preview_get_help(request, **version):
    """The get-help page (quick exit, tab title, every help line) as it will be once
    this version of a help line or of the safety settings is published."""
    from .safety import previewing  # safety reads these models

    request.safety = previewing(request, **version)
    return render(
        request, "home/get_help.html", {"services": request.safety.help_lines}
    )


class Place(Orderable):
    """A country or region a learner can choose, so that every page shows the
    emergency number there and the get-help page lists the lines that answer there.
    Editors tag each help line with the places it serves."""

    name = models.CharField(
        max_length=80, unique=True, help_text=_("As learners read it, e.g. Scotland.")
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text=_("Used in addresses, e.g. /get-help/?place=scotland."),
    )

    panels = [
        # Wagtail's own sync, as for a page's title and slug.
        TitleFieldPanel("name", placeholder=False, classname=""),
        FieldPanel("slug", widget=SlugInput),
    ]

    class Meta(Orderable.Meta):
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


def language_choices():
    return settings.LANGUAGES


def written_in(line):
    """The language a help line's words are in: its own, else the site's."""
    return line.language or settings.LANGUAGE_CODE


class SupportServiceQuerySet(models.QuerySet):
    def live(self):
        """Published lines: the only ones a learner ever sees. A new line is a draft
        until a reviewer publishes it, and a change to a published line waits in a
        revision (the row keeps the published version) until then."""
        return self.filter(live=True)

    def main_list(self):
        """The main lines, listed first on the get-help page for their places; the
        emergency numbers among them are shown on every page."""
        return self.live().filter(in_main_list=True)

    def more_lines(self):
        """Specialist lines, listed under "More help lines" on the get-help page for
        their places. A line that an organisation offers stays in its embed only."""
        return (
            self.live()
            .filter(in_main_list=False, organisations__isnull=True)
            .order_by("region", "sort_order")
        )


class SupportService(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    Orderable,
    ClusterableModel,
):
    """A crisis or support line, so help is always one step away: emergency numbers
    on every page, the other lines on the get-help page for the learner's place.

    Help lines go through the same review as lessons (drafts, revisions, the Content
    review workflow, locking, the audit log): learners see only published lines."""

    name = models.CharField(max_length=120)
    description = models.CharField(
        max_length=255,
        help_text=_("One plain sentence: who it is for and what they offer."),
    )
    phone = models.CharField(
        max_length=40,
        blank=True,
        help_text=_("As people should dial it, for example 999 or 0808 2000 247."),
    )
    text_number = models.CharField(
        _("text message number"),
        max_length=40,
        blank=True,
        help_text=_("Leave blank if the service takes no text messages."),
    )
    url = models.URLField(_("website"), blank=True)
    hours = models.CharField(
        max_length=120, blank=True, help_text=_("For example: 24 hours, every day.")
    )
    region = models.CharField(
        max_length=80,
        help_text=_(
            "Where it answers, in a few words learners read beside its name, "
            "for example United Kingdom or Worldwide. The places below decide where it "
            "is listed."
        ),
    )
    places = ParentalManyToManyField(
        Place,
        blank=True,
        related_name="help_lines",
        help_text=_(
            "The countries or regions where it answers. Leave empty for a line "
            "that answers everywhere."
        ),
    )
    language = models.CharField(
        max_length=16,
        blank=True,
        choices=language_choices,
        help_text=_(
            "The language its name and description are written in, if not the "
            "site's main one: screen readers then read them in that language."
        ),
    )
    for_its_readers_only = models.BooleanField(
        _("only for learners reading in its language"),
        default=False,
        help_text=_(
            "For example a service's Spanish-language line, where its main "
            "line is listed for everyone. Learners reading in another language do not "
            "see it."
        ),
    )
    is_emergency = models.BooleanField(
        _("emergency service"),
        default=False,
        help_text=_(
            "Emergency numbers are shown first, with a note to call them when someone is in danger now."
        ),
    )
    in_main_list = models.BooleanField(
        _("a main line"),
        default=True,
        help_text=_(
            "Listed first on the get-help page for its places. Untick for a "
            "specialist line: it is then listed under 'More help lines', or, if an "
            "organisation offers it, only in that organisation's embedded course."
        ),
    )
    last_verified = models.DateField(
        blank=True,
        null=True,
        help_text=_(
            "The day an editor last checked the number and website for your region. "
            "Leave blank until someone has checked."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("description"),
                FieldPanel("region"),
                FieldPanel("places", widget=forms.CheckboxSelectMultiple),
                FieldPanel("language"),
                FieldPanel("for_its_readers_only"),
            ],
            heading=_("Service"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("text_number"),
                FieldPanel("url"),
                FieldPanel("hours"),
            ],
            heading=_("How to reach it"),
        ),
        FieldPanel("is_emergency"),
        FieldPanel("in_main_list"),
        FieldPanel("last_verified"),
    ]

    objects = SupportServiceQuerySet.as_manager()
    # As Wagtail recommends: revisions and workflow states are deleted with the line.
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="support_service",
        for_concrete_model=False,
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="support_service",
        for_concrete_model=False,
    )

    search_fields = [index.SearchField("name"), index.SearchField("region")]

    class Meta(Orderable.Meta):
        ordering = ["-is_emergency", "sort_order", "name"]
        # One name in the admin: menu, listing, headings and docs say "Help lines".
        verbose_name = _("help line")
        verbose_name_plural = _("help lines")

    def __str__(self):
        return f"{self.name} ({self.region})"

    def serve_preview(self, request, mode_name):
        return preview_get_help(request, line=self)

    @property
    def phone_href(self):
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")

    @property
    def needs_verification(self):
        return (
            self.last_verified is None
            or (timezone.localdate() - self.last_verified).days > 365
        )


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Per-site choices an organisation makes without a developer. The safety
    choices (quick exit, discreet titles) are in `SafetySettings`, which is reviewed."""

    help_heading = models.CharField(
        max_length=80,
        default="Get help now",
        help_text=_(
            "The heading at the foot of every page, above the emergency "
            "numbers and the link to the help lines."
        ),
    )

    panels = [FieldPanel("help_heading")]

    class Meta:
        verbose_name = _("site settings")

    @classmethod
    def for_request(cls, request):
        """As Wagtail's, from the cache while no editor has changed anything learners
        see (home/content_cache.py; saving these settings changes the version)."""
        name = cls.get_cache_attr_name()
        if not hasattr(request, name):
            site = Site.find_for_request(request)
            if site is None:
                return super().for_request(request)
            found = cached(
                request, f"site-settings:{site.pk}", lambda: cls.for_site(site)
            )
            found._request = request
            setattr(request, name, found)
        return getattr(request, name)

    def __str__(self):
        return f"Settings for {self.site}"


class SafetySettings(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    models.Model,
):
    """A site's safety choices: where the quick exit goes and whether browser tabs
    show a neutral title.

    A snippet, one per site, rather than a Wagtail setting: settings are saved live,
    with no drafts, revisions, workflow or locking, and these go through the same
    review as lessons. Learners get the published version (`for_site`)."""

    site = models.OneToOneField(
        Site, on_delete=models.CASCADE, related_name="safety_settings"
    )
    quick_exit_url = models.URLField(
        _("quick exit destination"),
        default=DEFAULT_QUICK_EXIT_URL,
        help_text=_(
            "Where the 'Exit this page' button sends people: an ordinary, "
            "neutral site that would not draw attention on a shared screen."
        ),
    )
    # On unless an editor turns it off: a learner cannot choose it before the first
    # page shows its title.
    discreet_titles = models.BooleanField(
        default=True,
        help_text=_(
            "Show a neutral title in the browser tab instead of the page's own "
            "title, so that tabs and history do not give the subject away. On unless "
            "you turn it off."
        ),
    )
    discreet_title = models.CharField(
        max_length=60,
        default="Notes",
        help_text=_("The neutral browser-tab title used when discreet titles are on."),
    )

    # As Wagtail recommends: revisions and workflow states are deleted with the row.
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="safety_settings",
        for_concrete_model=False,
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="safety_settings",
        for_concrete_model=False,
    )

    panels = [
        FieldPanel("site"),
        FieldPanel("quick_exit_url"),
        MultiFieldPanel(
            [FieldPanel("discreet_titles"), FieldPanel("discreet_title")],
            heading=_("Browser tabs"),
        ),
    ]

    class Meta:
        verbose_name = _("safety settings")
        verbose_name_plural = _("safety settings")

    def __str__(self):
        return f"Safety settings for {self.site.site_name or self.site.hostname}"

    def serve_preview(self, request, mode_name):
        return preview_get_help(request, settings=self)

    @property
    def tab_title(self):
        """The neutral browser-tab title, or "" when pages show their own titles."""
        return self.discreet_title if self.discreet_titles else ""

    @classmethod
    def for_site(cls, site):
        """What learners on the site get: its published settings, or the defaults
        while it has none (a draft never counts)."""
        return cls.objects.filter(site=site, live=True).first() or cls(site=site)


class ContentVersion(models.Model):
    """One row: a number that changes whenever an editor changes anything learners
    see, so caches keyed by it are fresh in every process (home/content_cache.py)."""

    value = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"Content version {self.value}"

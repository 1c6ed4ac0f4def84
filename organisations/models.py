"""Organisations that offer the course on their own websites: their origins,
branding and help lines, which learners came through them, and who may see what."""

import re
from dataclasses import replace
from urllib.parse import urlsplit

from django import forms
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.admin.widgets.slug import SlugInput
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.models.audit_log import BaseLogEntry, BaseLogEntryManager
from wagtail.search import index

from home.models import SHORT_TEXT_FEATURES, SupportService
from home.safety import site_safety
from learners.privacy import PersonalData

MIN_CONTRAST = 4.5  # WCAG AA for normal text
ACCENT_PATTERN = r"^#[0-9a-fA-F]{6}$"
DEFAULT_ACCENT = "#1d5c63"
# What an organisation's own staff may do with their organisation (Wagtail checks
# these model permissions; `OrganisationViewSet` keeps them to their own): change
# it and lock it while they work, and submit it for review. Never publish it:
# what learners see changes only when a reviewer publishes.
STAFF_PERMISSIONS = ["change", "lock"]


def relative_luminance(hex_colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_with_white(hex_colour):
    return 1.05 / (relative_luminance(hex_colour) + 0.05)


def validate_accent(value):
    ratio = contrast_with_white(value)
    if ratio < MIN_CONTRAST:
        raise ValidationError(
            _(
                "White text on this colour has a contrast of {ratio}:1; it needs at "
                "least {minimum}:1 to be readable. Choose a darker colour."
            ).format(ratio=f"{ratio:.1f}", minimum=MIN_CONTRAST)
        )


def parse_origins(text):
    return [line.strip().rstrip("/") for line in text.splitlines() if line.strip()]


def validate_origins(text):
    for origin in parse_origins(text):
        parts = urlsplit(origin)
        if (
            parts.scheme not in ("https", "http")
            or not parts.hostname
            or parts.path
            or parts.query
            or parts.fragment
        ):
            raise ValidationError(
                _(
                    "“{origin}” is not an origin. Write the scheme and host only, "
                    "such as https://www.example.org"
                ).format(origin=origin)
            )
        if parts.scheme == "http" and parts.hostname not in ("localhost", "127.0.0.1"):
            raise ValidationError(
                _("“{origin}” must use https (http is only for local testing).").format(
                    origin=origin
                )
            )


# Everyone in these groups (and administrators) sees every organisation's figures.
SEE_EVERY_ORGANISATION = ("Editors", "Reviewers")


def sees_every_organisation(user):
    return (
        user.is_superuser
        or user.groups.filter(name__in=SEE_EVERY_ORGANISATION).exists()
    )


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The tenancy rule: an organisation's staff see their own organisation;
        administrators, Editors and Reviewers see them all."""
        if sees_every_organisation(user):
            return self.all()
        return self.filter(staff_group__in=user.groups.all())

    def live(self):
        """Published organisations: the only ones with an embed. A new organisation
        is a draft until a reviewer publishes it, and a change to a published one
        waits in a revision (the row keeps the published version) until then."""
        return self.filter(live=True)


def learners_visible_to(user, path="learner"):
    """A filter for rows that reach a learner through `path`: every learner for those
    who see every organisation, otherwise only learners who came through the user's
    own organisations."""
    if sees_every_organisation(user):
        return Q()
    return Q(
        **{
            f"{path}__enrolment__organisation__in": Organisation.objects.visible_to(
                user
            )
        }
    )


def help_lines_visible_to(user):
    """The help lines a user may see in the admin: every line for those who see every
    organisation; otherwise the site's own (the main list, and the lines no
    organisation offers) and the lines of the user's own organisations, never a line
    only another organisation offers."""
    lines = SupportService.objects.all()
    if sees_every_organisation(user):
        return lines
    return lines.filter(
        Q(in_main_list=True)
        | Q(organisations__isnull=True)
        | Q(organisations__in=Organisation.objects.visible_to(user))
    ).distinct()


GROUP_NAME_LENGTH = Group._meta.get_field("name").max_length


class OrganisationForm(WagtailAdminModelForm):
    """The organisation's edit form: its staff are offered only the help lines they
    may see (the site's and their own organisation's), never a line only another
    organisation offers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "help_lines" in self.fields:
            self.fields["help_lines"].queryset = help_lines_visible_to(self.for_user)


class Organisation(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    """A charity, clinic or service that offers the course on its own website.

    Its safety choices (help lines, quick exit), branding and origins go through the
    same review as lessons (drafts, revisions, the Content review workflow, locking,
    the audit log): its staff edit and submit, a reviewer publishes. The row holds
    the published version, which is all the embed reads; an organisation never
    published has no embed."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(
        unique=True,
        help_text=gettext_lazy(
            "Used in the embed address. Changing it breaks existing embeds."
        ),
    )
    allowed_origins = models.TextField(
        validators=[validate_origins],
        help_text=gettext_lazy(
            "The websites allowed to show the course, one per line, such as "
            "https://www.example.org. Browsers refuse the embed anywhere else."
        ),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accent_colour = models.CharField(
        max_length=7,
        default=DEFAULT_ACCENT,
        validators=[
            RegexValidator(ACCENT_PATTERN, "Use a colour like #1d5c63."),
            validate_accent,
        ],
        help_text=gettext_lazy(
            "Buttons and the header use it with white text, so it must be dark enough to read."
        ),
    )
    welcome = RichTextField(
        blank=True,
        features=SHORT_TEXT_FEATURES,
        help_text=gettext_lazy("A short welcome shown above the course in the embed."),
    )
    help_lines = ParentalManyToManyField(
        "home.SupportService",
        blank=True,
        related_name="organisations",
        verbose_name=gettext_lazy("our help lines"),
        help_text=gettext_lazy(
            "Shown first in this organisation's embedded course. Add a line "
            "only you offer under Help lines, with “in the main list” unticked."
        ),
    )
    help_lines_replace_default = models.BooleanField(
        gettext_lazy("show only our help lines"),
        default=False,
        help_text=gettext_lazy(
            "Ticked: only this organisation's help lines are shown. Unticked: they come first, then the main list."
        ),
    )
    quick_exit_url = models.URLField(
        gettext_lazy("quick exit destination"),
        blank=True,
        help_text=gettext_lazy("Leave blank to use the site's default."),
    )
    staff_group = models.OneToOneField(
        Group,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="organisation",
    )

    panels = [
        MultiFieldPanel(
            [
                # Wagtail's own sync, as for a page's title and slug: the slug
                # follows the name until the organisation is first published.
                TitleFieldPanel("name", placeholder=False, classname=""),
                FieldPanel("slug", widget=SlugInput),
                FieldPanel("allowed_origins"),
            ],
            heading=gettext_lazy("Organisation"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("logo"),
                # The browser's colour picker; validate_accent still refuses a
                # colour too light for white text.
                FieldPanel(
                    "accent_colour", widget=forms.TextInput(attrs={"type": "color"})
                ),
                FieldPanel("welcome"),
            ],
            heading=gettext_lazy("Branding"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("help_lines", widget=forms.CheckboxSelectMultiple),
                FieldPanel("help_lines_replace_default"),
                FieldPanel("quick_exit_url"),
            ],
            heading=gettext_lazy("Safety"),
        ),
    ]
    base_form_class = OrganisationForm
    search_fields = [index.SearchField("name")]

    objects = OrganisationQuerySet.as_manager()
    # As Wagtail recommends: revisions and workflow states are deleted with the row.
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="organisation",
        for_concrete_model=False,
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="organisation",
        for_concrete_model=False,
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def origins(self):
        return parse_origins(self.allowed_origins)

    def save(self, *args, **kwargs):
        # Each organisation's staff get a group of their own: it decides what they
        # see. The group is tied to the organisation by staff_group, never found by
        # its name: a group left by a deleted organisation, or another organisation
        # with the same name, never lends its members to this one.
        update_fields = kwargs.get("update_fields")
        with transaction.atomic():
            super().save(*args, **kwargs)
            if self.staff_group_id is None:
                self.staff_group = Group.objects.create(name=self.staff_group_name())
                self.staff_group.permissions.add(*self.staff_permissions())
                Organisation.objects.filter(pk=self.pk).update(
                    staff_group=self.staff_group
                )
            elif (
                # Only when the name itself is saved: saving some other fields (a
                # revision noted, a lock taken) may be done with a draft's name in
                # hand, which the group must not follow until it is published.
                update_fields is None or "name" in update_fields
            ) and self.staff_group.name not in self.staff_group_names():
                # Renamed: the group keeps its members and follows the new name, so
                # that "Harbour staff" never names another organisation's group.
                self.staff_group.name = self.staff_group_name()
                self.staff_group.save(update_fields=["name"])

    @staticmethod
    def staff_permissions():
        """Admin access, and STAFF_PERMISSIONS on organisations (Wagtail's lock
        permission is made after migrations, so it is made here if need be)."""
        content_type = ContentType.objects.get_for_model(Organisation)
        permissions = [
            Permission.objects.get(
                content_type__app_label="wagtailadmin", codename="access_admin"
            )
        ]
        for action in STAFF_PERMISSIONS:
            permissions.append(
                Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_organisation",
                    defaults={"name": f"Can {action} organisation"},
                )[0]
            )
        return permissions

    def staff_group_names(self):
        """The names this organisation's group may have, preferred first: "Harbour
        staff", then with the slug, then with the id (each unique to it)."""
        suffixes = [
            " staff",
            f" staff ({self.slug})",
            f" staff (organisation {self.pk})",
        ]
        return [
            self.name[: GROUP_NAME_LENGTH - len(suffix)] + suffix for suffix in suffixes
        ]

    def staff_group_name(self):
        """The first of staff_group_names no other group has."""
        others = Group.objects.exclude(pk=self.staff_group_id)
        names = self.staff_group_names()
        taken = set(others.filter(name__in=names).values_list("name", flat=True))
        return next((name for name in names if name not in taken), names[-1])

    def safety(self, site):
        """Inside this organisation's embed: its own help lines first (or alone) and
        its own quick exit, falling back to the site's. Its own emergency numbers,
        if it lists any, stand in for the site's."""
        own = list(self.help_lines.filter(live=True))  # published lines only
        lines = own
        if not self.help_lines_replace_default:
            lines = own + [line for line in site.help_lines if line not in own]
        emergency = [line for line in own if line.is_emergency]
        return replace(
            site,
            help_lines=lines,
            own_help_lines=[line for line in own if not line.is_emergency],
            emergency_lines=emergency or site.emergency_lines,
            quick_exit_url=self.quick_exit_url or site.quick_exit_url,
        )

    def serve_preview(self, request, mode_name):
        """The get-help page inside this organisation's embed as it will be once
        this version is published: its welcome, colour, help lines and quick exit."""
        request.organisation, request.embedded = self, True
        request.safety = self.safety(site_safety(request))
        colour = self.accent_colour or ""
        accent = colour if re.match(ACCENT_PATTERN, colour) else DEFAULT_ACCENT
        return render(
            request,
            "organisations/preview.html",
            {
                "services": request.safety.help_lines,
                "organisation": self,
                "accent": accent,
            },
        )


class OrganisationLogEntryManager(BaseLogEntryManager):
    def log_action(self, instance, action, **kwargs):
        kwargs.update(object_id=str(instance.pk))
        return super().log_action(instance, action, **kwargs)

    def for_instance(self, instance):
        return self.filter(object_id=str(instance.pk))

    def viewable_by_user(self, user):
        """The tenancy rule, for Wagtail's site history: staff read the entries of
        their own organisation only."""
        if sees_every_organisation(user):
            return self.all()
        own = Organisation.objects.visible_to(user).values_list("pk", flat=True)
        return self.filter(object_id__in=[str(pk) for pk in own])


class OrganisationLogEntry(BaseLogEntry):
    """The audit log of organisations (Wagtail's ModelLogEntry, kept apart): Wagtail
    shows anyone with a permission on a model every entry about it in *Site
    history*, which would show one organisation's staff what another's did."""

    object_id = models.CharField(max_length=255, db_index=True)

    objects = OrganisationLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = gettext_lazy("organisation log entry")
        verbose_name_plural = gettext_lazy("organisation log entries")

    def __str__(self):
        return f"OrganisationLogEntry {self.pk}: {self.action!r} on {self.object_id}"


class Enrolment(PersonalData, models.Model):
    """A learner who started the course through an organisation, and is counted in
    its reports."""

    learner = models.OneToOneField(
        "learners.Learner", on_delete=models.CASCADE, related_name="enrolment"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="enrolments"
    )
    enrolled_at = models.DateTimeField(auto_now_add=True)

    privacy_description = (
        "If you started the course on an organisation's website: which organisation, "
        "so that it can see how many people its course helps (never who they are)."
    )
    export_key = "organisation"

    def __str__(self):
        return f"{self.learner} through {self.organisation}"

    def as_export(self):
        return {
            "organisation": self.organisation.name,
            "enrolled_at": self.enrolled_at.isoformat(),
        }

    @classmethod
    def move(cls, source, target):
        # A learner keeps the organisation they came through first.
        if not cls.of(target).exists():
            cls.of(source).update(learner=target)

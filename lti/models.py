"""Learning platforms (Moodle, Canvas...) that launch the course with LTI 1.3, the
keys we sign our messages to them with, and the scores their grade books are sent.
Nothing here names a learner."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.forms import WagtailAdminModelForm

from jwcrypto.jwk import JWK
from pylti1p3.registration import Registration

from learners.privacy import PersonalData
from organisations.models import Organisation, validate_origins


def validate_endpoint(url):
    """Our server calls these addresses: https only (http only for local testing,
    as for an organisation's origins)."""
    parts = urlsplit(url)
    validate_origins(f"{parts.scheme}://{parts.netloc}")


class PlatformForm(WagtailAdminModelForm):
    """A platform's form in the admin: staff are offered only their own organisations."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "organisation" in self.fields:
            self.fields["organisation"].queryset = Organisation.objects.visible_to(
                self.for_user
            )


class Platform(models.Model):
    """One registration of Alongside in an organisation's learning platform: what
    its administrator was given when they added Alongside as an external tool."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="lti_platforms",
    )
    name = models.CharField(
        max_length=120,
        help_text=gettext_lazy("For you, such as “Moodle (staff training)”."),
    )
    website = models.CharField(
        gettext_lazy("learning platform's address"),
        max_length=255,
        validators=[validate_origins],
        help_text=gettext_lazy(
            "The address learners see the course at, scheme and host only, "
            "such as https://moodle.example.org. It must be one of the organisation's "
            "allowed websites, so that the platform may show the course in its frame."
        ),
    )
    issuer = models.CharField(
        max_length=255,
        help_text=gettext_lazy(
            "Moodle: the platform ID (its address). Canvas: https://canvas.instructure.com."
        ),
    )
    client_id = models.CharField(gettext_lazy("client ID"), max_length=255)
    deployment_ids = models.TextField(
        gettext_lazy("deployment IDs"),
        help_text=gettext_lazy(
            "One per line. Launches from any other deployment are refused."
        ),
    )
    auth_url = models.URLField(
        gettext_lazy("authentication request URL"),
        validators=[validate_endpoint],
        help_text=gettext_lazy(
            "Moodle: …/mod/lti/auth.php. Canvas: https://sso.canvaslms.com/api/lti/authorize_redirect."
        ),
    )
    token_url = models.URLField(
        gettext_lazy("access token URL"),
        validators=[validate_endpoint],
        help_text=gettext_lazy(
            "Moodle: …/mod/lti/token.php. Canvas: https://sso.canvaslms.com/login/oauth2/token."
        ),
    )
    keyset_url = models.URLField(
        gettext_lazy("public keyset URL"),
        validators=[validate_endpoint],
        help_text=gettext_lazy(
            "Moodle: …/mod/lti/certs.php. Canvas: https://sso.canvaslms.com/api/lti/security/jwks."
        ),
    )

    base_form_class = PlatformForm

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = gettext_lazy("learning platform (LTI)")
        verbose_name_plural = gettext_lazy("learning platforms (LTI)")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "client_id"], name="one_platform_per_client_id"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation})"

    @property
    def deployments(self):
        return [
            line.strip() for line in self.deployment_ids.splitlines() if line.strip()
        ]

    @property
    def origin(self):
        return self.website.rstrip("/")

    def clean(self):
        super().clean()
        if self.organisation_id is None or not self.website:
            return
        if self.origin not in self.organisation.origins:
            raise ValidationError(
                {
                    "website": _(
                        "{organisation} does not allow {origin} to show the course. "
                        "Add {origin} to its allowed websites (Organisations, then the "
                        "organisation's page) and have that change published, then "
                        "save this platform again."
                    ).format(organisation=self.organisation, origin=self.origin)
                }
            )

    def registration(self):
        """This platform as pylti1p3 knows a platform, signing with our current key."""
        key = ToolKey.objects.current()
        return (
            Registration()
            .set_issuer(self.issuer)
            .set_client_id(self.client_id)
            .set_auth_login_url(self.auth_url)
            .set_auth_token_url(self.token_url)
            .set_key_set_url(self.keyset_url)
            .set_tool_private_key(key.private_key)
            .set_tool_public_key(key.public_key)
        )


class ToolKeyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_active=True)

    def current(self):
        """The key we sign with: the newest published one, made on first need."""
        with transaction.atomic():
            key = self.published().order_by("-created_at").first()
            return key or self.generate()

    def generate(self):
        jwk = JWK.generate(kty="RSA", size=2048)
        return self.create(
            public_key=jwk.export_to_pem().decode(),
            private_key=jwk.export_to_pem(private_key=True, password=None).decode(),
        )

    def as_jwks(self):
        return {"keys": [key.as_jwk() for key in self.published()]}

    def rotate(self, keep_days):
        """A new key, which signs from now on; keys older than `keep_days` leave the
        published set (platforms may still hold messages signed with them until then)."""
        with transaction.atomic():
            new = self.generate()
            cutoff = timezone.now() - timezone.timedelta(days=keep_days)
            retired = (
                self.published()
                .filter(created_at__lt=cutoff)
                .exclude(pk=new.pk)
                .update(is_active=False)
            )
        return new, retired


class ToolKey(models.Model):
    """One of our RSA key pairs. The public halves of the published ones are our key
    set (the JWKS URL); the newest signs deep-linking answers and token requests."""

    public_key = models.TextField()
    private_key = models.TextField()
    is_active = models.BooleanField(gettext_lazy("published"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ToolKeyQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("LTI signing key")

    def __str__(self):
        return self.kid

    @property
    def kid(self):
        return Registration.get_jwk(self.public_key)["kid"]

    def as_jwk(self):
        return dict(Registration.get_jwk(self.public_key))


class GradeLink(PersonalData, models.Model):
    """Where a platform's grade book keeps a learner's score for something placed
    there, and the score still to send. The platform's `sub` (its opaque id for the
    person) is what the grade book knows them by: kept for that, and nothing else.
    Deleted with the learner."""

    privacy_description = (
        "If your organisation placed the course in its learning system (Moodle, "
        "Canvas…) with a grade: the learning system's own number for you (never your "
        "name), where in its grade book your score goes, and the last score sent, so "
        "that your score reaches it even when it was briefly out of reach."
    )
    export_key = "learning_system_grades"

    learner = models.ForeignKey(
        "learners.Learner", on_delete=models.CASCADE, related_name="grade_links"
    )
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE)
    sub = models.CharField(max_length=255)
    lineitem = models.CharField(max_length=2000)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE)
    # Out of 100. `pending_score` waits to be sent (None: nothing to send); a failed
    # send keeps it, and the next one (manage.py send_lti_scores) tries again.
    pending_score = models.PositiveSmallIntegerField(null=True)
    scored_at = models.DateTimeField(null=True)
    sent_score = models.PositiveSmallIntegerField(null=True)
    failures = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "lineitem"], name="one_grade_link_per_lineitem"
            )
        ]

    def __str__(self):
        return f"{self.learner}'s score for page {self.page_id} on {self.platform}"

    def as_export(self):
        return {
            "learning_system": self.platform.name,
            "your_id_there": self.sub,
            "grade_book_column": self.lineitem,
            "score_sent": self.sent_score,
            "score_waiting": self.pending_score,
        }

    @classmethod
    def move(cls, source, target):
        # One column of a grade book has one score: where both learners have it, the
        # progress merged into `target` is rescored for `target`'s link.
        taken = cls.of(target).values("lineitem")
        cls.of(source).filter(lineitem__in=taken).delete()
        cls.of(source).update(learner=target)

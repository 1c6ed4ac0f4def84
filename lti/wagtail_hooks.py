"""Learning platforms in the Wagtail admin, for each organisation's own staff and for
those who see every organisation (the tenancy rule, `Organisation.objects.visible_to`)."""

from functools import wraps

from django import forms
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from organisations.models import SEE_EVERY_ORGANISATION, Organisation

from .models import Platform


def platforms_visible_to(user):
    return Platform.objects.filter(
        organisation__in=Organisation.objects.visible_to(user)
    ).select_related("organisation")


class TenancyPermissionPolicy(BasePermissionPolicy):
    """Whoever may see an organisation may register its platforms: its own staff
    (who hold no model permission for them) and those who see every organisation.
    Which platforms, the tenancy rule decides."""

    def user_has_permission(self, user, action):
        return user.is_active and Organisation.objects.visible_to(user).exists()

    def users_with_any_permission(self, actions):
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(
                Q(is_superuser=True)
                | Q(groups__name__in=SEE_EVERY_ORGANISATION)
                | Q(groups__organisation__isnull=False)
            )
            .distinct()
        )

    def user_has_permission_for_instance(self, user, action, instance):
        return platforms_visible_to(user).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        return platforms_visible_to(user)


register_permission_policy(Platform, TenancyPermissionPolicy(Platform))


def tool_addresses(request):
    """What a platform's administrator enters for Alongside (docs/lti.md)."""

    def absolute(name):
        return request.build_absolute_uri(reverse(name))

    return [
        (_("Login initiation URL (OpenID Connect)"), absolute("lti_login")),
        (_("Tool URL / Target link URI"), absolute("lti_launch")),
        (_("Redirection URI"), absolute("lti_launch")),
        (_("Deep linking URL (content selection)"), absolute("lti_launch")),
        (_("Public keyset URL (JWKS)"), absolute("lti_jwks")),
    ]


class PlatformIndexView(generic.IndexView):
    template_name = "lti/platform_index.html"

    def get_base_queryset(self):
        return platforms_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            tool_addresses=tool_addresses(self.request), **kwargs
        )


def own_platforms_only(view):
    """Every view of one platform answers 404 to someone the tenancy rule does not
    let see its organisation."""

    @wraps(view)
    def tenancy_checked(request, *args, **kwargs):
        if "pk" in kwargs:
            try:
                pk = int(unquote(str(kwargs["pk"])))
            except ValueError:
                raise Http404 from None
            if not platforms_visible_to(request.user).filter(pk=pk).exists():
                raise Http404
        return view(request, *args, **kwargs)

    return tenancy_checked


class PlatformViewSet(ModelViewSet):
    model = Platform
    icon = "link-external"
    menu_label = gettext_lazy("Learning platforms (LTI)")
    menu_order = 270
    add_to_admin_menu = True
    list_display = ["name", "organisation", "issuer", "client_id"]
    index_view_class = PlatformIndexView
    inspect_view_enabled = False
    copy_view_enabled = False
    panels = [
        HelpPanel(
            content=format_lazy(
                "<p>{}</p>",
                gettext_lazy(
                    "Register Alongside in your learning platform first (see the "
                    "addresses on the list of learning platforms, and docs/lti.md), "
                    "then enter here what the platform gave you."
                ),
            )
        ),
        # A plain list: staff are offered their own organisations only (PlatformForm).
        FieldPanel("organisation", widget=forms.Select),
        FieldPanel("name"),
        FieldPanel("website"),
        MultiFieldPanel(
            [
                FieldPanel("issuer"),
                FieldPanel("client_id"),
                FieldPanel("deployment_ids"),
            ],
            heading=gettext_lazy("What the platform gave you"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("auth_url"),
                FieldPanel("token_url"),
                FieldPanel("keyset_url"),
            ],
            heading=gettext_lazy("The platform's addresses"),
        ),
    ]

    def construct_view(self, view_class, **kwargs):
        return own_platforms_only(super().construct_view(view_class, **kwargs))


@hooks.register("register_admin_viewset")
def register_platform_viewset():
    return PlatformViewSet("lti_platforms")

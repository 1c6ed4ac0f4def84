"""Whatever an editor changes that learners see moves the content version
(home/content_cache.py), in the change's own transaction, so every cache keyed by it
(course outlines, the routing, the site's help lines and settings, rendered lesson
text) is fresh in every process the moment the change commits.

Pages: any save (a draft too: cheap, and editors save rarely), publication,
unpublication, move or deletion. Reviewed snippets (help lines, safety settings) and
site settings: any save or deletion; their rows hold only what is published. Sites,
view restrictions and images: any save or deletion."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.images.models import AbstractImage
from wagtail.models import BaseViewRestriction, Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.content_cache import content_changed
from home.models import SafetySettings, SupportService

SEEN_BY_LEARNERS = (
    Page,
    Site,
    BaseSiteSetting,
    SupportService,
    SafetySettings,
    BaseViewRestriction,
    AbstractImage,
)


@receiver(post_save)
@receiver(post_delete)
def saved_or_deleted(sender, instance, **kwargs):
    if isinstance(instance, SEEN_BY_LEARNERS):
        content_changed()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def page_changed(sender, **kwargs):
    content_changed()

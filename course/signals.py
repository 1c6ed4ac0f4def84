"""What an editor changes that learners see, in one place, and the two things it sets
off: the content version moves (home/content_cache.py), in the change's own
transaction, so every cache keyed by it (course outlines, the routing, the site's
help lines and settings, rendered lesson text) is fresh in every process the moment
the change commits; and the pages our proxy keeps are purged once it has committed
(home/edge_cache.py).

Pages: any save moves the version (a draft too: cheap, and editors save rarely);
publication, unpublication, a move or a deletion also purges, with the old addresses
of pages leaving theirs. Reviewed snippets (help lines, safety settings,
organisations): any save moves the version (their rows hold only what is published),
publishing or unpublishing purges. Sites, site settings, view restrictions and
images: any save or deletion does both, except site settings made with their
defaults on a site's first request, which change nothing anyone sees."""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.images.models import AbstractImage
from wagtail.models import BaseViewRestriction, DraftStateMixin, Page, Site
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    pre_page_move,
    published,
    unpublished,
)

from home.content_cache import content_changed
from home.edge_cache import purge_pages
from home.models import Place, SafetySettings, SupportService

SEEN_BY_LEARNERS = (
    Page,
    Site,
    BaseSiteSetting,
    SupportService,
    Place,
    SafetySettings,
    BaseViewRestriction,
    AbstractImage,
)


@receiver(post_save)
@receiver(post_delete)
def saved_or_deleted(sender, instance, created=False, **kwargs):
    if not isinstance(instance, SEEN_BY_LEARNERS):
        return
    if created and isinstance(instance, BaseSiteSetting):
        return
    content_changed()
    # Pages and reviewed snippets are purged when published (below): a saved
    # draft shows nowhere.
    if not isinstance(instance, (Page, DraftStateMixin)):
        purge_pages()


@receiver(page_published)
@receiver(post_page_move)
@receiver(published)
@receiver(unpublished)
def published_or_moved(sender, **kwargs):
    content_changed()
    purge_pages()


@receiver(page_unpublished)
@receiver(pre_page_move)
def leaving_its_address(sender, instance, **kwargs):
    content_changed()
    purge_pages([instance, *instance.get_descendants().live()])


@receiver(pre_delete)
def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        purge_pages([instance])

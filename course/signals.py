"""Cached course outlines follow the page tree: any saved, published, unpublished,
moved or deleted page drops the outline of the courses above it, and of those
below it when it holds any (a home page whose slug changed moves every address).

It is dropped at once, for this transaction's own reads, and again once the
transaction commits: a learner's request that read the tree before the commit may
have cached the old outline in between."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    pre_page_move,
)

from .progress import outline_key, outline_keys_above


def forget(page):
    if not isinstance(page, Page) or not page.path:
        return
    keys = outline_keys_above(page.path)
    if page.numchild:
        from .models import CoursePage, StagePage

        if not isinstance(page, StagePage):
            below = CoursePage.objects.filter(path__startswith=page.path)
            keys += [outline_key(path) for path in below.values_list("path", flat=True)]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


@receiver(post_save)
@receiver(post_delete)
@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    forget(instance)


@receiver(pre_page_move)
@receiver(post_page_move)
def page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    for page in (instance, parent_page_before, parent_page_after):
        forget(page)

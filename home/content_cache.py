"""Caches of what learners see that changes only when an editor changes it (a
course's outline, the site's help lines and safety settings, a lesson's rendered
text), seen by every process the moment the change commits.

Every such change gives a new random number, the content version (`ContentVersion`, a row in
the database, moved in the editor's own transaction by course/signals.py), and every
key here carries it. A request reads it once (one short query), so a process whose
local-memory cache still holds the old outline never finds it: its key has the old
number. A random number rather than a count, so that a database restored from a
backup never meets entries made under its numbers before. This holds with Redis and without it (the local-memory cache is per process:
deleting a key there reaches no other process), and needs no deletes in the right
order: an entry under an old number is simply never read again and expires.

The number moves in the transaction of the change, so a request that reads the old
number reads the old content too (or the new: then it is merely early); one that
reads the new number can only find entries built from the committed change.
"""

import secrets

from django.core.cache import cache

# Entries are found by the version, not dropped: this only bounds how long unused
# ones take room.
TIMEOUT = 60 * 60


def content_version(request=None):
    """The current content version, read once per request."""
    if request is not None and hasattr(request, "content_version"):
        return request.content_version
    from .models import ContentVersion

    value = ContentVersion.objects.values_list("value", flat=True).first() or 0
    if request is not None:
        request.content_version = value
    return value


def content_changed():
    """Something learners see has changed: a new version (in the caller's
    transaction, so it counts when the change commits, and not before)."""
    from .models import ContentVersion

    value = secrets.randbits(62) + 1
    if not ContentVersion.objects.filter(pk=1).update(value=value):
        # The row is gone (a flushed test database): make it again.
        ContentVersion.objects.bulk_create(
            [ContentVersion(pk=1, value=value)], ignore_conflicts=True
        )


def cached(request, key, build, timeout=TIMEOUT):
    """`build()`, or what it gave last time at this content version."""
    version = content_version(request)
    if not version:  # no row (a flushed test database): nothing to key by
        return build()
    full_key = f"{key}:v{version}"
    found = cache.get(full_key)
    if found is not None:
        return found[0]
    value = build()
    cache.set(full_key, (value,), timeout)
    return value

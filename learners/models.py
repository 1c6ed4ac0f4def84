import base64
import hashlib
import json
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import ngettext

from .privacy import PersonalData, registered


def hash_learner_key(key):
    return hashlib.sha256(key.encode()).hexdigest()


SIGNATURE_LENGTH = 20


def _signature(raw):
    return salted_hmac("learner-address-key", raw).hexdigest()[:SIGNATURE_LENGTH]


def new_address_key():
    """A key for an address (an embed) that names no learner yet. It carries its own
    proof that this site made it, so no row is needed until the first write."""
    raw = secrets.token_urlsafe(32)
    return f"{raw}-{_signature(raw)}"


def address_key_for(*parts):
    """The address key of someone known elsewhere by `parts` (a learning platform's
    issuer, client id and its opaque id for the person): always the same key for the
    same parts, so they find their progress again, yet nothing in it names them. It
    passes `is_our_address_key` like a key from `new_address_key`."""
    # As JSON, so that no two lists of parts give the same text.
    digest = salted_hmac(
        "learner-address-key-for", json.dumps(parts), algorithm="sha256"
    ).digest()
    raw = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    return f"{raw}-{_signature(raw)}"


def is_our_address_key(key):
    raw, dash, signature = (
        key[: -SIGNATURE_LENGTH - 1],
        key[-SIGNATURE_LENGTH - 1 : -SIGNATURE_LENGTH],
        key[-SIGNATURE_LENGTH:],
    )
    return (
        bool(raw) and dash == "-" and constant_time_compare(signature, _signature(raw))
    )


# No 0/O, 1/I/L: a resume code is read aloud and written down by hand.
RESUME_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RESUME_GROUPS, RESUME_GROUP_SIZE = 5, 4  # 20 characters: about 99 bits


def new_resume_code():
    chars = "".join(
        secrets.choice(RESUME_ALPHABET)
        for _ in range(RESUME_GROUPS * RESUME_GROUP_SIZE)
    )
    return "-".join(
        chars[i : i + RESUME_GROUP_SIZE]
        for i in range(0, len(chars), RESUME_GROUP_SIZE)
    )


def normalise_resume_code(code):
    return "".join(ch for ch in code.upper() if ch in RESUME_ALPHABET)


class LearnerQuerySet(models.QuerySet):
    def create_with_key(self, **kwargs):
        """Create a learner and return it with its key, which is never stored."""
        key = secrets.token_urlsafe(32)
        learner = self.create(key_hash=hash_learner_key(key), **kwargs)
        return learner, key

    def claim(self, key, **kwargs):
        """The learner of an address key made by `new_address_key`, created by its
        first write; the same form sent twice still makes one."""
        learner, _created = self.get_or_create(
            key_hash=hash_learner_key(key), defaults=kwargs
        )
        return learner

    def for_key(self, key):
        """The anonymous learner a browser's key, a resumed device's key or a resume
        code belongs to. Progress that has moved into an account opens with the
        account's password only."""
        hashed = hash_learner_key(key)
        resumed_device = DeviceKey.objects.filter(key_hash=hashed).values("learner")
        return (
            self.filter(user__isnull=True)
            .filter(
                Q(key_hash=hashed)
                | Q(resume_code_hash=hashed)
                | Q(pk__in=resumed_device)
            )
            .first()
        )

    def idle_anonymous(self, days):
        cutoff = timezone.now() - timezone.timedelta(days=days)
        return self.filter(user__isnull=True, last_seen_at__lt=cutoff)


class Learner(PersonalData, models.Model):
    """Someone working through a course, known by an opaque key rather than by name.

    The browser holds the key; the database holds only its hash, so a copy of the
    database cannot be used to take over anyone's progress. A learner who signs up
    is linked to their account and keeps what they did before.
    """

    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # A resume code works like a second key, typed in on another device.
    resume_code_hash = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="learner",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(auto_now=True)

    objects = LearnerQuerySet.as_manager()

    privacy_description = (
        "A random code that links your browser to your progress. We keep only a "
        "scrambled form of it (and of a resume code, if you ask for one), so nobody "
        "can read the code from our database. We also keep when you started and when "
        "you last used the course, so that progress nobody uses is deleted in time."
    )
    export_key = "learner"

    def __str__(self):
        return f"Learner {self.pk}"

    def as_export(self):
        return {
            "started_at": self.created_at.isoformat(),
            "last_seen_at": self.last_seen_at.isoformat(),
            "has_resume_code": self.resume_code_hash is not None,
        }

    @classmethod
    def of(cls, learner):
        return cls.objects.filter(pk=learner.pk)

    @classmethod
    def move(cls, source, target):
        """The learner row itself never moves: absorb() deletes it."""

    def issue_resume_code(self):
        """A new resume code; any earlier one stops working."""
        code = new_resume_code()
        self.resume_code_hash = hash_learner_key(normalise_resume_code(code))
        self.save(update_fields=["resume_code_hash"])
        return code

    def add_device(self):
        """A key of its own for a device that resumed with a code, so that a new code
        asked for later, here or elsewhere, leaves this device its progress."""
        key = secrets.token_urlsafe(32)
        DeviceKey.objects.create(learner=self, key_hash=hash_learner_key(key))
        return key

    def close_anonymous_ways_in(self):
        """No key, code or device that opened this progress anonymously opens it
        again: it has moved into an account."""
        self.key_hash = hash_learner_key(secrets.token_urlsafe(32))
        self.resume_code_hash = None
        self.save(update_fields=["key_hash", "resume_code_hash"])
        DeviceKey.objects.filter(learner=self).delete()

    def touch(self):
        """Keep this learner's progress from the idle purge. Idleness is counted in
        days (LEARNER_IDLE_DAYS), so once an hour is enough: most writes skip it."""
        now = timezone.now()
        if self.last_seen_at and now - self.last_seen_at < timedelta(hours=1):
            return
        Learner.objects.filter(pk=self.pk).update(last_seen_at=now)
        self.last_seen_at = now

    def absorb(self, other):
        """Take over everything another learner recorded, then delete them."""
        for model in registered():
            model.move(other, self)
        other.delete()

    def counts(self):
        """What we keep, counted for "Your progress": [(count, label)]."""
        counts = []
        for model in registered():
            if model.counted_as:
                count = model.of(self).count()
                # Marked for translation in learners/interface_words.py.
                counts.append((count, ngettext(*model.counted_as, count)))
        return counts


class DeviceKey(PersonalData, models.Model):
    """The key of a device that resumed with a resume code. The code itself never
    becomes a device's key: then asking for a new code would lock that device out."""

    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="device_keys"
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    privacy_description = (
        "For each device where you typed in a resume code: a scrambled form of that "
        "device's own random code, and when you resumed there."
    )
    export_key = "devices_resumed_on"

    def __str__(self):
        return f"Device of learner {self.learner_id}"

    def as_export(self):
        return {"resumed_at": self.created_at.isoformat()}

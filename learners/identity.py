"""Who is learning: an opaque key, held by the browser, names a Learner row.

The key travels in a first-party cookie. Where cookies are blocked (a course embedded
in another site), it travels in the address instead: whatever routes such addresses
sets `request.learner_key_in_address`. `find_learner` is the one place that decides
which key counts.
"""

import secrets

from django.conf import settings
from django.dispatch import Signal
from django.utils.crypto import salted_hmac

from .models import Learner, hash_learner_key, is_our_address_key

# Sent when a learner is created by their first write, with the request: whatever
# served that request on another's behalf (an organisation's embed) counts them.
learner_started = Signal()


def find_learner(request):
    """The request's learner, or None. A key in the address names the learner of that
    address; otherwise an account holder's own learner, then the cookie's."""
    key = getattr(request, "learner_key_in_address", None)
    if key:
        return Learner.objects.for_key(key)
    if request.user.is_authenticated:
        return Learner.objects.filter(user=request.user).first()
    key = request.COOKIES.get(settings.LEARNER_COOKIE_NAME)
    return Learner.objects.for_key(key) if key else None


def ensure_learner(request):
    """The request's learner, created on first write (reading creates nothing)."""
    learner = request.learner
    if learner is not None:
        # Idle anonymous progress is purged; using it keeps it.
        learner.touch()
        return learner
    address_key = getattr(request, "learner_key_in_address", None)
    if address_key:
        learner = Learner.objects.claim(address_key)
    elif request.user.is_authenticated:
        learner, _created = Learner.objects.get_or_create(
            user=request.user,
            defaults={"key_hash": hash_learner_key(secrets.token_urlsafe(32))},
        )
    else:
        key = first_key(request)
        learner = Learner.objects.claim(key)
        request.new_learner_key = key
    request.learner = learner
    learner_started.send(sender=Learner, request=request, learner=learner)
    return learner


FIRST_WRITE = "first_write"


def first_write_nonce():
    return secrets.token_urlsafe(16)


def first_key(request):
    """The key of a browser's first write. A form sent twice (a double click, Back
    and send again) races to make the learner before either answer has set a cookie;
    both copies carry the same nonce from the form (`first_write_field`) and the same
    CSRF cookie, so the key derived from the two makes one learner for both. Neither
    alone will do: a CSRF cookie can be planted in someone else's browser (from a
    sibling host, over plain http), and a page with a nonce could one day be served
    from a cache to many; nobody else can send this browser's form with its cookie."""
    nonce = request.POST.get(FIRST_WRITE, "")
    csrf_secret = request.META.get("CSRF_COOKIE")
    if not (nonce and csrf_secret):
        return secrets.token_urlsafe(32)
    return salted_hmac("first-learner-key", f"{csrf_secret}:{nonce}").hexdigest()


def is_unknown_address_key(request):
    """An address key that names nobody and that this site did not make: mistyped,
    forged, or of a learner since deleted."""
    key = getattr(request, "learner_key_in_address", None)
    return bool(key) and request.learner is None and not is_our_address_key(key)


def remember_learner(request, response):
    """Give a newly created (or resumed) anonymous learner's key to the browser."""
    key = getattr(request, "new_learner_key", None)
    if key:
        response.set_cookie(
            settings.LEARNER_COOKIE_NAME,
            key,
            max_age=settings.LEARNER_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=getattr(settings, "LEARNER_COOKIE_SECURE", False),
        )
    return response


def forget_learner(response):
    """After erasing: the key goes, and so does what the site left in the browser
    (notes kept on the device, cached pages). Cookies are deleted by name rather than
    with "cookies" here, so the message saying it is done still arrives."""
    response.delete_cookie(settings.LEARNER_COOKIE_NAME, samesite="Lax")
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


def adopt_anonymous_progress(request, user, anonymous=None):
    """Move progress this browser made anonymously into the account: at sign-up, or
    at sign-in when the account holder says it is theirs (see `offer_device_progress`)."""
    if anonymous is None:
        anonymous = getattr(request, "learner", None)  # found before signing in
    if anonymous is None or anonymous.user_id is not None:
        return
    own = Learner.objects.filter(user=user).first()
    if own is None:
        # Every anonymous key and resume code of this progress stops working: the
        # old cookie, an embed address left in history, a code written down, a
        # device that resumed with it.
        anonymous.user = user
        anonymous.save(update_fields=["user"])
        anonymous.close_anonymous_ways_in()
    else:
        anonymous.close_anonymous_ways_in()
        own.absorb(anonymous)
    # From now on the account, not the cookie, holds the progress.
    request.forget_learner_key = True


DEVICE_PROGRESS = "device_progress"


def offer_device_progress(request):
    """At sign-in on a browser with anonymous progress, which may be someone else's
    on a shared device: nothing moves until the account holder says it is theirs."""
    anonymous = getattr(request, "learner", None)
    if anonymous is not None and anonymous.user_id is None:
        request.session[DEVICE_PROGRESS] = anonymous.pk


def device_progress_on_offer(request):
    """The anonymous learner this device offered at sign-in, if still there."""
    pk = request.session.get(DEVICE_PROGRESS)
    if pk is None:
        return None
    return Learner.objects.filter(pk=pk, user__isnull=True).first()

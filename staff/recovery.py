"""Recovery codes: ten one-use codes for an editor who has lost their phone or key.

They are django-otp static tokens, stored only as hashes (django-otp keeps them as
typed, and a copy of the database should not sign anyone in)."""

import hashlib
import secrets

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

# No 0/O, 1/I/L: written down by hand and typed back.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
COUNT, LENGTH = 10, 12  # about 59 bits each
NAME = "Recovery codes"


def hashed(code):
    plain = "".join(ch for ch in code.lower() if ch in ALPHABET)
    # StaticToken.token holds 16 characters.
    return hashlib.sha256(plain.encode()).hexdigest()[:16]


def new_codes(user):
    """Replace the user's recovery codes; the new ones are returned, to be shown once."""
    device, _ = StaticDevice.objects.update_or_create(
        user=user, name=NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [
        "-".join(
            ("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))[i : i + 4]
            for i in range(0, LENGTH, 4)
        )
        for _ in range(COUNT)
    ]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=hashed(code)) for code in codes
    )
    return codes


def remaining(user):
    return StaticToken.objects.filter(device__user=user, device__name=NAME).count()


def use(user, code):
    """The recovery device, if `code` is one of the user's unused codes (then spent)."""
    device = StaticDevice.objects.filter(user=user, name=NAME).first()
    if device is not None and device.verify_token(hashed(code)):
        return device
    return None

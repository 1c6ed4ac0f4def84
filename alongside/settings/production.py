"""Production: everything comes from the environment, and nothing starts without it."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import TRUSTED_PROXY_COUNT, env

for name in ("SECRET_KEY", "ALLOWED_HOSTS"):
    if name not in env:
        # A learner's progress key is a secret: refuse to run with a made-up one.
        raise ImproperlyConfigured(f"Set the {name} environment variable.")

# Believed only from a proxy of ours, which must overwrite what the client sent.
# https://docs.djangoproject.com/en/5.2/ref/settings/#secure-proxy-ssl-header
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# https://docs.djangoproject.com/en/5.2/ref/settings/#secure-ssl-redirect
SECURE_SSL_REDIRECT = env.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
# https://docs.djangoproject.com/en/5.2/ref/middleware/#http-strict-transport-security
SECURE_HSTS_SECONDS = int(env.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LEARNER_COOKIE_SECURE = True
# "__Host-": browsers accept these cookies only over https, from this host alone (no
# Domain), for the whole site; a subdomain or a plain-http page cannot plant them.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
MESSAGES_COOKIE_NAME = "__Host-messages"
PLACE_COOKIE_NAME = "__Host-place"
LEARNER_COOKIE_NAME = env.get("LEARNER_COOKIE_NAME", "__Host-lk")
# The embed's cookie is sent to one organisation's embed only (its Path), which
# "__Host-" forbids; "__Secure-" still keeps plain-http pages from planting it.
EMBED_LEARNER_COOKIE_NAME = env.get("EMBED_LEARNER_COOKIE_NAME", "__Secure-elk")

if "CSRF_TRUSTED_ORIGINS" in env:
    CSRF_TRUSTED_ORIGINS = env["CSRF_TRUSTED_ORIGINS"].split(",")

# X_FRAME_OPTIONS is SAMEORIGIN on purpose: Wagtail's preview panel frames our own
# pages. The CSP's frame-ancestors 'self' refuses every other site.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

"""What `./dev run` serves: one machine, plain http on loopback, no other servers.

The site as learners meet it (DEBUG off: friendly 404 and 500 pages, never Django's
debug pages), so a small organisation can run it as it is. `./dev debug` is the
developer's version, with DEBUG on.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BASE_DIR, env

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

# Made once by ./dev into a file git ignores: never a published default.
SECRET_KEY_FILE = BASE_DIR / ".secret-key"
SECRET_KEY = env.get("SECRET_KEY") or (
    SECRET_KEY_FILE.read_text().strip() if SECRET_KEY_FILE.exists() else ""
)
if not SECRET_KEY:
    raise ImproperlyConfigured(f"No secret key: ./dev run makes {SECRET_KEY_FILE}.")

# Static files straight from static/ (no collectstatic), and uploaded images too:
# there is no web server in front of this one.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # nothing is collected
SERVE_MEDIA = True

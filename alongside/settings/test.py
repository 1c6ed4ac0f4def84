from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}

# A file, not :memory:, so that threads and a live server share one real database,
# as they do in production. TEST_DB_FILE lets two test runs share a checkout.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": BASE_DIR / env.get("TEST_DB_FILE", ".test-db.sqlite3")  # noqa: F405
    }

WAGTAILADMIN_BASE_URL = "http://testserver"

# Serve static files from static/ directly, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Each test run writes its own error pages (home/error_pages.py).
ERROR_PAGES_DIR = BASE_DIR / ".test-error-pages"  # noqa: F405

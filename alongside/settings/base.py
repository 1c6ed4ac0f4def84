"""Settings shared by every environment. The environment is read here, in one place."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse_lazy

import dj_database_url
from csp.constants import NONE, SELF

env = os.environ.copy()

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False

if "SECRET_KEY" in env:
    SECRET_KEY = env["SECRET_KEY"]

if "ALLOWED_HOSTS" in env:
    ALLOWED_HOSTS = env["ALLOWED_HOSTS"].split(",")

# Our apps, in the order their imports run: each may import only those above it
# (docs/architecture.md; tests/test_architecture.py checks it).
INSTALLED_APPS = [
    "home",
    "learners",
    "course",
    "lessons",
    "organisations",
    "reports",
    "content",
    "staff",
    "lti",
    "scorm",
    # Pages and snippets translated in the admin, their block ids and answer keys
    # kept in step with the source (docs/translation.md).
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files carry the header too.
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Marks a session that has been through the second step; then everyone who can
    # use the admin must have been (staff/middleware.py).
    "django_otp.middleware.OTPMiddleware",
    "staff.middleware.SessionLimitsMiddleware",
    "staff.middleware.SecondStepMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "home.middleware.SiteCSPMiddleware",
    "home.middleware.NoStoreMiddleware",
    # Marks the pages the proxy may keep (home/edge_cache.py), in process_view,
    # once every middleware has seen the request (the embed's among them).
    "home.edge_cache.EdgeCacheMiddleware",
    # The embed routes /embed/<organisation>/<learner key>/ addresses; the learner
    # middleware then finds the learner by that key (or by the cookie elsewhere).
    "organisations.embed.EmbedMiddleware",
    # The language is the address's (/es/...), else English (alongside/urls.py):
    # after the embed's, which takes its prefix off the address first.
    "django.middleware.locale.LocaleMiddleware",
    "learners.middleware.LearnerMiddleware",
    # After a learner's answer in an embed: scores for LTI platforms' grade books.
    "lti.middleware.SendNewScoresMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in with the 429 page.
    "axes.middleware.AxesMiddleware",
]

# Sign-in goes through django-axes first, which refuses a client locked out for
# guessing (learners/throttle.py says which forms count, and against what).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_PARAMETERS = "learners.throttle.lockout_parameters"
AXES_CLIENT_IP_CALLABLE = "home.http.client_ip"
AXES_CLIENT_STR_CALLABLE = "learners.throttle.client_string"
AXES_LOCKOUT_CALLABLE = "home.http.too_many_attempts"
# Successful sign-ins are not recorded: the failures are all axes needs.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# The second step of signing in to the admin: passkeys (WebAuthn), authenticator
# apps (TOTP) and recovery codes, through django-otp. A passkey belongs to the site's
# name: PASSKEY_ORIGINS lists the origins the admin is reached at (https in
# production; a bare IP address cannot have passkeys).
OTP_TOTP_ISSUER = "Alongside"

# How many proxies of ours stand in front and append to X-Forwarded-For (and set
# X-Forwarded-Proto). 0: none, so neither header is believed.
TRUSTED_PROXY_COUNT = int(env.get("TRUSTED_PROXY_COUNT", 0))

# No page of the course needs a device's sensors or payments: deny them all, here and
# to anything a page might frame.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

ROOT_URLCONF = "alongside.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.safety.safety",
                # After Django's own csrf processor, which it replaces on pages our
                # proxy keeps (home/edge_cache.py).
                "home.edge_cache.csrf",
            ],
        },
    },
]

WSGI_APPLICATION = "alongside.wsgi.application"

# SQLite is the embedded default, so a new user needs no server. PostgreSQL is the
# production path: set DATABASE_URL=postgres://user@host:5432/name.
SQLITE_OPTIONS = {
    # Writers take the lock when the transaction starts, so concurrent learners
    # queue instead of failing with "database is locked".
    # https://docs.djangoproject.com/en/5.2/ref/databases/#database-is-locked-errors
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if "DATABASE_URL" in env:
    # Connections are kept, and checked before each request reuses one, so a
    # restarted database costs no failed requests once it is back.
    DATABASES = {
        "default": dj_database_url.parse(
            env["DATABASE_URL"], conn_max_age=60, conn_health_checks=True
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = {
            **SQLITE_OPTIONS,
            **DATABASES["default"].get("OPTIONS", {}),
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": SQLITE_OPTIONS,
        }
    }


# Redis is a cache, never a dependency: a Redis that is down or hangs costs a few
# milliseconds, not a failed page (django-redis, short timeouts, failures ignored,
# and after a failure Redis is left alone for a few seconds: home/cache.py).
def redis_cache(url):
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": 0.05,
            "SOCKET_TIMEOUT": 0.1,
            "IGNORE_EXCEPTIONS": True,
            "CONNECTION_POOL_CLASS": "home.cache.RestingConnectionPool",
        },
    }


# Without Redis, each process's own memory: room for every lesson's rendered text
# (home/content_cache.py) at a few hundred lessons, not Django's default 300 entries.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}
if "REDIS_URL" in env:
    CACHES = {"default": redis_cache(env["REDIS_URL"])}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# A proxy that keeps pages for visitors with nothing of their own (home/edge_cache.py):
# purged at this address whenever an editor publishes, e.g. http://10.0.0.5:8081
# (deploy/nginx.conf's purge server).
if "FRONTEND_CACHE_PURGE_URL" in env:
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "home.edge_cache.PurgeBackend",
            "LOCATION": env["FRONTEND_CACHE_PURGE_URL"],
        }
    }
# How long the proxy may keep a page between publishes, which purge it at once.
EDGE_CACHE_SECONDS = int(env.get("EDGE_CACHE_SECONDS", 300))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
# The front door in the language of the page signed in or out from (/es/ in Spanish).
LOGIN_REDIRECT_URL = LOGOUT_REDIRECT_URL = reverse_lazy("wagtail_serve", args=[""])

LANGUAGE_CODE = "en-gb"
# The languages of the interface and of the course. English, the source language,
# has no prefix in addresses; every other language has its own (/es/...).
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("en-gb", "English"),
    ("es", "Español"),
]
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"


def media_storage(env):
    """Where uploads (images, logos, documents) go, and the origin browsers fetch them
    from, for the Content-Security-Policy: (STORAGES entry, origin or None).

    On this machine's disk by default. With AWS_STORAGE_BUCKET_NAME, in an
    S3-compatible bucket through django-storages (the variables are its own settings'
    names; it reads the keys, AWS_S3_ACCESS_KEY_ID and AWS_S3_SECRET_ACCESS_KEY,
    itself). Everything uploaded is published course content that learners load
    without signing in, so the bucket is read publicly through a bucket policy and
    its addresses are plain: signed ones would change on every page, so browsers
    could not keep an image and a page kept by our proxy would outlive them.
    docs/security.md says what that means."""
    if not env.get("AWS_STORAGE_BUCKET_NAME"):
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}, None
    endpoint = env.get("AWS_S3_ENDPOINT_URL")
    domain = env.get("AWS_S3_CUSTOM_DOMAIN")
    if not (endpoint or domain):
        raise ImproperlyConfigured(
            "With AWS_STORAGE_BUCKET_NAME, set AWS_S3_ENDPOINT_URL (the storage's "
            "address, e.g. https://s3.eu-west-2.amazonaws.com) or AWS_S3_CUSTOM_DOMAIN."
        )
    options = {
        "bucket_name": env["AWS_STORAGE_BUCKET_NAME"],
        "endpoint_url": endpoint,
        "region_name": env.get("AWS_S3_REGION_NAME"),
        "custom_domain": domain,
        # Addresses are endpoint/bucket/name, so the origin below is the endpoint's.
        "addressing_style": "path",
        "querystring_auth": False,
        # No per-object ACL: many providers turn ACLs off; the bucket policy decides.
        "default_acl": None,
        # An upload never replaces another file of the same name (Django's default).
        "file_overwrite": False,
    }
    url = urlsplit(f"https://{domain}" if domain else endpoint)
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": options,
    }, f"{url.scheme}://{url.netloc}"


MEDIA_STORAGE, MEDIA_ORIGIN = media_storage(env)
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# The 500 and 503 pages, written while the site is well (home/error_pages.py); a web
# server in front may serve them when no app server answers.
ERROR_PAGES_DIR = Path(env.get("ERROR_PAGES_DIR", BASE_DIR / "error-pages"))

# A friendly page instead of Django's technical one when a form's token is missing.
CSRF_FAILURE_VIEW = "home.views.csrf_failure"

# Nothing the browser loads may come from another host: no fonts, scripts, images or
# analytics from anywhere else. https://django-csp.readthedocs.io/
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # The media bucket's origin too, when uploads live in one (media_storage).
        "img-src": [SELF, "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Wagtail's preview panel frames our own pages; nobody else may.
X_FRAME_OPTIONS = "SAMEORIGIN"
# Other sites (help lines' websites) never learn which page someone came from.
# Not "no-referrer": browsers then send "Origin: null" with forms, and CSRF refuses them.
SECURE_REFERRER_POLICY = "same-origin"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
MESSAGE_STORAGE = "home.messages.MessageStorage"
MESSAGES_COOKIE_NAME = "messages"
# Someone who can use the admin is signed out after this long without a request, and
# after this long in all (staff/middleware.py).
STAFF_IDLE_TIMEOUT = timedelta(minutes=int(env.get("STAFF_IDLE_MINUTES", 30)))
STAFF_SESSION_LIMIT = timedelta(hours=int(env.get("STAFF_SESSION_HOURS", 10)))

# The learner's progress key lives in this cookie. The name says nothing about the
# site, for people reading on a shared device.
LEARNER_COOKIE_NAME = env.get("LEARNER_COOKIE_NAME", "lk")
LEARNER_COOKIE_AGE = 60 * 60 * 24 * 365
# Inside an organisation's embed the same key is kept in a cookie partitioned to the
# organisation's website (organisations/embed.py), so a reload keeps the progress.
EMBED_LEARNER_COOKIE_NAME = env.get("EMBED_LEARNER_COOKIE_NAME", "elk")
# Set in the embed by the quick exit, so that Back does not show the course again.
EMBED_LEFT_COOKIE_NAME = "left"
# The learner's chosen place for help lines (home/safety.py), if they choose one.
PLACE_COOKIE_NAME = "place"
# Anonymous progress unused for this long is deleted by `manage.py purge_idle_learners`.
LEARNER_IDLE_DAYS = int(env.get("LEARNER_IDLE_DAYS", 365))

WAGTAIL_SITE_NAME = "Alongside"
WAGTAILADMIN_BASE_URL = env.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
OTP_WEBAUTHN_RP_NAME = "Alongside"
if "PASSKEY_ORIGINS" in env:
    OTP_WEBAUTHN_ALLOWED_ORIGINS = env["PASSKEY_ORIGINS"].split(",")
elif WAGTAILADMIN_BASE_URL.startswith(("https://", "http://localhost")):
    OTP_WEBAUTHN_ALLOWED_ORIGINS = [WAGTAILADMIN_BASE_URL.rstrip("/")]
else:
    # Browsers give passkeys to names, never to a bare address like 127.0.0.1.
    OTP_WEBAUTHN_ALLOWED_ORIGINS = ["http://localhost:8000"]
OTP_WEBAUTHN_RP_ID = urlsplit(OTP_WEBAUTHN_ALLOWED_ORIGINS[0]).hostname
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Nothing in the admin should call other hosts either.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# A password reset is an email: offered only where the site can send one.
WAGTAIL_PASSWORD_RESET_ENABLED = "EMAIL_HOST" in env
if "EMAIL_HOST" in env:
    EMAIL_HOST = env["EMAIL_HOST"]
    DEFAULT_FROM_EMAIL = env.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]

# Logs: warnings and errors (with tracebacks) to standard error, and the development
# server's access log, all through a filter that cuts learner keys and query strings
# (home/logging.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "home.logging.RedactLearnerData"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact"],
        },
    },
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING"},
        # Lockouts are worth an operator's attention; the name tried stays out of
        # them (learners.throttle.client_string).
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
        },
    },
}

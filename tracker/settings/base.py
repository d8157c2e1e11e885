"""Settings shared by every environment; deploy values come from the environment."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-development-key-do-not-deploy")
DEBUG = os.environ.get("DEBUG", "") == "1"
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "simple_history",
    "parties",
    "negotiations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tracker.middleware.content_security_policy",
    "tracker.middleware.refuse_impossible_input",
    "tracker.middleware.head_as_get",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tracker.login_throttle.throttle_admin_login",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite under the ignored var/ folder unless DATABASE_URL says otherwise.
DEFAULT_DATABASE_URL = f"sqlite:///{BASE_DIR / 'var' / 'tracker.sqlite3'}"


def without_jit(database):
    """Return a database setting with PostgreSQL's JIT compilation turned off.

    The tracker's queries are short; a cost estimate over `jit_above_cost`
    (ranking every match of a common search word did it) made PostgreSQL
    spend seconds compiling a query that runs in milliseconds. Other
    databases are returned as they are.
    """
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return database


DATABASES = {
    "default": without_jit(
        dj_database_url.parse(
            os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL), conn_max_age=60
        )
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"

# The interchange format's limit (rule 10); uploads through the admin obey it too.
INTERCHANGE_MAX_BYTES = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = INTERCHANGE_MAX_BYTES + 1024 * 1024

# Page cache (negotiations/caching.py): local memory per process by default,
# one Redis shared by every app server when REDIS_URL is set. Keys carry each
# negotiation's changed_at, so entries never need deleting to stay fresh: the
# timeout only bounds memory. PAGE_CACHE_SECONDS=0 turns page caching off.
# RELEASE (e.g. the commit deployed) keeps pages rendered by older code apart.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "86400"))
RELEASE = os.environ.get("RELEASE", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "tracker"),
            # A Redis that stops answering must not hang page views.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tracker",
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    }

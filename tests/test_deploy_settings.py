"""Production settings come from the environment and pass Django's deploy checks."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The sample environment of docs/deploy.md, with throwaway values.
SAMPLE_ENV = {
    "DJANGO_SETTINGS_MODULE": "tracker.settings.prod",
    "SECRET_KEY": "k3Yq0-sample-only-8vTn2Lr7wXe5Zp1Hs9Ud4Gb6Jc0Mf3Na8Qo2Vi5Ty7",
    "ALLOWED_HOSTS": "tracker.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://tracker.example.org",
    "DATABASE_URL": "postgres://tracker@db.internal:5432/tracker",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "WEB_CONCURRENCY": "4",
}


def _run(code_or_args, env_overrides=None, drop=()):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in SAMPLE_ENV and not key.startswith(("DJANGO_", "PAGE_CACHE"))
    }
    env.update(SAMPLE_ENV)
    env.update(env_overrides or {})
    for name in drop:
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, *code_or_args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _settings(*names, **env_overrides):
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps([getattr(settings, name) for name in {list(names)!r}]))"
    )
    result = _run(["-c", code], env_overrides)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_is_clean_with_the_sample_environment():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


@pytest.mark.parametrize("name", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_a_required_value(name):
    result = _run(["manage.py", "check"], drop=[name])

    assert result.returncode != 0
    assert f"Set {name} in the environment" in result.stderr


def test_production_reads_hosts_origins_database_and_redis_from_the_environment():
    hosts, origins, database, caches, debug = _settings(
        "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DATABASES", "CACHES", "DEBUG"
    )

    assert hosts == ["tracker.example.org"]
    assert origins == ["https://tracker.example.org"]
    assert database["default"]["HOST"] == "db.internal"
    assert database["default"]["NAME"] == "tracker"
    assert caches["default"]["BACKEND"] == (
        "django.core.cache.backends.redis.RedisCache"
    )
    assert caches["default"]["LOCATION"] == "redis://cache.internal:6379/0"
    assert caches["default"]["KEY_PREFIX"] == "tracker"
    assert debug is False


def test_without_redis_the_cache_is_local_memory():
    (caches,) = _settings("CACHES", REDIS_URL="")

    assert caches["default"]["BACKEND"] == (
        "django.core.cache.backends.locmem.LocMemCache"
    )


def test_production_trusts_the_proxys_https_header_and_secures_cookies():
    proxy, redirect, hsts, session_secure, csrf_secure = _settings(
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
    )

    assert proxy == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert redirect is True
    assert hsts >= 31536000
    assert session_secure is True
    assert csrf_secure is True


def test_production_serves_static_files_through_whitenoise_with_hashed_names():
    middleware, storages = _settings("MIDDLEWARE", "STORAGES")

    assert middleware[:2] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
    assert storages["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_production_logs_to_stdout():
    (logging,) = _settings("LOGGING")

    assert logging["handlers"]["stdout"]["stream"] == "ext://sys.stdout"
    assert logging["root"]["handlers"] == ["stdout"]


def test_the_wsgi_entry_point_defaults_to_production_settings():
    code = "import tracker.wsgi, os; print(os.environ['DJANGO_SETTINGS_MODULE'])"
    result = _run(["-c", code], drop=["DJANGO_SETTINGS_MODULE"])

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "tracker.settings.prod"

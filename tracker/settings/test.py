"""Tests: PostgreSQL at DATABASE_URL; the Makefile falls back to SQLite without one."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Page tests pin each view's own query count; tests/test_caching*.py turn the
# page cache on where they test it.
PAGE_CACHE_SECONDS = 0

"""Tests: PostgreSQL at DATABASE_URL (the Makefile falls back to SQLite when none answers)."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

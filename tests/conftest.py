"""Shared fixtures; the `make_*` helpers live in tests/factories.py."""

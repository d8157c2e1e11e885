"""Local development: debug on, SQLite by default."""

import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("DEBUG", "1") == "1"

# Pages change with every template edit in development: cache them only on request.
PAGE_CACHE_SECONDS = int(
    os.environ.get("PAGE_CACHE_SECONDS", "0" if DEBUG else "86400")
)

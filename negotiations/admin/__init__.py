"""The editors' side: every model in the Django admin, safely (see base.py)."""

from . import claims, implementation, negotiations, pending, proposals  # noqa: F401

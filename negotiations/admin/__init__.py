"""The editors' side: every model in the Django admin, safely (see base.py)."""

from . import claims, negotiations, pending, proposals  # noqa: F401  (registers)

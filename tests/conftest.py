"""Shared fixtures: small `make_*` helpers build a negotiation with sensible defaults."""

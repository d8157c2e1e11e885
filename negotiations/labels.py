"""Version labels in URLs: any string up to 40 characters, as one path segment.

A label may hold "/", "?", "#", "%", spaces and non-Latin letters. `version_url`
percent-encodes all of them, "/" included, so the label stays one segment. A
segment that is exactly "." or ".." would be collapsed by browsers (and "%2E"
counts as a dot too), so such labels, the empty label, and any label that
already starts with "~", get one leading "~" that the URL converter strips.
"""

from urllib.parse import quote

from django.urls import reverse

ESCAPE = "~"
# Labels that cannot stand as a path segment on their own.
_UNSAFE_ALONE = {"", ".", ".."}


def escape_label(label):
    """Return the label with a leading "~" where it could not stand alone."""
    if label in _UNSAFE_ALONE or label.startswith(ESCAPE):
        return ESCAPE + label
    return label


def unescape_label(segment):
    """Return the label a URL segment (already percent-decoded) stands for."""
    return segment[len(ESCAPE) :] if segment.startswith(ESCAPE) else segment


class VersionLabelConverter:
    """Match the rest of the path, so that a label's decoded "/" still resolves."""

    regex = ".+"

    def to_python(self, value):
        return unescape_label(value)

    def to_url(self, value):
        # reverse() quotes the result itself but leaves "/" as it is; such URLs
        # resolve too, but version_url() is the one to use in pages.
        return escape_label(value)


def version_url(version, negotiation_slug=None, proposal_slug=None):
    """Return the URL of a version's page with its label as one encoded segment.

    Reads `version.proposal` (and its negotiation unless `negotiation_slug` is
    given): select_related them to avoid a query per call.
    """
    proposal_slug = proposal_slug or version.proposal.slug
    negotiation_slug = negotiation_slug or version.proposal.negotiation.slug
    return version_url_for(negotiation_slug, proposal_slug, version.label)


def version_url_for(negotiation_slug, proposal_slug, label):
    """Return the URL of the version with this label of the named proposal."""
    placeholder = "_"
    url = reverse(
        "negotiations:version",
        kwargs={
            "negotiation": negotiation_slug,
            "proposal": proposal_slug,
            "version": placeholder,
        },
    )
    # Swap the placeholder for the label encoded with no safe characters at all.
    prefix = url[: -len(placeholder + "/")]
    return prefix + quote(escape_label(label), safe="") + "/"

"""Template helpers that advertise a negotiation's feeds and its embeddable cards."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def feed_links(negotiation, issue=None):
    """Return the <link rel="alternate"> lines of the negotiation's (and issue's) feeds.

    Put it in a page's head block:
    `{% load public_data %}{% feed_links negotiation issue %}`.
    """
    links = [
        (
            reverse("negotiations:feed", kwargs={"negotiation": negotiation.slug}),
            f"{negotiation.title}: new and changed claims",
        )
    ]
    if issue is not None:
        links.append(
            (
                reverse(
                    "negotiations:issue_feed",
                    kwargs={"negotiation": negotiation.slug, "issue": issue.slug},
                ),
                f"{issue.title}: new and changed claims",
            )
        )
    return format_html_join(
        "\n",
        '<link rel="alternate" type="application/atom+xml" href="{}" title="{}">',
        links,
    )


# The card's stated size. It fills a frame this wide, and fits this height from
# this width down to a phone's column of CARD_NARROWEST px (the end-to-end tests
# measure every sticking point of the demo at both widths).
CARD_WIDTH = 480
CARD_HEIGHT = 500
CARD_NARROWEST = 340


@register.inclusion_tag("negotiations/partials/embed_snippet.html", takes_context=True)
def embed_snippet(context, negotiation, issue):
    """Offer the <iframe> code that embeds the issue's card on another site."""
    path = reverse(
        "negotiations:issue_card",
        kwargs={"negotiation": negotiation.slug, "issue": issue.slug},
    )
    request = context.get("request")
    card_url = request.build_absolute_uri(path) if request is not None else path
    # Escaped once here (attribute values) and once more in the template (the
    # <textarea> text), so that what a reader copies is valid HTML.
    snippet = format_html(
        '<iframe src="{}" title="{}" width="{}" height="{}" '
        'style="border:0;width:100%;max-width:{}px" loading="lazy"></iframe>',
        card_url,
        f"{issue.title}: where the sides stand",
        CARD_WIDTH,
        CARD_HEIGHT,
        CARD_WIDTH,
    )
    return {"snippet": snippet, "card_path": path, "issue": issue}

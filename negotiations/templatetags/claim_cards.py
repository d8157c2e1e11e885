"""The state of play's per-issue cards and each side's stance, built in Python.

A large state of play shows 40 sticking points with up to six claims each,
every claim with its value, status, date and sources. Through nested included
templates that was 11,000 variable lookups and most of the page's time; here
each piece is one function over the same objects, giving the same bytes the
templates gave (tests pin the pages' HTML). Every value goes through esc
(conditional_escape's twin) or format_html; nothing stored is marked safe.
"""

from django import template
from django.template.defaultfilters import truncatewords
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from negotiations import formatting

from .negotiation_tags import (
    as_in,
    bar_width,
    claim_status,
    condition_of,
    esc,
    inherited_from,
    sources,
    time_element,
)

register = template.Library()

_ACTOR_URL = "negotiations:actor"
_ISSUE_URL = "negotiations:issue"


def _actor_url(negotiation, actor, urls=None):
    """Return the actor page's URL, escaped; `urls` keeps those already built.

    A state of play links the same few actors hundreds of times.
    """
    key = (negotiation.slug, actor.slug)
    url = None if urls is None else urls.get(key)
    if url is None:
        url = _escape(reverse(_ACTOR_URL, args=key))
        if urls is not None:
            urls[key] = url
    return url


def _join(*parts):
    """Join already escaped pieces into one safe string."""
    return mark_safe("".join(parts))


_escape = esc
_time = time_element


def _value(claim, issue):
    return _escape(formatting.claim_value(claim, issue))


@register.simple_tag(name="measure")
def measure_text(issue):
    """Say how the issue is measured."""
    if issue.measure == "numeric":
        return _join("Measured in ", _escape(issue.unit or "numbers"), "\n")
    if issue.measure == "ordinal":
        count = len(issue.scale_values)
        return _join(
            f"Scale of {count} options, from side A’s preferred end to side B’s\n"
        )
    return _join("Described in words: no number\n")


@register.simple_tag
def gap_bar(gap, issue):
    """Show the gap in the issue's terms with its bar."""
    if issue.measure == "text":
        inner = (
            '\n  <p class="gap-text">Gap: <strong>no number</strong>. This sticking'
            " point is described in words only.</p>\n  "
        )
        return _join('<div class="gap-summary">\n  ', inner, "\n</div>\n")
    relative = ""
    if gap.known:
        relative = _join(
            "; relative gap <strong>",
            _escape(formatting.relative_gap(gap)),
            "</strong>",
        )
    unknown = " bar-unknown" if gap.relative is None else ""
    return _join(
        '<div class="gap-summary">\n  \n  <p class="gap-text">Gap: <strong>',
        _escape(formatting.gap_amount(gap, issue)),
        "</strong>",
        relative,
        '</p>\n  <div class="bar',
        unknown,
        '" aria-hidden="true"><span class="bar-fill" style="width: ',
        bar_width(gap.relative),
        '%"></span></div>\n  \n</div>\n',
    )


@register.simple_tag
def lean_words(lean_text, gap, term):
    """Say where a term sits between the sides."""
    if lean_text != "unknown":
        return format_html("<strong>{}</strong>", lean_text)
    if term.value is None:
        return mark_safe("<strong>unknown</strong>, as the proposal gives no value")
    if gap.agreed:
        return mark_safe("the sides agree, so there is nothing to lean between")
    return mark_safe("<strong>unknown</strong>, as a side’s position is unknown")


def _side_notes(value, issue):
    """Show where a side's value comes from, its age and what came since."""
    position = value.position
    parts = []
    if getattr(position, "basis", "") == "own proposal":
        version = position.version
        parts.append(
            _join(
                '<p class="basis own-proposal">From its own proposal of ',
                _time(position.as_of),
                " (<bdi>",
                _escape(version.proposal.title),
                "</bdi>, version <bdi>",
                _escape(version.label),
                "</bdi>).</p>",
            )
        )
    parts.append("\n")
    if value.stale:
        parts.append(
            _join('<p class="stale">Last on record ', _time(position.as_of), ".</p>")
        )
    parts.append("\n")
    later = value.since_then
    if later:
        parts.append(_since_then(later, issue))
    parts.append("\n")
    return _join(*parts)


def _since_then(later, issue):
    status, attributed_to = later.status, later.attributed_to
    if status == "claimed":
        who = _escape(attributed_to) if attributed_to else "a third party"
        said = _join("claimed by <bdi>", who, "</bdi>")
    elif status == "disputed":
        said = "reported, and disputed,"
    else:
        said = _escape(later.get_status_display().lower())
        if attributed_to:
            said = _join(said, " by <bdi>", _escape(attributed_to), "</bdi>")
    if later.summary:
        what = _escape(truncatewords(later.summary, 30))
    else:
        what = _value(later, issue)
    value = ""
    if issue.measure != "text" and later.summary:
        value = _join(" (", _value(later, issue), ")")
    return _join(
        '<p class="since-then status-',
        _escape(status),
        '">Since then: ',
        said,
        " on ",
        _time(later.as_of),
        ' that <span dir="auto">',
        what,
        "</span>",
        value,
        ". Not counted in the gap.</p>",
    )


@register.simple_tag
def stance(negotiation, actor, position, issue, side_name, value=None, urls=None):
    """Show one side's stance on an issue."""
    if actor:
        if actor.pk == negotiation.side_a_id:
            role = "side A"
        elif actor.pk == negotiation.side_b_id:
            role = "side B"
        else:
            role = _escape(actor.get_role_display().lower())
        holder = _join(
            '<a href="',
            _actor_url(negotiation, actor, urls),
            '"><bdi>',
            _escape(actor.name),
            '</bdi></a> <span class="role">',
            role,
            "</span>",
        )
    else:
        holder = _join(_escape(side_name), ' <span class="role">not set</span>')
    if position:
        shown = ""
        if issue.measure != "text":
            shown = _join(
                '<p class="stance-value" dir="auto">',
                _value(position, issue),
                condition_of(position),
                "</p>",
            )
        summary = ""
        if position.summary:
            summary = _join(
                '<p class="stance-summary" dir="auto">',
                _escape(position.summary),
                "</p>",
            )
        listed = sources(position) if position.basis == "position" else ""
        body = _join(
            "\n  ",
            shown,
            "\n  ",
            summary,
            '\n  <p class="claim-meta">',
            claim_status(position),
            " · as of ",
            _time(position.as_of),
            "</p>\n  ",
            listed,
            "\n  ",
        )
    else:
        body = (
            '\n  <p class="stance-value unknown">unknown</p>\n  <p class="stance-summary">'
            "No position that counts on record on or before this date.</p>\n  "
        )
    notes = _side_notes(value, issue) if value else ""
    return _join(
        '<div class="stance">\n  <p class="stance-actor">',
        holder,
        "</p>\n  ",
        body,
        "\n  ",
        notes,
        "\n</div>\n",
    )


def _other(negotiation, issue, position, urls):
    """Show another actor's position in the issue's short list."""
    actor = position.actor
    shown = ""
    if issue.measure != "text":
        shown = _join(
            '<strong dir="auto">',
            _value(position, issue),
            "</strong>",
            condition_of(position),
            " · " if position.summary else "",
        )
    summary = ""
    if position.summary:
        summary = _join(
            '<span dir="auto">', _escape(truncatewords(position.summary, 25)), "</span>"
        )
    return _join(
        '<li class="other-position"><a href="',
        _actor_url(negotiation, actor, urls),
        '"><bdi>',
        _escape(actor.name),
        '</bdi></a> <span class="role">',
        _escape(actor.get_role_display().lower()),
        "</span> ",
        shown,
        summary,
        '\n        <span class="claim-meta">',
        claim_status(position),
        " · as of ",
        _time(position.as_of),
        "</span>\n        ",
        sources(position),
        "</li>\n      ",
    )


def _others(negotiation, row, issue_url, urls):
    items = [_other(negotiation, row.issue, p, urls) for p in row.others]
    count = len(row.others) + row.more_others
    more = ""
    if row.more_others:
        plural = "" if row.more_others == 1 else "s"
        more = _join(
            f'<p class="more-others">And {row.more_others} more actor{plural}’'
            ' positions on <a href="',
            issue_url,
            '">the sticking point page</a>.</p>',
        )
    return _join(
        '\n  <details class="others" open>\n    <summary>Mediators and other'
        f' actors ({count})</summary>\n    <ul class="others-list">\n      ',
        *items,
        "\n    </ul>\n    ",
        more,
        "\n  </details>\n  ",
    )


def _trend(row, since):
    if row.earlier_gap.amount is not None:
        then = _join(
            " (then ",
            _escape(formatting.gap_amount(row.earlier_gap, row.issue)),
            ", ",
            _escape(formatting.relative_gap(row.earlier_gap)),
            ")",
        )
    else:
        then = " (the gap then is unknown)"
    trend = _escape(row.trend)
    return _join(
        '\n  <p class="trend trend-',
        trend,
        '">Trend since ',
        _time(since),
        ": <strong>",
        trend,
        "</strong>",
        then,
        "</p>\n  ",
    )


def _term(row, version):
    term, issue = row.term, row.issue
    if not term:
        return "Latest proposal: no term recorded on this sticking point."
    text = ""
    if term.text:
        text = _join(
            ' <span class="term-text" dir="auto">“', _escape(term.text), "”</span>"
        )
    origin = inherited_from(term, version)
    read_as = _join(" (", as_in(origin), ")") if origin else ""
    sits = ""
    if issue.measure != "text":
        sits = _join(". Where it sits: ", lean_words(row.lean_text, row.gap, term))
    return _join(
        'Latest proposal: <strong dir="auto">',
        _value(term, issue),
        "</strong>",
        condition_of(term),
        text,
        read_as,
        sits,
        ".\n    ",
    )


@register.simple_tag(takes_context=True)
def issue_state(context, row):
    """Show one sticking point's card on the state of play (IssueState `row`)."""
    negotiation, state = context["negotiation"], context["state"]
    # The actors' URLs, built once per page: render_context lasts one render.
    urls = context.render_context.setdefault("claim_cards_actor_urls", {})
    issue = row.issue
    slug = _escape(issue.slug)
    issue_url = _escape(reverse(_ISSUE_URL, args=[negotiation.slug, issue.slug]))
    trend = _trend(row, state.since) if issue.measure != "text" else ""
    stances = [
        stance(
            negotiation, value.actor, value.position, issue, value.label, value, urls
        )
        for value in row.sides
    ]
    others = _others(negotiation, row, issue_url, urls) if row.others else ""
    term = ""
    if state.version:
        term = _join(
            '\n  <p class="term">\n    ', _term(row, state.version), "\n  </p>\n  "
        )
    return _join(
        '<article class="issue-state" aria-labelledby="issue-',
        slug,
        '">\n  <header class="issue-state-header">\n    <h3 id="issue-',
        slug,
        '"><a href="',
        issue_url,
        _escape(context.get("evidence_query", "")),
        '" dir="auto">',
        _escape(issue.title),
        '</a></h3>\n    <p class="measure">',
        measure_text(issue),
        "</p>\n  </header>\n  ",
        gap_bar(row.gap, issue),
        "\n  ",
        trend,
        '\n  <div class="sides-grid">\n    ',
        *stances,
        "\n  </div>\n  ",
        others,
        "\n  ",
        term,
        "\n</article>\n",
    )


# The at-a-glance table: a row per sticking point.


def _glance_value(position, issue):
    if position is None:
        return '<span class="unknown">no position</span>'
    return _in_short(position, position.summary, issue, label_words=7)


def _in_short(claim, text, issue, label_words):
    """A claim's value cut short: its first words on a text issue, else its label."""
    if issue.measure == "text":
        words = _escape(truncatewords(text, 12)) if text else "no words recorded"
    else:
        label = formatting.claim_value(claim, issue)
        words = _escape(truncatewords(label, label_words))
    return _join('<span dir="auto">', words, "</span>")


def _mark(mark):
    who = _join(" <bdi>", _escape(mark.who), "</bdi> on") if mark.who else ""
    day = " " + _time(mark.day) if mark.day else ""
    return _join(
        ' <span class="mark mark-',
        _escape(mark.kind),
        '">',
        _escape(mark.words),
        who,
        day,
        "</span>",
    )


def _glance_side(side, issue):
    return _join(
        '\n      <td class="glance-side">',
        _glance_value(side.value.position, issue),
        "\n        ",
        *(_mark(mark) for mark in side.marks),
        "</td>\n      ",
    )


def _glance_gap(line):
    issue, gap = line.issue, line.gap
    if issue.measure == "text":
        return '<span class="unknown">no number</span>'
    unknown = " glance-bar-unknown" if gap.relative is None else ""
    return _join(
        '<svg class="glance-bar',
        unknown,
        '" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true"'
        ' focusable="false"><rect class="glance-bar-track" width="100" height="8"/>'
        '<rect class="glance-bar-fill" width="',
        bar_width(gap.relative),
        '" height="8"/></svg> <span class="glance-gap-amount">',
        _escape(formatting.gap_amount(gap, issue)),
        "</span>",
    )


def _glance_term(line, version):
    term, issue = line.row.term, line.issue
    if not version:
        return '<span class="unknown">no proposal yet</span>'
    if not term:
        return '<span class="unknown">no term recorded</span>'
    return _in_short(term, term.text, issue, label_words=6)


@register.simple_tag(takes_context=True)
def glance_row(context, line):
    """Show one sticking point's row of the at-a-glance table (a GlanceLine)."""
    issue = line.issue
    trend = _escape(line.trend)
    if issue.measure == "text":
        moved = '<span class="unknown">words only</span>'
    else:
        moved = _join(
            '<span class="trend-arrow" aria-hidden="true">',
            _escape(line.arrow),
            "</span> ",
            trend,
        )
    return _join(
        '\n    <tr class="glance-row trend-',
        trend,
        '">\n      <th scope="row"><a href="#issue-',
        _escape(issue.slug),
        '" dir="auto">',
        _escape(issue.title),
        "</a></th>\n      ",
        *(_glance_side(side, issue) for side in line.sides),
        '\n      <td class="glance-gap">',
        _glance_gap(line),
        '</td>\n      <td class="glance-trend">',
        moved,
        '</td>\n      <td class="glance-term">',
        _glance_term(line, context["state"].version),
        "</td>\n    </tr>\n    ",
    )

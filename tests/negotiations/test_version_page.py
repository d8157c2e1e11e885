import datetime
import re

import pytest

from negotiations.labels import version_url
from tests.factories import make_proposal, make_response, make_version
from tests.negotiations.page_scenarios import grow, page_text, small_negotiation

pytestmark = pytest.mark.django_db

D = datetime.date
BASELINE_URL = "/negotiations/small/proposals/framework/2024-07-05/"


def _bridging(negotiation, objects, **overrides):
    """Add a later version moving prisoners to 900, dropping the corridor term."""
    proposal = make_proposal(negotiation, slug="bridging", title="Bridging proposal")
    fields = {
        "label": "v1",
        "date": D(2024, 8, 1),
        "terms": {
            objects["prisoners"]: 900,
            objects["phase"]: 42,
            objects["guarantees"]: (None, "Mediators guarantee talks."),
        },
        "text": "Phase one lasts six weeks.\n\nAlpha releases 900 prisoners.",
    }
    fields.update(overrides)
    return make_version(proposal, **fields)


def test_version_page_shows_summary_sources_and_responses(client):
    small_negotiation()
    response = client.get(BASELINE_URL)
    text = page_text(response)
    assert (
        "<title>July framework, 2024-07-05 · Small talks" in response.content.decode()
    )
    assert "Proposal version · the baseline" in text
    assert "Beta: Accepted, 6 Jul 2024" in text


def test_term_diff_against_the_baseline_by_default(client):
    negotiation, objects = small_negotiation()
    version = _bridging(negotiation, objects)
    response = client.get(version_url(version))
    changes = {
        change.issue.slug: (change.kind, change.old, change.new, change.toward)
        for change in response.context["comparison"].changes
    }
    assert changes == {
        # 800 -> 900: Alpha offers 500, Beta asks 1000, so up is toward Beta.
        "prisoners": ("changed", 800, 900, "b"),
        "corridor": ("not recorded", "alternative", None, None),
        "phase-length": ("newly covered", None, 42, None),
        # A text issue's known value is its words.
        "guarantees": ("newly covered", None, "Mediators guarantee talks.", None),
    }
    text = page_text(response)
    assert "Compared with July framework, 2024-07-05 (the baseline)" in text
    assert "1 changed, 0 unchanged, 2 newly covered, 1 not recorded." in text
    assert "Prisoners changed 800 prisoners 900 prisoners Beta" in text
    assert "Corridor not recorded Alternative arrangement no term recorded" in text


def test_redline_marks_insertions_and_deletions_inline_by_default(client):
    negotiation, objects = small_negotiation()
    version = _bridging(negotiation, objects)
    html = client.get(version_url(version)).content.decode()
    assert '<del class="rl-del"><bdi>800 </bdi></del>' in html
    assert '<ins class="rl-ins"><bdi>900 </bdi></ins>' in html
    assert 'class="rl rl-inline"' in html
    assert "1 word inserted, 1 deleted" in page_text(client.get(version_url(version)))


def test_side_by_side_view_puts_the_texts_in_two_columns(client):
    negotiation, objects = small_negotiation()
    version = _bridging(negotiation, objects)
    html = client.get(version_url(version), {"view": "side"}).content.decode()
    assert 'class="rl rl-side"' in html
    assert '<th scope="col" class="rl-old">July framework, 2024-07-05</th>' in html
    assert '<th scope="col" class="rl-new">Bridging proposal, v1</th>' in html


def test_against_previous_compares_with_the_proposals_earlier_version(client):
    negotiation, objects = small_negotiation()
    first = _bridging(negotiation, objects)
    second = make_version(
        first.proposal,
        label="v2",
        date=D(2024, 8, 10),
        rank=1,
        terms={objects["prisoners"]: 850},
        text="Alpha releases 850 prisoners.",
    )
    response = client.get(version_url(second), {"against": "previous"})
    comparison = response.context["comparison"]
    assert comparison.against == first
    prisoners = next(c for c in comparison.changes if c.issue.slug == "prisoners")
    assert (prisoners.old, prisoners.new, prisoners.toward) == (900, 850, "a")
    assert "(the previous version)" in page_text(response)


def test_first_version_against_previous_says_there_is_none(client):
    negotiation, objects = small_negotiation()
    version = _bridging(negotiation, objects)
    text = page_text(client.get(version_url(version), {"against": "previous"}))
    assert "This is the first published version of its proposal" in text


def test_against_names_any_other_version(client):
    negotiation, objects = small_negotiation()
    version = _bridging(negotiation, objects)
    response = client.get(BASELINE_URL, {"against": "bridging/v1"})
    assert response.context["comparison"].against == version
    html = response.content.decode()
    assert '<option value="bridging/v1" selected>' in html


def test_the_baseline_compared_with_itself_says_so(client):
    small_negotiation()
    text = page_text(client.get(BASELINE_URL))
    assert (
        "This version is the baseline: compared with itself, nothing changes." in text
    )
    # Its own terms are still listed.
    assert "Prisoners 800 prisoners" in text


def test_a_version_compared_with_itself_by_name_says_so(client):
    small_negotiation()
    response = client.get(BASELINE_URL, {"against": "framework/2024-07-05"})
    assert "This is the version itself: nothing changes." in page_text(response)


def test_missing_full_texts_are_said_plainly(client):
    negotiation, objects = small_negotiation()
    version = _bridging(negotiation, objects, text="")
    text = page_text(client.get(version_url(version)))
    assert "No full text of this version has been published." in text
    baseline_against_it = page_text(
        client.get(BASELINE_URL, {"against": "bridging/v1"})
    )
    assert (
        "No full text of the version compared with (Bridging proposal, v1) "
        "has been published." in baseline_against_it
    )


def test_no_published_baseline_is_said_plainly(client):
    negotiation, objects = small_negotiation()
    negotiation.baseline = None
    negotiation.save()
    version = _bridging(negotiation, objects)
    text = page_text(client.get(version_url(version)))
    assert "No baseline has been published for this negotiation." in text


def test_comparison_control_switches_with_htmx_and_works_without_it(client):
    negotiation, objects = small_negotiation()
    version = _bridging(negotiation, objects)
    url = version_url(version)
    html = client.get(url).content.decode()
    form = re.search(r'<form class="compare-control"[^>]*>', html).group()
    assert f'action="{url}"' in form and f'data-hx-get="{url}"' in form
    assert 'data-hx-target="#comparison"' in form and 'data-hx-push-url="true"' in form
    # The results' container stays, so an error swapped into it keeps the target.
    assert 'data-hx-swap="innerHTML"' in form
    assert '<section id="comparison"' in html
    assert '<button type="submit">Compare</button>' in html
    assert 'name="view" value="side"' in html


def test_htmx_request_gets_only_the_comparison(client):
    small_negotiation()
    html = client.get(BASELINE_URL, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html
    assert html.startswith('<h2 id="comparison-heading"')


@pytest.mark.parametrize("times", [0, 4])
def test_version_page_runs_the_same_queries_whatever_the_size(
    client, django_assert_num_queries, times
):
    negotiation, objects = small_negotiation()
    grow(negotiation, objects, times)
    version = _bridging(negotiation, objects)
    make_response(version=version, actor=objects["alpha"])
    # negotiation; version, terms, sources, authors; versions listed;
    # responses, sources; issues, scales; the sides' positions, their own
    # proposals; the baseline's terms; whether it has commitments.
    with django_assert_num_queries(14):
        assert client.get(version_url(version)).status_code == 200

"""The version page reads the term diff as sentences, above the table."""

from io import StringIO

import pytest
from django.core.management import call_command

from negotiations.labels import version_url
from tests.factories import make_version
from tests.negotiations.page_scenarios import page_text, small_negotiation
from tests.negotiations.test_version_page import BASELINE_URL, _bridging

pytestmark = pytest.mark.django_db

AGREEMENT = "/negotiations/gaza-2024/proposals/january-2025-agreement/2025-01-15/"


def test_the_sentences_come_before_the_term_diff_table(client):
    negotiation, objects = small_negotiation()
    html = client.get(version_url(_bridging(negotiation, objects))).content.decode()
    assert 'class="comparison-reading"' in html
    assert html.index('class="comparison-reading"') < html.index("term-diff")


def test_each_move_is_a_sentence_and_a_missing_term_is_not_a_removal(client):
    negotiation, objects = small_negotiation()
    text = page_text(client.get(version_url(_bridging(negotiation, objects))))
    assert "From the baseline to this version" in text
    assert "Prisoners: from “800 prisoners” to “900 prisoners”, toward Beta." in text
    assert (
        "Guarantees: newly covered: “Mediators guarantee talks.” "
        "(no term recorded in the baseline)." in text
    )
    assert (
        "Not recorded for this version on 1 sticking point, only in the baseline "
        "(nothing on record, which is not a removal): Corridor." in text
    )
    assert "removed" not in text


def test_against_the_previous_version_the_sentences_say_so(client):
    negotiation, objects = small_negotiation()
    version = _bridging(negotiation, objects)
    later = make_version(
        version.proposal,
        label="v2",
        date=version.date.replace(day=20),
        terms={
            objects["prisoners"]: 900,
            objects["phase"]: 42,
            objects["guarantees"]: (None, "Mediators guarantee talks."),
        },
    )
    text = page_text(client.get(version_url(later), {"against": "previous"}))
    assert "From the previous version to this version" in text
    assert "Unchanged on 3 sticking points" in text


def test_the_baseline_against_itself_has_no_sentences(client):
    small_negotiation()
    html = client.get(BASELINE_URL).content.decode()
    assert 'class="comparison-reading"' not in html


def test_the_demos_agreement_reads_against_the_2_july_baseline(client):
    call_command("load_demo", stdout=StringIO())
    text = page_text(client.get(AGREEMENT))
    assert "Compared with Early-July framework" in text
    assert (
        "Philadelphi Corridor (Gaza-Egypt border): unknown in the baseline, now "
        "known: “Complete Israeli withdrawal from the corridor”." in text
    )
    assert (
        "Hostages released in phase one: unknown in the baseline, now known: "
        "“33 hostages (living or dead)”." in text
    )
    assert "Unchanged on 3 sticking points:" in text

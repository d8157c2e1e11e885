import datetime

import pytest
from django.db import connection

from negotiations import search
from negotiations.models import Event
from tests.factories import (
    make_event,
    make_issue,
    make_negotiation,
    make_position,
    make_proposal,
    make_response,
    make_source,
    make_version,
)

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search needs PostgreSQL"
)


def _kinds(groups):
    return {group.kind: group for group in groups}


def _titles(groups, kind):
    return [hit.title for hit in _kinds(groups)[kind].hits]


# Without a database: the query terms and the snippets.


def test_query_terms_keep_words_and_quoted_phrases():
    wanted, excluded = search.query_terms('Philadelphi "permanent cease-fire" -Rafah')
    assert wanted == ["Philadelphi", "permanent cease-fire"]
    assert excluded == ["Rafah"]


def test_query_terms_drop_a_bare_or_and_punctuation_only_tokens():
    assert search.query_terms("hostages or prisoners ;; !!! ***") == (
        ["hostages", "prisoners"],
        [],
    )


def test_query_terms_of_junk_are_empty():
    assert search.query_terms("&&& ||| !!! ... ---") == ([], [])


def test_cut_snippet_escapes_the_text_and_marks_the_match():
    text = "Before <script>alert(1)</script> the Philadelphi Corridor & more."
    snippet = search.cut_snippet(text, ["philadelphi"])
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet
    assert "<mark>Philadelphi</mark>" in snippet
    assert "&amp; more" in snippet


def test_cut_snippet_cuts_a_long_text_around_the_match():
    text = "word " * 200 + "Philadelphi" + " word" * 200
    snippet = search.cut_snippet(text, ["Philadelphi"])
    assert snippet.startswith("… ")
    assert snippet.endswith(" …")
    assert len(snippet) < 300
    assert "<mark>Philadelphi</mark>" in snippet


def test_headline_markers_become_marks_only_after_escaping():
    headline = "a <b>bold</b> claim: STARTPhiladelphiSTOP & <mark>forged</mark>"
    html = search._highlighted_headline(headline, "START", "STOP")
    assert html == (
        "a &lt;b&gt;bold&lt;/b&gt; claim: <mark>Philadelphi</mark> &amp; "
        "&lt;mark&gt;forged&lt;/mark&gt;"
    )


# With a database.


@pytest.mark.django_db
def test_search_finds_every_kind_of_published_claim():
    negotiation = make_negotiation()
    issue = make_issue(negotiation, slug="corridor", title="Corridor")
    make_position(issue=issue, summary="Troops stay on the Philadelphi Corridor.")
    proposal = make_proposal(
        negotiation, slug="bridging", title="Philadelphi bridging text"
    )
    version = make_version(proposal, label="v1", summary="Phased withdrawal.")
    make_version(
        make_proposal(negotiation, slug="other"),
        label="v2",
        text="Forces withdraw from the Philadelphi axis in phase two.",
    )
    make_response(version=version, summary="Refuses any Philadelphi presence.")
    make_event(negotiation, title="Cairo talks", place="Philadelphi crossing")
    make_position(
        issue=issue,
        actor=negotiation.side_b,
        summary="Cited.",
        sources=[make_source(negotiation, title="Philadelphi maps", publisher="Wire")],
    )
    groups = search.search("Philadelphi", negotiation=negotiation)
    assert set(_kinds(groups)) == {
        "position",
        "proposal",
        "version",
        "response",
        "event",
        "source",
    }
    assert _titles(groups, "version") == ["Other (v2)"]
    assert _titles(groups, "source") == ["Philadelphi maps (Wire)"]


@pytest.mark.django_db
def test_a_sticking_point_is_found_by_its_title_and_links_to_its_page():
    negotiation = make_negotiation(slug="talks")
    make_issue(
        negotiation,
        slug="corridor",
        title="Philadelphi Corridor",
        description="The strip of land along the border with Egypt.",
    )
    (group,) = search.search("philadelphi", negotiation=negotiation)
    assert group.kind == "issue"
    (hit,) = group.hits
    assert hit.title == "Philadelphi Corridor"
    assert hit.url == "/negotiations/talks/issues/corridor/"
    # The snippet comes from the description: the title is shown already.
    assert "Philadelphi" not in hit.snippet
    assert "border with Egypt" in hit.snippet


@pytest.mark.django_db
def test_a_snippet_never_just_repeats_the_title():
    negotiation = make_negotiation()
    make_event(negotiation, title="Doha round", summary="Talks resume in Doha.")
    make_event(
        negotiation,
        title="Quiet",
        summary="",
        sources=[make_source(negotiation, title="Doha report", publisher="Wire")],
    )
    groups = _kinds(search.search("doha", negotiation=negotiation))
    (event,) = groups["event"].hits
    assert "<mark>Doha</mark>" in event.snippet
    assert "round" not in event.snippet
    (source,) = groups["source"].hits
    assert source.snippet == ""


@pytest.mark.django_db
def test_search_never_finds_a_draft():
    negotiation = make_negotiation()
    issue = make_issue(negotiation)
    draft_version = make_version(
        make_proposal(negotiation, title="Secret plan"),
        summary="Secret terms.",
        is_published=False,
    )
    make_position(issue=issue, summary="Secret position.", is_published=False)
    # A published response to a draft version would link to a page that is not there.
    make_response(
        version=draft_version,
        summary="Secret answer.",
        sources=[make_source(negotiation, title="Secret cable")],
    )
    make_event(negotiation, title="Secret meeting", is_published=False)
    make_position(
        issue=issue,
        actor=negotiation.side_b,
        summary="Draft with a source.",
        is_published=False,
        sources=[make_source(negotiation, title="Secret source")],
    )
    assert search.search("secret", negotiation=negotiation) == ()
    assert search.search("secret") == ()


@pytest.mark.django_db
def test_search_never_finds_anything_in_an_unpublished_negotiation():
    negotiation = make_negotiation(is_published=False)
    make_position(
        issue=make_issue(negotiation), summary="Hidden negotiation's Philadelphi claim."
    )
    make_event(negotiation, title="Philadelphi talks")
    assert search.search("Philadelphi") == ()


@pytest.mark.django_db
def test_search_within_a_negotiation_leaves_other_negotiations_out():
    here, elsewhere = make_negotiation(), make_negotiation()
    make_event(here, title="Doha round")
    make_event(elsewhere, title="Doha round elsewhere")
    groups = search.search("Doha", negotiation=here)
    assert [hit.negotiation for hit in _kinds(groups)["event"].hits] == [here]
    everywhere = search.search("Doha")
    assert len(_kinds(everywhere)["event"].hits) == 2


@pytest.mark.django_db
def test_hits_link_to_the_claim_on_its_page():
    negotiation = make_negotiation(slug="talks")
    issue = make_issue(negotiation, slug="corridor")
    position = make_position(issue=issue, summary="Corridor claim")
    proposal = make_proposal(negotiation, slug="plan", summary="Corridor plan")
    make_version(proposal, label="old / draft?", date=position.as_of, summary="")
    version = make_version(proposal, label="new #2", summary="Corridor version", rank=5)
    response = make_response(version=version, summary="Corridor answer")
    event = make_event(negotiation, title="Corridor visit")
    groups = _kinds(search.search("corridor", negotiation=negotiation))
    day = position.as_of.isoformat()
    assert groups["position"].hits[0].url == (
        "/negotiations/talks/timeline/?issue=corridor&kind=position"
        f"&start={day}&end={day}#position-{position.pk}"
    )
    assert (
        groups["proposal"].hits[0].url
        == "/negotiations/talks/proposals/plan/new%20%232/"
    )
    assert (
        groups["version"].hits[0].url
        == "/negotiations/talks/proposals/plan/new%20%232/"
    )
    assert groups["response"].hits[0].url == (
        f"/negotiations/talks/proposals/plan/new%20%232/#response-{response.pk}"
    )
    day = event.date.isoformat()
    assert groups["event"].hits[0].url == (
        f"/negotiations/talks/timeline/?kind=event&start={day}&end={day}"
        f"#event-{event.pk}"
    )


@pytest.mark.django_db
def test_a_source_hit_links_to_its_url_only_when_it_is_http():
    negotiation = make_negotiation(slug="talks")
    linked = make_source(
        negotiation, title="Ceasefire wire", url="https://wire.example/1"
    )
    unlinked = make_source(negotiation, title="Ceasefire notes", url="")
    make_event(negotiation, sources=[linked, unlinked])
    hits = {hit.title: hit for hit in _kinds(search.search("ceasefire"))["source"].hits}
    assert hits["Ceasefire wire (Newswire)"].url == "https://wire.example/1"
    assert hits["Ceasefire wire (Newswire)"].is_external is True
    assert hits["Ceasefire notes (Newswire)"].url == (
        f"/negotiations/talks/timeline/#source-{unlinked.pk}"
    )
    assert hits["Ceasefire notes (Newswire)"].is_external is False


@pytest.mark.django_db
def test_search_cuts_each_kind_at_the_limit_and_says_there_is_more():
    negotiation = make_negotiation()
    for number in range(4):
        make_event(negotiation, title=f"Talks round {number}")
    (group,) = search.search("talks", negotiation=negotiation, limit=3)
    assert len(group.hits) == 3
    assert group.more is True


@pytest.mark.django_db
def test_search_runs_one_query_per_kind(django_assert_num_queries):
    negotiation = make_negotiation()
    issue = make_issue(negotiation)
    for number in range(3):
        make_position(
            issue=issue,
            summary=f"Corridor claim {number}",
            as_of=f"2024-07-0{number + 1}",
            sources=[make_source(negotiation, title=f"Corridor report {number}")],
        )
        make_version(make_proposal(negotiation), summary=f"Corridor version {number}")
    with django_assert_num_queries(len(search.DOCUMENTS)):
        groups = search.search("corridor", negotiation=negotiation)
        [hit.url for group in groups for hit in group.hits]


@pytest.mark.django_db
def test_snippets_escape_stored_text():
    negotiation = make_negotiation()
    make_event(
        negotiation,
        title="Gathering",
        summary='<img src=x onerror="alert(1)"> Philadelphi talks: 5 < 6 & "quoted"',
    )
    (group,) = search.search("Philadelphi", negotiation=negotiation)
    snippet = group.hits[0].snippet
    # PostgreSQL's headline drops what its parser reads as a tag; either way no markup.
    assert "<img" not in snippet
    assert "<mark>Philadelphi</mark>" in snippet
    assert "5 &lt; 6 &amp; &quot;quoted" in snippet


@on_postgresql
@pytest.mark.django_db
def test_postgresql_search_ranks_and_understands_websearch_syntax():
    negotiation = make_negotiation()
    make_event(
        negotiation, title="Corridor", summary="Philadelphi Philadelphi Philadelphi"
    )
    make_event(negotiation, title="Crossing", summary="Philadelphi once, Rafah too")
    make_event(negotiation, title="Elsewhere", summary="Nothing relevant here")
    groups = search.search("philadelphi", negotiation=negotiation)
    assert _titles(groups, "event") == ["Corridor", "Crossing"]
    groups = search.search("philadelphi -rafah", negotiation=negotiation)
    assert _titles(groups, "event") == ["Corridor"]
    groups = search.search('"rafah too" or relevant', negotiation=negotiation)
    assert sorted(_titles(groups, "event")) == ["Crossing", "Elsewhere"]


@on_postgresql
@pytest.mark.django_db
def test_postgresql_search_of_junk_finds_nothing_and_does_not_fail():
    make_event(make_negotiation(), title="Talks")
    for junk in ("&&& | !", "'", "(((", ":*", "\\", "-", '"'):
        assert search.search(junk) == ()


@on_postgresql
@pytest.mark.django_db
def test_a_version_text_beyond_the_indexed_length_is_not_searched():
    negotiation = make_negotiation()
    filler = "x " * (search.TEXT_LIMIT // 2)
    make_version(make_proposal(negotiation), text=f"early {filler} lateword")
    assert search.search("early", negotiation=negotiation) != ()
    assert search.search("lateword", negotiation=negotiation) == ()


@on_postgresql
@pytest.mark.django_db
def test_only_the_newest_candidates_are_ranked(monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 3)
    negotiation = make_negotiation()
    make_event(negotiation, title="Oldest", summary="truce truce truce truce")
    for title in ("Older", "Newer", "Newest"):
        make_event(negotiation, title=title, summary=f"truce, {title} talks")
    make_event(negotiation, title="Unrelated", summary="nothing of the kind")
    groups = search.search("truce", negotiation=negotiation)
    # The best match is older than the three newest matches: it is not ranked.
    assert sorted(_titles(groups, "event")) == ["Newer", "Newest", "Older"]


@on_postgresql
@pytest.mark.django_db
def test_a_title_match_counts_among_the_candidates(monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 2)
    negotiation = make_negotiation()
    corridor = make_issue(negotiation, title="Philadelphi Corridor")
    other = make_issue(negotiation, title="Prisoners")
    make_position(issue=other, summary="Philadelphi mentioned")
    make_position(issue=corridor, summary="Troops stay")
    make_position(issue=other, summary="Nothing here", as_of=datetime.date(2024, 2, 1))
    groups = search.search("philadelphi", negotiation=negotiation)
    hits = _kinds(groups)["position"].hits
    assert len(hits) == 2
    assert not _kinds(groups)["position"].more


def test_events_have_the_fields_the_search_reads():
    field_names = {field.name for field in Event._meta.get_fields()}
    assert set(search.DOCUMENTS["event"]) <= field_names

"""Format 2: its additions import, export back equivalent, and its rules 16-21."""

import pytest

from negotiations.interchange import (
    DocumentError,
    canonical,
    equivalent,
    export_negotiation,
    import_negotiation,
    load_document,
)
from negotiations.models import Issue, Position, Proposal, Response, Source, Term
from negotiations.ranges import Range
from tests.negotiations.documents import (
    count_rows,
    make_document,
    make_format_two_document,
    to_bytes,
)


def problems_of(doc):
    """Return the problems found in a document (read from its bytes), as strings."""
    with pytest.raises(DocumentError) as caught:
        load_document(to_bytes(doc))
    return [str(problem) for problem in caught.value.problems]


def refused_without_writing(doc):
    """Import the document, expecting a refusal; return its problems as strings."""
    before = count_rows()
    with pytest.raises(DocumentError) as caught:
        import_negotiation(doc)
    assert count_rows() == before
    return [str(problem) for problem in caught.value.problems]


# ---- Import and export ----------------------------------------------------------------


def test_the_format_two_test_document_is_valid():
    assert load_document(to_bytes(make_format_two_document())) is not None


@pytest.mark.django_db
def test_a_format_two_document_exports_back_equivalent():
    doc = make_format_two_document()

    exported = export_negotiation(import_negotiation(doc))

    assert exported["format"] == "ceasefire-tracker/2"
    assert canonical(exported) == canonical(doc)


@pytest.mark.django_db
def test_a_format_one_document_exports_as_an_equivalent_format_two_document():
    doc = make_document()

    exported = export_negotiation(import_negotiation(doc))

    assert exported["format"] == "ceasefire-tracker/2"
    assert exported["proposals"][0]["authors"] == ["broker"]
    assert exported["negotiation"]["stale_after_days"] == 60
    assert equivalent(exported, doc) is True


@pytest.mark.django_db
def test_import_stores_ranges_normalising_a_range_of_one_number_to_it():
    import_negotiation(make_format_two_document())

    v1 = Term.objects.get(version__label="v1", issue__slug="prisoners")
    open_ended = Position.objects.get(actor__slug="north", issue__slug="prisoners")
    single = Position.objects.get(actor__slug="west")

    assert (v1.value_number, v1.value_min, v1.value_max) == (None, 700.0, 1000.0)
    assert v1.value == Range(700.0, 1000.0)
    assert open_ended.value == Range(None, 500.0)
    assert str(open_ended.value) == "up to 500"
    assert (single.value_number, single.value_min, single.value_max) == (
        2.0,
        None,
        None,
    )


@pytest.mark.django_db
def test_import_stores_lineage_authors_sides_kinds_and_conditions():
    negotiation = import_negotiation(make_format_two_document())

    proposal = Proposal.objects.get(slug="framework")
    v1, v2 = proposal.versions.order_by("rank")
    crossings = Issue.objects.get(slug="crossings")
    prisoners = Issue.objects.get(slug="prisoners")
    wire = Source.objects.get(key="wire-1")

    assert v2.amends == v1
    assert sorted(actor.slug for actor in proposal.authors.all()) == ["broker", "north"]
    assert [actor.slug for actor in crossings.sides()] == ["west", "south"]
    assert [actor.slug for actor in prisoners.sides()] == ["north", "south"]
    assert (wire.kind, wire.archived_url) == (
        "wire-copy",
        "https://archive.example.org/web/1/wire",
    )
    assert negotiation.stale_after_days == 45
    assert Term.objects.get(version=v1, issue=prisoners).condition == (
        "Only if the lists are agreed."
    )
    assert Response.objects.get().condition == "If the corridor is shared."


def test_author_x_is_the_same_value_as_authors_x():
    with_author = make_document()
    with_authors = make_document()
    del with_authors["proposals"][0]["author"]
    with_authors["proposals"][0]["authors"] = ["broker"]

    assert equivalent(with_author, with_authors) is True


def test_a_number_is_the_same_value_as_the_range_from_it_to_it():
    as_number = make_document()
    as_range = make_document()
    as_range["positions"][0]["value"] = {"min": 500, "max": 500.0}

    assert equivalent(as_number, as_range) is True


def test_a_range_differs_from_its_lower_bound():
    as_number = make_document()
    as_range = make_document()
    as_range["positions"][0]["value"] = {"min": 500}

    assert equivalent(as_number, as_range) is False


# ---- Rule 16: amends --------------------------------------------------------------------


@pytest.mark.django_db
def test_rule_16_amends_names_an_existing_version():
    doc = make_format_two_document()
    doc["proposals"][0]["versions"][1]["amends"] = {
        "proposal": "framework",
        "version": "v0",
    }

    assert refused_without_writing(doc) == [
        (
            'proposals[0].versions[1].amends.version: proposal "framework" has no '
            'version labelled "v0"'
        )
    ]


@pytest.mark.django_db
def test_rule_16_an_amended_version_is_not_dated_after_the_amending_one():
    doc = make_format_two_document()
    doc["proposals"][0]["versions"][1]["date"] = "2024-05-01"

    assert refused_without_writing(doc) == [
        (
            "proposals[0].versions[1].amends: the amended version is dated 2024-05-06, "
            "after this version's date 2024-05-01"
        )
    ]


@pytest.mark.django_db
def test_rule_16_following_amends_never_comes_back_to_the_same_version():
    doc = make_format_two_document()
    first, second = doc["proposals"][0]["versions"]
    second["date"] = first["date"]
    first["amends"] = {"proposal": "framework", "version": second["label"]}

    assert refused_without_writing(doc) == [
        (
            "proposals[0].versions[0].amends: following amends comes back to this "
            'version (framework/"v1" -> framework/"July 2024 / rev? #2 100%" -> '
            'framework/"v1"): amendments cannot loop'
        )
    ]


@pytest.mark.django_db
def test_rule_16_a_version_cannot_amend_itself():
    doc = make_format_two_document()
    doc["proposals"][0]["versions"][0]["amends"] = {
        "proposal": "framework",
        "version": "v1",
    }

    assert refused_without_writing(doc) == [
        "proposals[0].versions[0].amends: a version cannot amend itself"
    ]


# ---- Rule 17: ranges --------------------------------------------------------------------


@pytest.mark.django_db
def test_rule_17_a_range_appears_only_where_the_issue_is_numeric():
    doc = make_format_two_document()
    doc["positions"][2]["value"] = {"min": 1}

    assert refused_without_writing(doc) == [
        (
            'positions[2].value: issue "corridor" is ordinal: a range (min, max) is '
            "only for a numeric issue"
        )
    ]


@pytest.mark.django_db
def test_rule_17_a_range_has_min_max_or_both():
    doc = make_format_two_document()
    doc["proposals"][0]["versions"][0]["terms"][0]["value"] = {}

    assert refused_without_writing(doc) == [
        "proposals[0].versions[0].terms[0].value: a range needs min, max or both"
    ]


@pytest.mark.django_db
def test_rule_17_a_ranges_min_is_not_above_its_max():
    doc = make_format_two_document()
    doc["positions"][1]["value"] = {"min": 2000, "max": 1500}

    assert refused_without_writing(doc) == [
        (
            "positions[1].value.min: 2000 is above the range's max 1500: "
            "min must not be above max"
        )
    ]


def test_rule_17_a_ranges_bounds_are_finite_numbers():
    doc = make_format_two_document()
    doc["positions"][1]["value"] = {"min": float("inf"), "max": "many"}

    assert problems_of(doc) == [
        "positions[1].value.min: Infinity is not allowed: numbers must be finite",
        'positions[1].value.max: must be a number, not "many"',
    ]


# ---- Rule 18: authors -------------------------------------------------------------------


@pytest.mark.django_db
def test_rule_18_a_proposal_gives_author_or_authors_not_both():
    doc = make_format_two_document()
    doc["proposals"][0]["author"] = "broker"

    assert refused_without_writing(doc) == [
        (
            'proposals[0].authors: give author or authors, not both (author: "x" is '
            'the same as authors: ["x"])'
        )
    ]


@pytest.mark.django_db
def test_rule_18_authors_name_existing_actors_each_at_most_once():
    doc = make_format_two_document()
    doc["proposals"][0]["authors"] = ["broker", "spokesperson", "nobody", "broker"]

    assert refused_without_writing(doc) == [
        (
            'proposals[0].authors[1]: no actor with slug "spokesperson" '
            '("spokesperson" is a person; an actor is needed here)'
        ),
        'proposals[0].authors[2]: no actor with slug "nobody"',
        (
            'proposals[0].authors[3]: names "broker" again (authors[0]): each author '
            "at most once"
        ),
    ]


# ---- Rule 19: an issue's sides --------------------------------------------------------


@pytest.mark.django_db
def test_rule_19_an_issues_sides_are_two_different_parties():
    doc = make_format_two_document()
    doc["issues"][3]["sides"] = ["broker", "broker"]

    assert refused_without_writing(doc) == [
        (
            'issues[3].sides[0]: actor "broker" has role "mediator"; a side must have '
            'role "party"'
        ),
        (
            "issues[3].sides[1]: names the same actor as sides[0]; the two sides must "
            "be different actors"
        ),
    ]


@pytest.mark.django_db
def test_rule_19_an_issues_sides_name_actors():
    doc = make_format_two_document()
    doc["issues"][3]["sides"] = ["west", "east"]

    assert refused_without_writing(doc) == [
        'issues[3].sides[1]: no actor with slug "east"'
    ]


def test_rule_19_an_issue_names_exactly_two_sides():
    doc = make_format_two_document()
    doc["issues"][3]["sides"] = ["west"]

    assert problems_of(doc) == ["issues[3].sides: needs at least 2 items, not 1"]


# ---- Rule 21: sources, kinds and archive URLs -------------------------------------------


@pytest.mark.django_db
def test_rule_21_a_source_kind_is_one_of_the_eight():
    doc = make_format_two_document()
    doc["sources"][1]["kind"] = "blog"

    assert refused_without_writing(doc) == [
        (
            'sources[1].kind: "blog" is not one of "primary-document", '
            '"official-statement", "news-report", "wire-copy", "analysis", '
            '"aggregator", "mirror", "social-media"'
        )
    ]


@pytest.mark.django_db
def test_rule_21_an_archived_url_is_an_absolute_http_url():
    doc = make_format_two_document()
    doc["sources"][0]["archived_url"] = "https://archive.example.org/a page"

    assert refused_without_writing(doc) == [
        (
            'sources[0].archived_url: "https://archive.example.org/a page" is not an '
            "absolute http or https URL (RFC 3986: no spaces, no characters such as "
            '< > " { } | \\ ^ `)'
        )
    ]


@pytest.mark.django_db
def test_rule_21_a_sources_list_names_existing_sources():
    doc = make_format_two_document()
    doc["positions"][4]["sources"] = ["archive-9"]

    assert refused_without_writing(doc) == [
        'positions[4].sources[0]: no source with id "archive-9"'
    ]


# ---- Addition 8: the staleness window ---------------------------------------------------


def test_the_staleness_window_is_a_whole_number_of_days_from_1_to_3650():
    doc = make_format_two_document()
    doc["negotiation"]["stale_after_days"] = 0

    assert problems_of(doc) == [
        "negotiation.stale_after_days: must be at least 1, not 0"
    ]


# ---- Issue 15: one check per import ---------------------------------------------------


@pytest.mark.django_db
def test_the_import_command_checks_a_document_once(monkeypatch, tmp_path):
    from django.core.management import call_command

    from negotiations.interchange import validation

    calls = []
    check = validation.check_document

    def counting(*args, **kwargs):
        calls.append(1)
        return check(*args, **kwargs)

    monkeypatch.setattr(validation, "check_document", counting)
    path = tmp_path / "doc.json"
    path.write_bytes(to_bytes(make_format_two_document()))

    call_command("import_negotiation", str(path))

    assert len(calls) == 1


@pytest.mark.django_db
def test_an_import_without_checked_still_checks_the_document():
    doc = make_format_two_document()
    doc["issues"][3]["sides"] = ["west", "west"]

    with pytest.raises(DocumentError):
        import_negotiation(doc)


@pytest.mark.django_db
def test_the_search_indexes_hold_every_imported_row_right_after_an_import():
    from django.db import connection

    import_negotiation(make_format_two_document())

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT gin_clean_pending_list(%s::regclass), "
            "gin_clean_pending_list(%s::regclass)",
            ["search_position", "search_source"],
        )
        waiting = cursor.fetchone()
    assert waiting == (0, 0)


# ---- Every page answers for a format-2 negotiation ------------------------------------


@pytest.mark.django_db
def test_every_page_of_a_format_two_negotiation_answers(client):
    from django.urls import reverse

    from negotiations.models import Version
    from parties.models import Actor

    negotiation = import_negotiation(make_format_two_document())
    slug = negotiation.slug
    urls = [
        negotiation.get_absolute_url(),
        reverse("negotiations:timeline", kwargs={"negotiation": slug}),
        *(issue.get_absolute_url() for issue in Issue.objects.all()),
        *(actor.get_absolute_url() for actor in Actor.objects.all()),
        *(
            version.get_absolute_url()
            for version in Version.objects.select_related("proposal__negotiation")
        ),
    ]

    answers = {url: client.get(url).status_code for url in urls}

    assert set(answers.values()) == {200}
    version_page = client.get(urls[-1]).content.decode()
    put_forward = version_page.split("put forward by", 1)[1].split("</p>", 1)[0]
    assert "<bdi>Broker</bdi></a> and " in put_forward
    assert "<bdi>North</bdi>" in put_forward


@pytest.mark.django_db
def test_an_export_leaves_out_amends_that_name_a_draft_left_out():
    from negotiations.models import Version

    doc = make_format_two_document()
    doc["negotiation"]["baseline"]["version"] = doc["proposals"][0]["versions"][1][
        "label"
    ]
    negotiation = import_negotiation(doc)
    Version.objects.filter(label="v1").update(is_published=False)

    exported = export_negotiation(negotiation)

    (version,) = exported["proposals"][0]["versions"]
    assert "amends" not in version
    assert load_document(to_bytes(exported)) is not None

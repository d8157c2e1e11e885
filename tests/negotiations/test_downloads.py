import csv
import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from negotiations import downloads
from negotiations.models import Measure, Negotiation, Position, Status
from tests.factories import (
    make_issue,
    make_negotiation,
    make_person,
    make_position,
    make_proposal,
    make_source,
    make_version,
)

# Without a database: the cells.


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+1", "-1+2", "@SUM(A1)", "\tlead", "\rlead", '=HYPERLINK("http://x")'],
)
def test_a_text_cell_that_could_start_a_formula_gets_an_apostrophe(text):
    assert downloads.spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("text", ["Philadelphi", "1 = 1", "", " =1", "فيلادلفيا"])
def test_other_text_cells_are_left_as_they_are(text):
    assert downloads.spreadsheet_safe(text) == text


def test_numbers_stay_numbers_and_none_is_empty():
    assert downloads.spreadsheet_safe(-5) == -5
    assert downloads.spreadsheet_safe(2.5) == 2.5
    assert downloads.spreadsheet_safe(None) == ""


def test_csv_lines_start_with_a_byte_order_mark_only_once():
    lines = list(downloads.csv_lines(("a", "b"), [("=x", 1), ("y", None)]))
    assert lines == ["\ufeffa,b\r\n", "'=x,1\r\n", "y,\r\n"]


# Over HTTP.


def _get(client, name, negotiation, **query):
    url = reverse(f"negotiations:{name}", kwargs={"negotiation": negotiation.slug})
    return client.get(url, query)


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


def _rows(response):
    text = _body(response)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.mark.django_db
def test_positions_csv_streams_every_published_position_with_its_columns(client):
    negotiation = make_negotiation(slug="talks")
    corridor = make_issue(
        negotiation,
        slug="corridor",
        title="Philadelphi Corridor",
        rank=1,
        measure=Measure.ORDINAL,
        scale=[("control", "Full control"), ("withdraw", "Withdrawal")],
    )
    prisoners = make_issue(negotiation, slug="prisoners", title="Prisoners", rank=2)
    spokesman = make_person(negotiation, name="A Spokesman")
    make_position(
        issue=corridor,
        value="control",
        summary="Stays.",
        attributed_person=spokesman,
        sources=[
            make_source(negotiation, title="Wire", url="https://wire.example/1"),
            make_source(negotiation, title="Paper", url=""),
        ],
    )
    make_position(
        issue=prisoners, actor=negotiation.side_b, value=-1.5, status="claimed"
    )
    make_position(issue=prisoners, value=None, as_of=datetime.date(2024, 7, 2))
    make_position(issue=prisoners, summary="Draft", is_published=False)
    response = _get(client, "positions_csv", negotiation)
    assert response.status_code == 200
    assert response.streaming is True
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="talks-positions.csv"'
    )
    rows = _rows(response)
    assert list(rows[0]) == list(downloads.POSITION_COLUMNS)
    assert [row["summary"] for row in rows if row["summary"] == "Draft"] == []
    assert len(rows) == 3
    corridor_row = rows[0]
    assert corridor_row["negotiation"] == "talks"
    assert corridor_row["actor"] == "Side A"
    assert corridor_row["issue"] == "Philadelphi Corridor"
    assert corridor_row["as_of"] == "2024-07-01"
    assert corridor_row["value_label"] == "Full control"
    assert corridor_row["value"] == "control"
    assert corridor_row["status"] == "Stated publicly"
    assert corridor_row["attributed_to"] == "A Spokesman"
    assert corridor_row["sources"] in (
        "Wire <https://wire.example/1>; Paper",
        "Paper; Wire <https://wire.example/1>",
    )
    claimed = next(row for row in rows if row["actor"] == "Side B")
    assert claimed["value"] == "-1.5"
    # The label is text, so its leading minus is escaped; the raw value stays a number.
    assert claimed["value_label"] == "'-1.5 prisoners"
    assert claimed["unit"] == "prisoners"
    unknown = next(row for row in rows if row["as_of"] == "2024-07-02")
    assert unknown["value_label"] == "unknown"
    assert unknown["value"] == ""


@pytest.mark.django_db
def test_positions_csv_escapes_formulas_in_stored_text(client):
    negotiation = make_negotiation()
    make_position(
        issue=make_issue(negotiation, title="=cmd|' /C calc'!A0"),
        summary='@SUM(1+1)*cmd|" /C calc"!A0',
    )
    (row,) = _rows(_get(client, "positions_csv", negotiation))
    assert row["issue"] == "'=cmd|' /C calc'!A0"
    assert row["summary"] == '\'@SUM(1+1)*cmd|" /C calc"!A0'


@pytest.mark.django_db
def test_positions_csv_keeps_arabic_text_in_utf8(client):
    negotiation = make_negotiation(
        sides=({"slug": "hamas", "name": "حماس"}, {"slug": "b"})
    )
    make_position(issue=make_issue(negotiation), summary="محور فيلادلفيا")
    response = _get(client, "positions_csv", negotiation)
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    (row,) = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert row["actor"] == "حماس"
    assert row["summary"] == "محور فيلادلفيا"


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 30])
def test_positions_csv_query_count_does_not_grow_with_the_rows(
    client, django_assert_num_queries, count
):
    negotiation = make_negotiation()
    issue = make_issue(negotiation)
    source = make_source(negotiation)
    for number in range(count):
        make_position(
            issue=issue,
            value=number,
            as_of=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
            sources=[source],
        )
    # The negotiation; its actors, issues, scale options and people; then the
    # positions and their sources (one chunk).
    with django_assert_num_queries(7):
        response = _get(client, "positions_csv", negotiation)
        assert len(_rows(response)) == count


@pytest.mark.django_db
def test_state_of_play_csv_gives_each_sides_value_the_gap_and_the_trend(client):
    negotiation = make_negotiation(slug="talks")
    prisoners = make_issue(negotiation, title="Prisoners", slug="prisoners")
    corridor = make_issue(
        negotiation, title="Corridor", measure=Measure.ORDINAL, scale=["a", "b", "c"]
    )
    wording = make_issue(negotiation, title="Wording", measure=Measure.TEXT)
    side_a, side_b = negotiation.side_a, negotiation.side_b
    source = make_source(negotiation, url="https://example.org/a-1500")
    make_position(
        actor=side_a,
        issue=wording,
        as_of=datetime.date(2024, 5, 1),
        summary="Guarantees in writing.",
        status=Status.STATED,
    )
    for actor, issue, value, as_of in [
        (side_a, prisoners, 1000, datetime.date(2024, 6, 1)),
        (side_b, prisoners, 2000, datetime.date(2024, 6, 1)),
        (side_a, prisoners, 1500, datetime.date(2024, 7, 20)),
        (side_a, corridor, "a", datetime.date(2024, 7, 1)),
    ]:
        make_position(actor=actor, issue=issue, value=value, as_of=as_of)
    make_position(
        actor=side_a,
        issue=prisoners,
        value=1500,
        as_of=datetime.date(2024, 7, 20),
        status=Status.STATED,
        attributed_person=make_person(negotiation),
        sources=[source],
    )
    response = _get(client, "state_of_play_csv", negotiation, as_of="2024-07-31")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="talks-state-of-play-2024-07-31.csv"'
    )
    rows = {row["issue"]: row for row in _rows(response)}
    assert list(rows["Prisoners"]) == list(downloads.STATE_OF_PLAY_COLUMNS)
    assert rows["Prisoners"]["as_of"] == "2024-07-31"
    assert rows["Prisoners"]["evidence"] == "reported"
    assert rows["Prisoners"]["issue_slug"] == "prisoners"
    assert rows["Prisoners"]["side_a_status"] == "stated"
    assert rows["Prisoners"]["side_a_basis"] == "position"
    assert rows["Prisoners"]["side_a_stale"] == "no"
    assert rows["Prisoners"]["side_a_sources"] == "https://example.org/a-1500"
    assert rows["Prisoners"]["side_b_stale"] == "no"
    assert rows["Prisoners"]["side_a"] == "Side A"
    assert rows["Prisoners"]["side_a_value"] == "1500"
    assert rows["Prisoners"]["side_a_as_of"] == "2024-07-20"
    assert rows["Prisoners"]["side_b_value"] == "2000"
    assert rows["Prisoners"]["gap"] == "500"
    assert rows["Prisoners"]["relative_gap"] == "0.25"
    assert rows["Prisoners"]["trend"] == "narrowing"
    assert rows["Prisoners"]["trend_since"] == "2024-07-01"
    # Side B has said nothing on the corridor: unknown, never 0.
    assert rows["Corridor"]["side_b_value_label"] == "no position"
    assert rows["Corridor"]["side_b_as_of"] == ""
    assert rows["Corridor"]["gap"] == "unknown"
    assert rows["Corridor"]["relative_gap"] == "unknown"
    assert rows["Corridor"]["trend"] == "unknown"
    assert rows["Wording"]["gap"] == "no number"
    # A text issue carries each side's words; 91 days old is past the window.
    assert rows["Wording"]["side_a_value_label"] == "Guarantees in writing."
    assert rows["Wording"]["side_a_stale"] == "yes"
    assert rows["Wording"]["side_b_value_label"] == "no position"


@pytest.mark.django_db
def test_state_of_play_csv_on_a_past_date_shows_what_was_known_then(client):
    negotiation = make_negotiation()
    issue = make_issue(negotiation, title="Prisoners")
    make_position(issue=issue, value=1000, as_of=datetime.date(2024, 6, 1))
    (row,) = _rows(_get(client, "state_of_play_csv", negotiation, as_of="2024-05-31"))
    assert row["side_a_value"] == ""
    assert row["side_a_value_label"] == "no position"
    assert row["gap"] == "unknown"


@pytest.mark.django_db
def test_state_of_play_csv_reads_unknown_for_a_null_value_and_honours_evidence(
    client,
):
    negotiation = make_negotiation()
    issue = make_issue(negotiation, title="Prisoners")
    make_position(
        issue=issue, value=None, as_of=datetime.date(2024, 6, 1), status=Status.REPORTED
    )
    (row,) = _rows(_get(client, "state_of_play_csv", negotiation, as_of="2024-06-30"))
    assert row["side_a_value_label"] == "unknown"
    assert row["side_a_status"] == "reported"
    (row,) = _rows(
        _get(
            client,
            "state_of_play_csv",
            negotiation,
            as_of="2024-06-30",
            evidence="stated",
        )
    )
    assert row["evidence"] == "stated"
    assert row["side_a_value_label"] == "no position"
    bad = _get(client, "state_of_play_csv", negotiation, evidence="rumour")
    assert bad.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    "as_of", ["yesterday", "2024-02-30", "2024-13-01", "99999-01-01"]
)
def test_state_of_play_csv_refuses_a_bad_date_with_400(client, as_of):
    response = _get(client, "state_of_play_csv", make_negotiation(), as_of=as_of)
    assert response.status_code == 400
    assert "as_of" in response.content.decode()


@pytest.mark.django_db
def test_state_of_play_csv_escapes_formulas_in_titles(client):
    negotiation = make_negotiation()
    make_issue(negotiation, title="+SUM(1)")
    (row,) = _rows(_get(client, "state_of_play_csv", negotiation))
    assert row["issue"] == "'+SUM(1)"


@pytest.mark.django_db
def test_export_json_downloads_the_published_interchange_document(client):
    negotiation = make_negotiation(slug="talks")
    issue = make_issue(negotiation, slug="prisoners")
    make_version(make_proposal(negotiation, slug="plan"), label="v1", baseline=True)
    make_position(issue=issue, value=10, summary="Published")
    make_position(
        issue=issue,
        value=20,
        summary="Draft",
        as_of=datetime.date(2024, 8, 1),
        is_published=False,
    )
    response = _get(client, "export_json", negotiation)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="talks.json"'
    document = json.loads(response.content)
    assert document["negotiation"]["slug"] == "talks"
    assert [position["summary"] for position in document["positions"]] == ["Published"]


@pytest.mark.django_db
def test_export_json_of_a_negotiation_without_a_baseline_explains_instead_of_failing(
    client,
):
    response = _get(client, "export_json", make_negotiation())
    assert response.status_code == 409
    assert "cannot be exported yet" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["export_json", "positions_csv", "state_of_play_csv"])
def test_downloads_of_an_unpublished_negotiation_are_not_found(client, name):
    assert _get(client, name, make_negotiation(is_published=False)).status_code == 404


@pytest.mark.django_db
def test_the_demo_positions_csv_has_a_row_per_published_position(client):
    call_command("load_demo", stdout=None)
    demo = Negotiation.objects.get(slug="gaza-2024")
    rows = _rows(_get(client, "positions_csv", demo))
    assert len(rows) == demo.positions.filter(is_published=True).count()
    assert any("Philadelphi" in row["issue"] for row in rows)
    state = _rows(_get(client, "state_of_play_csv", demo, as_of="2024-08-31"))
    assert len(state) == demo.issues.count()


@pytest.mark.django_db
def test_positions_csv_of_thousands_of_rows_builds_no_model_per_row(
    client, monkeypatch
):
    # The run that found issue 16 saw a 100,000-position table cut off when the
    # worker was killed at 30 s: building a model instance per row was the cost.
    negotiation = make_negotiation()
    issue = make_issue(negotiation)
    source = make_source(negotiation)
    day = datetime.date(2020, 1, 1)
    positions = Position.objects.bulk_create(
        Position(
            negotiation=negotiation,
            actor=negotiation.side_a,
            issue=issue,
            as_of=day + datetime.timedelta(days=index),
            measure=issue.measure,
            value_number=index,
            is_published=True,
        )
        for index in range(5000)
    )
    Position.sources.through.objects.bulk_create(
        Position.sources.through(position_id=position.pk, source_id=source.pk)
        for position in positions
    )
    built = []
    original_init = Position.__init__

    def counting_init(self, *args, **kwargs):
        built.append(1)
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(Position, "__init__", counting_init)

    rows = _rows(_get(client, "positions_csv", negotiation))

    assert len(rows) == 5000
    assert rows[-1]["value"] == "4999"
    assert rows[-1]["sources"] == f"{source.title} <{source.url}>"
    assert built == []


def _own_proposals(negotiation, count):
    """Give side A `count` issues whose only value is its own proposal's term."""
    plan = make_proposal(negotiation, slug="plan", authors=[negotiation.side_a])
    issues = [
        make_issue(negotiation, slug=f"issue-{number}", title=f"Issue {number}")
        for number in range(count)
    ]
    for number, issue in enumerate(issues):
        make_version(
            plan,
            label=f"v{number}",
            date=datetime.date(2024, 6, 1 + number),
            terms={issue: 10 + number},
            sources=[
                make_source(negotiation, url=f"https://example.org/plan-{number}"),
                make_source(negotiation, url=f"https://example.org/annex-{number}"),
            ],
        )


@pytest.mark.django_db
def test_state_of_play_csv_gives_an_own_proposals_sources(client):
    negotiation = make_negotiation(slug="own")
    _own_proposals(negotiation, 1)
    response = client.get(
        reverse("negotiations:state_of_play_csv", args=["own"]),
        {"as_of": "2024-07-01"},
    )
    (row,) = _rows(response)
    assert row["side_a_basis"] == "own proposal"
    assert row["side_a_sources"] == (
        "https://example.org/plan-0 https://example.org/annex-0"
    )
    assert row["side_b_sources"] == ""


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 4])
def test_own_proposals_sources_cost_one_query_whatever_their_number(
    client, django_assert_num_queries, count
):
    negotiation = make_negotiation(slug="own")
    _own_proposals(negotiation, count)
    url = reverse("negotiations:state_of_play_csv", args=["own"])
    # The negotiation; the state of play's eight, less the positions' sources
    # (there is no position); then the own proposals' versions' sources.
    with django_assert_num_queries(9):
        response = client.get(url, {"as_of": "2024-07-01"})
    assert len(_rows(response)) == count

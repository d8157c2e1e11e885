"""Long work under gunicorn as `make serve` runs it: nothing cut short, nothing stuck.

The adversarial run found that positions.csv of a 100,000-position negotiation
answered 200 with 50,868 rows when gunicorn killed its sync worker at the 30 s
timeout, that two such downloads held both workers while the home page waited
31 s, and that the admin's import of an 18 MB valid document ended in a bare 500
when the worker was killed.

These servers use tracker/gunicorn.py with a worker timeout of WEB_TIMEOUT
seconds, and every long request here is made to outlast it several times over
(the client reads slowly), so a worker that a long request could get killed
fails the test instead of passing it by luck.
"""

import csv
import datetime
import io
import json
import threading
import time

import pytest
from django.db import connection
from django.urls import reverse

from bench.make_large_negotiation import make_large_negotiation
from negotiations.models import Measure, Negotiation, Position, Source, Status
from tests.browsing import (
    cookie_header,
    form_with,
    make_superuser,
    post_file,
    sign_in,
)
from tests.factories import make_actor, make_issue, make_negotiation
from tests.servers import Server, production_env, shared_database_url

pytestmark = pytest.mark.django_db(transaction=True)

WEB_TIMEOUT = 3


@pytest.fixture(scope="module")
def server(tmp_path_factory, django_db_setup):
    env = production_env(
        shared_database_url(),
        tmp_path_factory.mktemp("static"),
        WEB_TIMEOUT=str(WEB_TIMEOUT),
        TMPDIR=str(tmp_path_factory.mktemp("tmp")),
    )
    started = Server(env, tmp_path_factory.mktemp("logs") / "gunicorn.log")
    try:
        started.wait_until_up()
        yield started
    finally:
        # Before the test database is flushed: the server holds connections.
        started.stop()


def _negotiation_of(count, *, actors=10, issues=20):
    """A published negotiation of `count` positions, each with one source.

    One position is made through the ORM; the database copies it for every
    (day, actor, issue), which takes a second where building 100,000 model
    instances took a minute.
    """
    negotiation = make_negotiation(slug="long-talks", title="Long talks")
    cast = [negotiation.side_a, negotiation.side_b] + [
        make_actor(negotiation, slug=f"actor-{n}", name=f"Actor {n}")
        for n in range(actors - 2)
    ]
    topics = [make_issue(negotiation, slug=f"issue-{n}") for n in range(issues)]
    source = Source.objects.create(
        negotiation=negotiation,
        key="wire",
        title="Daily wire",
        publisher="Newswire",
        url="https://news.example/wire",
        published_on=datetime.date(2024, 1, 1),
    )
    template = Position.objects.create(
        negotiation=negotiation,
        actor=cast[0],
        issue=topics[0],
        measure=Measure.NUMERIC,
        value_number=0,
        as_of=datetime.date(2023, 12, 31),
        status=Status.STATED,
        summary="Said so on day",
        is_published=True,
    )
    _copy_for_every_day(template, cast, topics, days=count // (actors * issues))
    template.delete()
    links = Position.sources.through
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {links._meta.db_table} (position_id, source_id) "
            f"SELECT id, %s FROM {Position._meta.db_table} WHERE negotiation_id = %s",
            [source.pk, negotiation.pk],
        )
    assert negotiation.positions.count() == count
    return negotiation


def _copy_for_every_day(template, actors, issues, days):
    """Insert a copy of `template` per (day, actor, issue), days after its date."""
    varied = {
        "actor_id": "a.actor",
        "issue_id": "i.issue",
        "as_of": "t.as_of + d.day",
        "value_number": "d.day",
        "summary": "t.summary || ' ' || d.day",
    }
    columns = [
        field.column
        for field in Position._meta.concrete_fields
        if not field.primary_key and not getattr(field, "generated", False)
    ]
    chosen = ", ".join(varied.get(column, f"t.{column}") for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Position._meta.db_table} ({', '.join(columns)}) "
            f"SELECT {chosen} FROM {Position._meta.db_table} t, "
            "unnest(%s::bigint[]) AS a(actor), unnest(%s::bigint[]) AS i(issue), "
            "generate_series(1, %s) AS d(day) WHERE t.id = %s",
            [
                [actor.pk for actor in actors],
                [issue.pk for issue in issues],
                days,
                template.pk,
            ],
        )


def _read_slowly(response, pause, started):
    """Read the body in pieces, pausing for `pause` seconds after the first.

    Sets the event `started` once the first piece has arrived.
    """
    chunks = [response.read(64 * 1024)]
    started.set()
    time.sleep(pause)
    while chunk := response.read(256 * 1024):
        chunks.append(chunk)
    return b"".join(chunks)


def test_a_huge_download_completes_and_two_of_them_leave_the_site_up(server):
    negotiation = _negotiation_of(100_000)
    path = reverse("negotiations:positions_csv", args=[negotiation.slug])
    bodies, done, errors = {}, {}, []
    streaming = {1: threading.Event(), 2: threading.Event()}

    def download(name):
        try:
            client, response = server.open("GET", path, timeout=120)
            try:
                assert response.status == 200
                bodies[name] = _read_slowly(
                    response, pause=3 * WEB_TIMEOUT, started=streaming[name]
                )
                done[name] = time.monotonic()
            finally:
                client.close()
        except Exception as error:  # reported below, in the test's own thread
            errors.append(error)

    downloads = [threading.Thread(target=download, args=(n,)) for n in (1, 2)]
    begun = time.monotonic()
    for thread in downloads:
        thread.start()
    # Both downloads are under way, held by their slow readers.
    assert all(event.wait(timeout=120) for event in streaming.values()), errors
    home = server.request("GET", "/", timeout=3 * WEB_TIMEOUT)
    home_answered = time.monotonic()
    for thread in downloads:
        thread.join(timeout=180)

    assert not errors, errors
    assert home.status == 200
    # The home page was served while both downloads were still running, and
    # each download outlasted the worker timeout several times over.
    assert home_answered < min(done.values())
    assert min(done.values()) - begun > 3 * WEB_TIMEOUT
    for body in bodies.values():
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        assert len(rows) == 1 + 100_000, f"{len(rows) - 1} rows"
        header, *records = rows
        # The last row is whole: every column is there.
        assert len(records[-1]) == len(header)
    assert "WORKER TIMEOUT" not in server.log_text()


def _twenty_mebibyte_document():
    """A valid document just under the 20 MiB the admin accepts."""
    document = make_large_negotiation(seed=3, positions=30_000, words=2_700)
    data = json.dumps(document, ensure_ascii=False).encode()
    assert 19 * 1024 * 1024 < len(data) <= 20 * 1024 * 1024, len(data)
    return document, data


def test_the_admin_imports_a_twenty_mebibyte_document(server):
    document, data = _twenty_mebibyte_document()
    make_superuser("publisher")
    jar = sign_in(server, "publisher")
    path = reverse("admin:negotiations_negotiation_import")
    page = server.request("GET", path, headers={"Cookie": cookie_header(jar)})
    token = dict(form_with(page.text, "csrfmiddlewaretoken"))["csrfmiddlewaretoken"]
    started = time.monotonic()
    imported = post_file(
        server,
        path,
        [("csrfmiddlewaretoken", token)],
        "document",
        data,
        jar,
        timeout=600,
    )
    took = time.monotonic() - started

    assert imported.status == 302, imported.text[:4000]
    negotiation = Negotiation.objects.get(slug=document["negotiation"]["slug"])
    assert imported.getheader("Location").endswith(
        reverse("admin:negotiations_negotiation_change", args=[negotiation.pk])
    )
    assert negotiation.positions.filter(is_published=True).count() == 30_000
    assert negotiation.proposals.count() == len(document["proposals"])
    # It took longer than a sync worker would have been given, and was not cut.
    assert took > WEB_TIMEOUT
    assert "WORKER TIMEOUT" not in server.log_text()

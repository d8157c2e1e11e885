"""A seeded fuzz run over the public URL map: no address, however odd, is a 500.

Every route of negotiations/urls.py is requested with real and mutated path
parts and with each query parameter the pages read, set to dates, huge
numbers, other scripts, control characters, repeats and nothing. The seed is
fixed so a failure replays; the list of failures names each address.
"""

import random
from urllib.parse import quote, urlencode

import pytest
from django.test import Client

from tests.negotiations.page_scenarios import small_negotiation

pytestmark = pytest.mark.django_db

REQUESTS = 2000
SEED = 16

ROUTES = [
    "/",
    "/search/",
    "/negotiations/{n}/",
    "/negotiations/{n}/timeline/",
    "/negotiations/{n}/search/",
    "/negotiations/{n}/feed/",
    "/negotiations/{n}/export.json",
    "/negotiations/{n}/positions.csv",
    "/negotiations/{n}/state-of-play.csv",
    "/negotiations/{n}/issues/{i}/",
    "/negotiations/{n}/issues/{i}/feed/",
    "/negotiations/{n}/issues/{i}/card/",
    "/negotiations/{n}/actors/{a}/",
    "/negotiations/{n}/proposals/{p}/{v}/",
]
PARAMETERS = [
    "as_of",
    "since",
    "start",
    "end",
    "actor",
    "issue",
    "kind",
    "page",
    "q",
    "against",
    "view",
    "negotiation",
    "o",
]
ODD_TEXT = [
    "",
    " ",
    "~",
    ".",
    "..",
    "%",
    "%%",
    "%2F",
    "9" * 40,
    "-1",
    "0",
    "1e400",
    "nan",
    "2024-02-30",
    "2024-13-01",
    "0000-01-01",
    "9999-12-31",
    "10000-01-01",
    "-2024-01-01",
    "2024-07-05",
    "1970-01-01T00:00:00",
    "١٢٣",
    "①",
    "ישראל",
    "حماس",
    "\u202e",
    "\ufeff",
    "\x7f",
    "\x01",
    "\x00",
    "a" * 3000,
    "<script>",
    "' OR 1=1 --",
    "baseline",
    "previous",
    "framework:2024-07-05",
    "inline",
    "side",
    "position",
    "event",
]


def _real_parts():
    return {
        "n": ["small", "no-such-talks"],
        "i": ["prisoners", "corridor", "guarantees", "nothing"],
        "a": ["alpha", "beta", "gamma", "nobody"],
        "p": ["framework", "unknown"],
        "v": ["2024-07-05", "~", "~~", "nope"],
    }


def _path(generator, parts):
    route = generator.choice(ROUTES)
    values = {}
    for name, choices in parts.items():
        if generator.random() < 0.8:
            values[name] = quote(generator.choice(choices), safe="")
        else:
            values[name] = quote(generator.choice(ODD_TEXT), safe="")
    return route.format(**values)


def _query(generator):
    pairs = []
    for _ in range(generator.randint(0, 4)):
        pairs.append((generator.choice(PARAMETERS), generator.choice(ODD_TEXT)))
    return urlencode(pairs)


def test_no_public_address_gives_a_server_error():
    small_negotiation()
    parts = _real_parts()
    generator = random.Random(SEED)
    client = Client(raise_request_exception=False)
    failures = []
    for _ in range(REQUESTS):
        url = _path(generator, parts)
        query = _query(generator)
        headers = {"HX-Request": "true"} if generator.random() < 0.2 else {}
        method = client.head if generator.random() < 0.1 else client.get
        response = method(f"{url}?{query}" if query else url, headers=headers)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {url}?{query}")
    assert failures == []

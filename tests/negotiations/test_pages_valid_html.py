"""Every public page type of the demo is valid HTML to the W3C Nu checker.

`make test` installs the checker (the vnu-jar package from npm, its jar only)
and Debian's Java; where either is missing the test skips, saying why, except
in CI, where it fails. All pages go to one run of the checker: starting the JVM
costs more than checking a page.
"""

import json
import os
import re
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from negotiations.models import Negotiation

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
BASE = "/negotiations/gaza-2024/"
PHILADELPHI = BASE + "issues/philadelphi-corridor/"
AGREEMENT = BASE + "proposals/january-2025-agreement/2025-01-15/"

# One URL per page type (and per variant of a page that renders other markup).
PAGES = {
    "negotiation-list": "/",
    "state-of-play": BASE,
    "state-of-play-earlier": BASE + "?as_of=2024-07-02",
    "sticking-point": PHILADELPHI,
    "actor-party": BASE + "actors/israel/",
    "actor-mediator": BASE + "actors/united-states/",
    "timeline": BASE + "timeline/",
    "timeline-filtered": BASE + "timeline/?issue=philadelphi-corridor&page=1",
    "timeline-claims": BASE + "timeline/?status=claimed&attributed_to=actor:israel",
    "version": AGREEMENT,
    "version-side-by-side": AGREEMENT + "?view=side",
    "version-against-previous": BASE + "proposals/israeli-proposal/2024-07-27/"
    "?against=previous",
    "search-everywhere": "/search/?q=Philadelphi",
    "search-negotiation": BASE + "search/?q=hostages",
    "search-nothing-found": "/search/?q=zzzzzz",
    "embed-card": PHILADELPHI + "card/",
    "not-found": BASE + "issues/no-such-issue/",
    "bad-request": BASE + "?as_of=not-a-date",
}


def nu_checker():
    """Return the command that runs the checker, or skip (fail in CI) without it."""
    java = shutil.which("java")
    missing = []
    if java is None:
        missing.append("java (Debian's default-jre-headless)")
    if not VNU_JAR.is_file():
        missing.append("the vnu-jar npm package")
    if missing:
        message = f"{' and '.join(missing)} missing: `make test` installs them."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return [
        java,
        "-Xss8m",
        "-jar",
        str(VNU_JAR),
        "--format",
        "json",
        "--exit-zero-always",
    ]


def check(paths):
    """Return the checker's messages for the files, as dicts."""
    command = nu_checker() + [str(path) for path in paths]
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=300, check=True
    )
    return json.loads(completed.stderr or completed.stdout)["messages"]


def describe(message, names):
    page = names[Path(message["url"].removeprefix("file:")).name]
    line = message.get("lastLine", "?")
    extract = message.get("extract", "").strip()
    return f"{page} line {line}: {message['message']} [{extract}]"


def test_every_page_type_of_the_demo_has_no_nu_checker_error(client, tmp_path):
    call_command("load_demo", stdout=StringIO())
    assert Negotiation.objects.filter(slug="gaza-2024").exists() is True
    names = {}
    for name, url in PAGES.items():
        response = client.get(url)
        assert response["Content-Type"].startswith("text/html"), url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        names[path.name] = f"{url} ({response.status_code})"

    messages = check(sorted(tmp_path.glob("*.html")))

    errors = [message for message in messages if message["type"] == "error"]
    assert not errors, "\n".join(describe(message, names) for message in errors)


def test_the_nu_checker_finds_the_errors_real_clients_flagged(tmp_path):
    """The test above can fail: bare htmx attributes and nanoseconds are errors."""
    broken = tmp_path / "broken.html"
    broken.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head>'
        '<body><a hx-get="/">x</a><time datetime="2024-01-01T00:00:00.1234567Z">'
        "x</time></body></html>"
    )
    messages = check([broken])

    errors = [message["message"] for message in messages if message["type"] == "error"]
    assert any("hx-get" in error for error in errors), errors
    assert any("datetime" in error for error in errors), errors


def test_every_page_type_of_the_demo_describes_itself_for_search_engines(client):
    call_command("load_demo", stdout=StringIO())
    missing = []
    for url in PAGES.values():
        markup = client.get(url).content.decode()
        found = re.search(r'<meta name="description" content="([^"]*)">', markup)
        if found is None or len(found.group(1).split()) < 8:
            missing.append(url)

    assert not missing, f"no meta description of a sentence on: {missing}"


def test_the_server_error_page_describes_itself_too():
    markup = (ROOT / "templates" / "500.html").read_text()

    assert '<meta name="description" content="The cease-fire' in markup

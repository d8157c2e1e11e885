"""Browser fixtures for the end-to-end tests: Debian's Chromium driven by Playwright.

Every page a test opens records its console errors, uncaught exceptions, failed
requests and responses of 400 or more; a test fails when any is left that it did
not declare with `page_log(page).expect(status, url_part)`. A failing test leaves
a desktop and a phone screenshot of each of its pages in test-results/.
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

# Playwright's sync API keeps an event loop running in the main thread, which
# makes Django refuse ORM calls from the test body unless told otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# The network is closed here: without these flags Chromium keeps trying to reach
# its own services and floods the log with refused connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
ROOT = Path(__file__).resolve().parent.parent.parent
RESULTS = ROOT / "test-results"
AXE = ROOT / "static" / "vendor" / "axe" / "axe.min.js"

_PAGES = pytest.StashKey[list]()


@dataclass
class PageLog:
    """What went wrong on one page, less what the test said to expect."""

    problems: list = field(default_factory=list)
    # Chromium asks every origin for /favicon.ico by itself; the admin's pages
    # name no icon, and a missing one is nothing a reader sees.
    expected: list = field(default_factory=lambda: [(404, "/favicon.ico")])

    def expect(self, status, url_part=""):
        """Allow responses with this status whose URL contains `url_part`."""
        self.expected.append((status, url_part))

    def _is_expected(self, status, url):
        return any(status == want and part in url for want, part in self.expected)

    def on_console(self, message):
        if message.type != "error":
            return
        # Chromium repeats every 4xx/5xx response as a console error; those are
        # judged by on_response, so an expected one must not count twice.
        found = re.search(r"status of (\d{3})", message.text)
        url = (message.location or {}).get("url", "")
        if found and self._is_expected(int(found.group(1)), url):
            return
        self.problems.append(f"console error: {message.text} ({url})")

    def on_page_error(self, error):
        self.problems.append(f"uncaught exception: {error}")

    def on_request_failed(self, request):
        failure = request.failure or "failed"
        # A script may cancel its own request when a newer one replaces it (the
        # admin's autocomplete does on every key); that is no failure.
        if failure == "net::ERR_ABORTED" and request.resource_type in ("xhr", "fetch"):
            return
        self.problems.append(
            f"request failed: {request.method} {request.url}: {failure}"
        )

    def on_response(self, response):
        if response.status >= 400 and not self._is_expected(
            response.status, response.url
        ):
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def take(self):
        """Return the problems so far and forget them."""
        problems, self.problems = self.problems, []
        return problems


def page_log(page):
    """Return the log attached to a page made by the `new_page` fixture."""
    return page._e2e_log


@pytest.fixture(scope="package")
def browser():
    """Return a headless Debian Chromium, shared by the tests in this folder.

    Package scope, not session: Playwright's event loop stays open while the
    browser lives, and tests elsewhere (which may start their own Playwright)
    should run without it.
    """
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        message = f"{CHROMIUM} is missing: `make test` installs Debian's chromium."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(request, browser, live_server):
    """Return a factory of pages, each in its own context (own cookies, own log).

    Keyword arguments go to `browser.new_context`; the viewport is desktop-sized.
    """
    contexts = []
    pages = request.node.stash.setdefault(_PAGES, [])

    def make(**context_options):
        context_options.setdefault("viewport", DESKTOP)
        context_options.setdefault("base_url", live_server.url)
        context = browser.new_context(**context_options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        log = PageLog()
        page._e2e_log = log
        page.on("console", log.on_console)
        page.on("pageerror", log.on_page_error)
        page.on("requestfailed", log.on_request_failed)
        page.on("response", log.on_response)
        pages.append(page)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """Return a desktop-sized page whose relative URLs go to the live server."""
    return new_page()


def run_axe(page):
    """Run axe-core in the page; return its serious and critical violations."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    return [
        violation
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def describe_violations(violations):
    """Return one readable line per violation and the elements it names."""
    lines = []
    for violation in violations:
        targets = ", ".join(
            " ".join(map(str, node["target"])) for node in violation["nodes"][:5]
        )
        lines.append(
            f"{violation['impact']} {violation['id']}: {violation['help']} [{targets}]"
        )
    return "\n".join(lines)


def _settle(page):
    """Let the page finish loading and run its due timers, so late errors count."""
    try:
        page.wait_for_load_state("load")
        page.evaluate("() => new Promise(resolve => setTimeout(resolve, 50))")
    except PlaywrightError as error:  # a page navigating away is a problem too
        page_log(page).problems.append(f"page did not settle: {error}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail a flow that left console errors or failed requests on any page."""
    result = yield
    problems = []
    for page in item.stash.get(_PAGES, []):
        if not page.is_closed():
            _settle(page)
        problems.extend(page_log(page).take())
    if problems:
        raise AssertionError("the browser reported:\n" + "\n".join(problems))
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """On failure, save each open page at desktop and at phone width."""
    report = yield
    if report.when == "call" and report.failed:
        RESULTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", item.nodeid.split("::", 1)[-1])
        for number, page in enumerate(item.stash.get(_PAGES, [])):
            if page.is_closed():
                continue
            for width, size in (("desktop", DESKTOP), ("phone", PHONE)):
                path = RESULTS / f"{name}-{number}-{width}.png"
                try:
                    page.set_viewport_size(size)
                    page.screenshot(path=str(path), full_page=True)
                except (
                    PlaywrightError
                ) as error:  # a crashed page must not hide the failure
                    report.sections.append(("screenshot", f"{path}: {error}"))
    return report

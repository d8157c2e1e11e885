"""gunicorn app servers for the tests, started as `make serve` starts them.

Each server runs tracker.wsgi with the production settings and gunicorn's
settings from tracker/gunicorn.py, against the test database, and a client
talks to it over HTTP as the TLS proxy in front would.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "app-servers-test-only-4Jx8Qm2Rv6Tz0Wb3Ne7Ka1Lc5Pf9Hg2Sd8Yu"
# The proxy passes the site's one public host to every server (the page cache
# keys pages by host), and says the request was secure.
PUBLIC_HOST = "127.0.0.1"


def shared_database_url():
    """The URL of the test database, for a server process to share it."""
    if connection.vendor != "postgresql":
        pytest.skip("App server processes need one PostgreSQL database to share.")
    params = connection.settings_dict
    user = params["USER"] or ""
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    auth = f"{user}{password}@" if user else ""
    host = params["HOST"] or "127.0.0.1"
    port = params["PORT"] or 5432
    return f"postgres://{auth}{host}:{port}/{params['NAME']}"


def production_env(database_url, static_root, **extra):
    """The environment of a production server on the test database.

    Collects the static files into `static_root` (the manifest storage needs
    them). Variables of the test run that would change the settings are left out.
    """
    env = {
        **{
            key: value
            for key, value in os.environ.items()
            if not key.startswith(
                ("DJANGO_", "PAGE_CACHE", "CACHE_", "RELEASE", "WEB_", "REDIS_")
            )
        },
        "DJANGO_SETTINGS_MODULE": "tracker.settings.prod",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": PUBLIC_HOST,
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        "ACCESS_LOG": "",
        **extra,
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    return env


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """One gunicorn process and a client that talks to it as the proxy would."""

    def __init__(self, env, log_path):
        self.port = _free_port()
        self.log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "python:tracker.gunicorn",
                "--bind",
                f"127.0.0.1:{self.port}",
                "tracker.wsgi",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def log_text(self):
        self.log.flush()
        return Path(self.log.name).read_text()

    def wait_until_up(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn exited:\n{self.log_text()}")
            try:
                if self.request("GET", "/healthz", proxied=False).status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        pytest.fail(f"gunicorn did not answer:\n{self.log_text()}")

    def headers(self, headers=None, proxied=True):
        sent = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if proxied:
            sent["Host"] = PUBLIC_HOST
            sent["X-Forwarded-Proto"] = "https"
        return sent

    def open(self, method, path, *, headers=None, body=None, proxied=True, timeout=30):
        """Send one request and return the connection and its unread response."""
        client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        client.request(method, path, body=body, headers=self.headers(headers, proxied))
        return client, client.getresponse()

    def request(
        self, method, path, *, headers=None, body=None, proxied=True, timeout=30
    ):
        """Send one request; `proxied` adds the headers the TLS proxy would."""
        client, response = self.open(
            method, path, headers=headers, body=body, proxied=proxied, timeout=timeout
        )
        try:
            response.text = response.read().decode()
            return response
        finally:
            client.close()

    def stop(self):
        # SIGINT is gunicorn's quick shutdown; SIGTERM waits for idle workers.
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

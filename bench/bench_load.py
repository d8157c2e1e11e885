"""Measure throughput under load: gunicorn on PostgreSQL, wrk from a second process.

Run from the project root against a database that holds the negotiation
(bench/run.sh prepares one):

    DATABASE_URL=postgres://.../tracker_bench .venv/bin/python bench/bench_load.py \
        --path /negotiations/large-negotiation/

Starts gunicorn with the production settings exactly as `make serve` does
(`-c python:tracker.gunicorn`: threaded workers sized by WEB_CONCURRENCY,
WEB_THREADS and WEB_TIMEOUT from the environment, defaults 2, 4 and 60), then
runs wrk for --seconds at --connections against /healthz (a view that runs no
query: the ceiling) and against each --path, first with the page cache off,
then on (Redis at REDIS_URL when it answers, else each worker's local memory).
Prints requests per second, latency percentiles and errors, and each page's
requests per second as a share of the ceiling measured in the same run.
Goals (issue 15), each with its own verdict: with the page cache off, a page
>= 10% of the ceiling measured in the same run (with it on, >= 25%); p99 under
500 ms at 32 connections; no errors.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARE_GOAL = {"off": 0.10, "on": 0.25}
P99_GOAL_MS = 500


def parse_wrk(output):
    """Return requests/s, latency percentiles (ms) and errors from wrk's output."""

    def ms(text):
        value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]

    percentiles = {
        int(share): ms(value)
        for share, value in re.findall(r"^\s+(\d+)%\s+(\S+)\s*$", output, re.MULTILINE)
    }
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    total = int(re.search(r"(\d+) requests in", output).group(1))
    # With no request completed wrk prints zero latencies: they are unknown.
    if not total:
        percentiles = {}
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": total,
        "p50": percentiles.get(50),
        "p99": percentiles.get(99),
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(map(int, socket_errors.groups())) if socket_errors else 0),
    }


def _ms(value):
    # No latency when no request completed.
    return "n/a" if value is None else f"{value:.1f}"


def _verdict(met):
    return "met" if met else "MISSED"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_answers(url):
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        return True
    except Exception:
        return False


class Gunicorn:
    def __init__(self, env, port, log_path):
        self.port = port
        self.log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        # As `make serve`: tracker/gunicorn.py reads its sizes from the environment.
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "python:tracker.gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "tracker.wsgi",
        ]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {log_path}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz") as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer; see {log_path}")

    def stop(self):
        # SIGINT is gunicorn's quick shutdown: queued requests are dropped.
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def wrk(port, path, seconds, args):
    url = f"http://127.0.0.1:{port}{path}"
    connections, threads = args.connections, args.threads
    # Through the proxy the site is HTTPS; say so, as the proxy would.
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
        "-H",
        "X-Forwarded-Proto: https",
        url,
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    if args.raw:
        print(f"\n$ {' '.join(command)}\n{result.stdout}")
    return parse_wrk(result.stdout)


def check_page(port, path):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"}
    )
    with urllib.request.urlopen(request) as response:
        if response.status != 200:
            raise SystemExit(f"{path} answered {response.status}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--path", action="append", required=True)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--raw", action="store_true", help="print wrk's own output")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    if "DATABASE_URL" not in os.environ:
        raise SystemExit("Set DATABASE_URL to the bench database.")

    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
    base_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "tracker.settings.prod",
        "SECRET_KEY": os.environ.get("SECRET_KEY", uuid.uuid4().hex * 2),
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(work / "static"),
        "LOG_LEVEL": "WARNING",
    }
    base_env.pop("REDIS_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=base_env,
        check=True,
    )
    cached_backend = "Redis" if redis_answers(redis_url) else "local memory per worker"
    configurations = [
        ("page cache off", {"PAGE_CACHE_SECONDS": "0"}),
        (
            f"page cache on ({cached_backend})",
            {
                "PAGE_CACHE_SECONDS": "600",
                "CACHE_KEY_PREFIX": f"bench-{uuid.uuid4().hex[:8]}",
                **({"REDIS_URL": redis_url} if cached_backend == "Redis" else {}),
            },
        ),
    ]
    # The settings gunicorn reads: the server's environment is this one's.
    sys.path.insert(0, str(ROOT))
    from tracker import gunicorn as config

    print(
        f"gunicorn as `make serve`: {config.workers} {config.worker_class} workers of "
        f"{config.threads} threads (WEB_CONCURRENCY, WEB_THREADS), timeout "
        f"{config.timeout} s, production settings, PostgreSQL; "
        f"wrk: {args.threads} threads, {args.connections} connections, "
        f"{args.seconds} s per target"
    )
    rows = []
    for name, overrides in configurations:
        for path in args.path:
            # A fresh server per page: requests still queued from a slow page
            # must not count against the next one. The ceiling is measured on
            # the same server, just before the page.
            port = free_port()
            env = {**base_env, **overrides}
            server = Gunicorn(env, port, work / "gunicorn.log")
            try:
                check_page(port, path)
                ceiling = wrk(port, "/healthz", args.seconds, args)
                result = wrk(port, path, args.seconds, args)
            finally:
                server.stop()
            rows.append((name, "/healthz (ceiling)", ceiling, None))
            rows.append((name, path, result, result["rps"] / ceiling["rps"]))

    print(
        f"\n{'configuration':<36} {'target':<40} {'req/s':>8} {'p50 ms':>7} "
        f"{'p99 ms':>7} {'errors':>6} {'share':>6}"
    )
    for name, path, result, share in rows:
        shown = f"{share:.0%}" if share is not None else ""
        print(
            f"{name:<36} {path:<40} {result['rps']:>8.1f} {_ms(result['p50']):>7} "
            f"{_ms(result['p99']):>7} {result['errors']:>6} {shown:>6}"
        )
    print(
        f"\nGoals (issue 15), {args.connections} connections, load average "
        f"{' '.join(f'{v:.1f}' for v in os.getloadavg())}:"
    )
    for name, path, result, share in rows:
        if share is None:
            continue
        goal = SHARE_GOAL["off" if name.startswith("page cache off") else "on"]
        p99 = result["p99"]
        print(
            f"  {path}, {name}: {share:.1%} of the ceiling (goal >= {goal:.0%}: "
            f"{_verdict(share >= goal)}); {result['requests']} requests completed, "
            f"p99 {_ms(p99)} ms (goal < {P99_GOAL_MS} "
            f"ms: {_verdict(p99 is not None and p99 < P99_GOAL_MS)}); "
            f"{result['errors']} errors (goal 0: {_verdict(result['errors'] == 0)})"
        )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""gunicorn's settings for every app server: `make serve`, docs/deploy.md, the tests.

Run as `gunicorn -c python:tracker.gunicorn --bind HOST:PORT tracker.wsgi`; the
environment sizes it (docs/deploy.md lists the variables).

Workers are threaded (`gthread`) so that one slow request cannot take the site
down. A sync worker is killed when one request outlasts `--timeout`, which cut a
long positions.csv short; a threaded worker's heartbeat runs apart from its
requests, so the timeout restarts only a worker that is truly stuck, and a long
download or import holds one thread while the others serve the site.
"""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
# Seconds before a worker whose heartbeat stopped is restarted.
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
# A graceful restart waits this long for running downloads and imports.
graceful_timeout = 120
# One line per request on stdout; ACCESS_LOG= (empty) turns it off.
accesslog = os.environ.get("ACCESS_LOG", "-") or None
errorlog = "-"
control_socket_disable = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

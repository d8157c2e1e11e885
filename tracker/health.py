"""The liveness check that load balancers poll; also the ceiling in bench/."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
@never_cache
def healthz(request):
    """Answer 200 without a query: this process is up and serving requests.

    It leaves the database out on purpose: a database outage should not make
    the load balancer take every app server out of rotation at once.
    """
    return HttpResponse("ok\n", content_type="text/plain")

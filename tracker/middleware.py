"""Edges every request passes: impossible input, HEAD, and the page's policy.

- A NUL in the path is a 404 and in the query string a 400: PostgreSQL text
  cannot hold one, and a lookup with it would otherwise end in a 500.
- HEAD is answered wherever GET is, with GET's headers and no body; views
  keep `require_GET`, so this is written once here.
- Every response carries a Content-Security-Policy: scripts only from this
  site (no inline script runs), no plugins, no framing except the embeddable
  card (views marked `xframe_options_exempt`).
"""

from django.shortcuts import render

# Inline styles stay allowed: htmx adds its indicator style and the admin's
# widgets set style attributes; scripts are the risk, and they are 'self' only.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors {frame_ancestors}"
)
NUL_IN_QUERY = ("%00", "\x00")


def content_security_policy(get_response):
    """Add the Content-Security-Policy header to every response."""

    def middleware(request):
        response = get_response(request)
        if "Content-Security-Policy" not in response.headers:
            framed = getattr(response, "xframe_options_exempt", False)
            ancestors = "*" if framed else "'none'"
            response.headers["Content-Security-Policy"] = POLICY.format(
                frame_ancestors=ancestors
            )
        return response

    return middleware


def refuse_impossible_input(get_response):
    """Answer 404 for a NUL in the path and 400 for one in the query string."""

    def middleware(request):
        if "\x00" in request.path:
            return render(request, "404.html", {"message": "No such page."}, status=404)
        query = request.META.get("QUERY_STRING", "")
        if any(nul in query for nul in NUL_IN_QUERY):
            names = [k for k, values in request.GET.lists() if _holds_nul(k, values)]
            problems = [
                {
                    "field": name or "(no name)",
                    "name": name,
                    "message": "holds a NUL character, which no parameter takes.",
                }
                for name in names or [""]
            ]
            # As the pages' own 400s: htmx swaps in the message alone.
            template = (
                "negotiations/partials/bad_request.html"
                if request.headers.get("HX-Request") == "true"
                else "400.html"
            )
            return render(request, template, {"problems": problems}, status=400)
        return get_response(request)

    return middleware


def _holds_nul(key, values):
    return "\x00" in key or any("\x00" in value for value in values)


def _holds_nul(key, values):
    return "\x00" in key or any("\x00" in value for value in values)


def head_as_get(get_response):
    """Answer HEAD as GET would, without the body."""

    def middleware(request):
        if request.method != "HEAD":
            return get_response(request)
        request.method = "GET"
        try:
            response = get_response(request)
        finally:
            request.method = "HEAD"
        if response.streaming:
            # Never iterated, so a HEAD of a large download reads no rows; the
            # server's close() still closes the original iterator.
            response.streaming_content = iter(())
        else:
            if "Content-Length" not in response.headers:
                response.headers["Content-Length"] = str(len(response.content))
            length = response.headers["Content-Length"]
            response.content = b""
            response.headers["Content-Length"] = length
        return response

    return middleware

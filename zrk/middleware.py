"""Server-Timing: how long the application took for each response, readable in a browser's
developer tools and by the benchmark (bench/run.py), which reports server time from it."""

import time

from django.conf import settings


class ServerTimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = f"app;dur={elapsed_ms:.1f}"
        return response


class RejectNulMiddleware:
    """A NUL character has no place in an address, and PostgreSQL refuses it in any query ("A
    string literal cannot contain NUL"). The public pages and the API clean their parameters
    themselves (and answer with the page, ignoring what makes no sense); the back-office's
    filters and change pages do not, so there such a request gets a 400 page, not a server error."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        if not request.path.startswith(self.admin_prefix):
            return self.get_response(request)
        if "\x00" in request.path or "\x00" in request.META.get("QUERY_STRING", "") or _has_nul(request):
            from django.shortcuts import render

            return render(request, "400.html", status=400)
        return self.get_response(request)


def _has_nul(request) -> bool:
    # The raw query string holds %00, not NUL; the decoded values do.
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists())

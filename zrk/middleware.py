"""Server-Timing: how long the application took for each response, readable in a browser's
developer tools and by the benchmark (bench/run.py), which reports server time from it."""

import time

from django.conf import settings
from django.contrib.auth import logout

from qualifications.page_cache import one_version_per_request
from zrk.security import FORWARDING_HEADERS, from_trusted_proxy


class ServerTimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = f"app;dur={elapsed_ms:.1f}"
        return response


class OneRegisterVersionMiddleware:
    """A GET or HEAD request reads the register version once (qualifications.page_cache): such a
    request changes nothing public, so every later read in it would give the same number. Other
    methods may edit the register and read it afresh each time."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with one_version_per_request():
            return self.get_response(request)


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


class UntrustedForwardingMiddleware:
    """Drops the forwarding headers (X-Forwarded-Proto and the like) unless the request comes from one
    of TRUSTED_PROXIES: a client talking to gunicorn directly must not be able to declare its plain
    HTTP request secure (SECURE_PROXY_SSL_HEADER) or name another host. Runs before anything reads them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not from_trusted_proxy(request):
            for header in FORWARDING_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Permissions-Policy on every response: the portal uses no camera, microphone, location or other
    powerful browser feature, so none may be used by it or anything embedded in it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.policy)
        return response


STAFF_LOGIN_KEY = "zrk_staff_login_at"


def mark_staff_login(sender, request, user, **kwargs):
    """On a back-office login (signal ``user_logged_in``): the session ends when the browser closes,
    and at the latest STAFF_SESSION_SECONDS after the login (StaffSessionMiddleware)."""
    if user.is_staff and request is not None and hasattr(request, "session"):
        request.session.set_expiry(0)
        request.session[STAFF_LOGIN_KEY] = int(time.time())


class StaffSessionMiddleware:
    """Ends a staff session STAFF_SESSION_SECONDS after its login, and any staff session without a
    login time (made before this limit existed, or not through a login). Anonymous visitors and their
    sessions are left as they are."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            started = request.session.get(STAFF_LOGIN_KEY)
            if not isinstance(started, int) or time.time() - started > settings.STAFF_SESSION_SECONDS:
                logout(request)
        return self.get_response(request)

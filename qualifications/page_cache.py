"""Whole public pages cached under the register version (qualifications/models/version.py).

A page is a function of its address, its language and the register's content; the version
changes with every committed edit of anything public, so a cached page is never stale. The
version is read before the page is built: a page built while an edit commits is stored under the
older version, which no reader asks for any more. Without a shared cache (CACHE_URL) each worker
keeps its own copies; correctness does not depend on it.
"""

import hashlib
from functools import wraps

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

CACHE_SECONDS = 24 * 3600  # an upper bound only: any edit invalidates by changing the key


def register_version() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM qualifications_registerversion WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def cached_public_page(view):
    """Serve a GET page from the cache when the register has not changed since it was built."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        # The day is part of the key: who may certify follows dates (a right decided for a later
        # day), so a page built yesterday may not be today's even without an edit.
        key = f"page:{register_version()}:{timezone.localdate()}:{get_language()}:{address}"
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
            response["X-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(key, (response.content, response["Content-Type"]), CACHE_SECONDS)
            response["X-Cache"] = "miss"
        return response

    return wrapper

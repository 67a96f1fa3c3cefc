"""Whole public pages cached under the register version (qualifications/models/version.py).

A page is a function of its address, its language and the register's content; the version
changes with every committed edit of anything public, so a cached page is never stale. The
version is read before the page is built: a page built while an edit commits is stored under the
older version, which no reader asks for any more. Without a shared cache (CACHE_URL) each worker
keeps its own copies; correctness does not depend on it.

What the cache may hold is bounded, since anybody can make up addresses: pages link to the site
address configured in SITE_URL (never the Host header), so one copy serves every host name; a view
that knows its parameters (the search) keys its copies on the cleaned query, so reordered, repeated
or unknown parameters share one copy, and it leaves out pages that report invalid parameters; other
views do not cache addresses with long query strings. Copies are compressed, a page larger than
PAGE_CACHE_MAX_BYTES is not kept, and the local-memory cache holds at most PAGE_CACHE_MAX_ENTRIES.
"""

import hashlib
import uuid
import zlib
from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from qualifications.sql import UNPUBLISHED_CHANGES_OFF, UNPUBLISHED_CHANGES_ON
from zrk import db_router

CACHE_SECONDS = 24 * 3600  # an upper bound only: any edit invalidates by changing the key
MAX_RAW_QUERY = 512  # characters of query string above which a view without a normaliser is not cached


# Inside ``one_version_per_request``: the version read first, reused by the later reads. A page
# names the version in the keys of several copies it reads (the page, the facet index, a text
# query's matches); one read serves them all, and the page is built from one version even if an
# edit commits while it is being built.
_request_version: ContextVar[list[int] | None] = ContextVar("zrk_request_register_version", default=None)


def register_version() -> int:
    memo = _request_version.get()
    if memo:
        return memo[0]
    # Always the primary (``connection`` is ``default``, never routed): with a read replica
    # (zrk/db_router.py) the key must name the newest version, not the replica's.
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM qualifications_registerversion WHERE id = 1")
        row = cursor.fetchone()
    version = row[0] if row else 0
    if memo is not None:
        memo.append(version)
    return version


@contextmanager
def one_version_per_request():
    """``register_version()`` read once in the ``with`` block (a request that changes nothing: its
    later reads would otherwise each cost a query). Not for a block that edits the register: it
    would go on naming the version before its own edit."""
    token = _request_version.set([])
    try:
        yield
    finally:
        _request_version.reset(token)


@contextmanager
def unpublished_changes():
    """Inside a ``transaction.atomic`` block: the changes made in the ``with`` block leave the register
    version as it is. They must be to records no public page shows (an applicant's draft qualification
    being written in the portal), so the public pages cached under the version stay valid. After the
    block (or with its transaction, on an error) changes count again."""
    with connection.cursor() as cursor:
        cursor.execute(UNPUBLISHED_CHANGES_ON)
    yield
    if not connection.needs_rollback:  # a transaction marked for rollback takes the flag with it
        with connection.cursor() as cursor:
            cursor.execute(UNPUBLISHED_CHANGES_OFF)


def per_register_version(name: str, compute, *, language: bool = True, local: bool = False):
    """``compute()`` once per register version and day (and language, for figures with translated
    labels): figures that summarise the whole register change only when it does, so every page
    that shows them between two edits reads one copy instead of scanning the register again.
    ``local``: the copy is also held in this process (``kept_locally``); its readers never change it."""
    version = register_version()
    parts = [name, str(version), timezone.localdate().isoformat()]
    if language:
        parts.append(get_language() or "")
    key = "figures:" + ":".join(parts)

    def shared():
        value = cache.get(key)
        if value is None:
            value = computed_at(version, compute)
            cache.set(key, value, CACHE_SECONDS)
        return value

    return kept_locally(key, shared) if local else shared()


def computed_at(version: int, compute):
    """``compute()`` for a copy stored under register ``version``: with a read replica that has not
    replayed that version yet, its reads go to the primary, or the copy would hold older content
    under the newer key until the next edit."""
    db_router.require_version(version)
    return compute()


# Copies of per-version data held in the worker's own memory as well as in the cache: the large
# ones every search reads (the facet index, the register's orders, about 1-4 MB at 100,000 records)
# would otherwise be unpickled from the local cache, or fetched from Redis, on every request. Each
# is checked against a small token kept beside it in the cache, so whatever empties the cache (or
# drops the copy there) drops this process's copy too; keys name the register version, so an edit
# makes every entry unreachable, and the oldest entries are dropped.
LOCAL_ENTRIES = 48
_local: OrderedDict = OrderedDict()


def kept_locally(key: str, load, *, shelf: OrderedDict = _local, entries: int = LOCAL_ENTRIES):
    """The value of ``key`` (``load()`` reads or builds the shared copy) from this process's copies
    while the cache still holds it. The value is shared by every later request of this process: its
    readers must not change it. Small values that are many (one per query) keep to a ``shelf`` of
    their own, so they do not push the large copies out of this one."""
    token = cache.get(f"{key}:token")
    held = shelf.get(key)
    if token is not None and held is not None and held[0] == token:
        shelf.move_to_end(key)
        return held[1]
    value = load()
    if token is None:
        token = uuid.uuid4().hex
        cache.set(f"{key}:token", token, CACHE_SECONDS)
    shelf[key] = (token, value)
    shelf.move_to_end(key)
    while len(shelf) > entries:
        shelf.popitem(last=False)
    return value


def skip_page_cache(response):
    """Mark a response as not to be cached (e.g. a page listing the visitor's invalid parameters)."""
    response.page_cache = False
    return response


def cached_public_page(view=None, *, query=None):
    """Serve a GET page from the cache when the register has not changed since it was built.

    ``query(request)``, when given, returns the query string that decides the page (the cleaned,
    normalised parameters): the copy is keyed on it. Without it the raw query string is the key,
    and an address whose query string is longer than MAX_RAW_QUERY is served uncached.
    """
    if view is None:
        return lambda function: cached_public_page(function, query=query)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or request.user.is_authenticated or not settings.PAGE_CACHE:
            return view(request, *args, **kwargs)
        if query is not None:
            normalised = query(request)
        else:
            normalised = request.META.get("QUERY_STRING", "")
            if len(normalised) > MAX_RAW_QUERY:
                return view(request, *args, **kwargs)
        address = hashlib.sha256(f"{request.path}?{normalised}".encode()).hexdigest()
        version = register_version()
        # The day is part of the key: who may certify follows dates (a right decided for a later
        # day), so a page built yesterday may not be today's even without an edit.
        key = f"page:{version}:{timezone.localdate()}:{get_language()}:{address}"
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(zlib.decompress(content), content_type=content_type)
            response["X-Cache"] = "hit"
            return response
        # A replica that has not replayed this version yet would build the old page under the new key.
        db_router.require_version(version)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and getattr(response, "page_cache", True):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            if len(response.content) <= settings.PAGE_CACHE_MAX_BYTES:
                cache.set(key, (zlib.compress(response.content, 6), response["Content-Type"]), CACHE_SECONDS)
                response["X-Cache"] = "miss"
        return response

    return wrapper

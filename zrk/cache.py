"""Django's Redis cache, but a cache that is down costs speed, not pages.

What this site keeps in the cache (whole public pages, copies of sessions) is always rebuilt from
the database: a page is built again, a session read from its table (``cached_db`` sessions). So
when Redis does not answer within its socket timeout, a read is a miss and a write is dropped, with
a warning in the log at most every few seconds, instead of a server error on every page.
"""

import logging
import pickle
import time

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.utils.connection import ConnectionProxy
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# The per-version copies of what text searches work out (settings: CACHES["copies"]); the large
# copies every request reads are held in each worker's memory as well (page_cache.kept_locally).
copies = ConnectionProxy(caches, "copies")
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)
WARN_EVERY = 10.0  # seconds


class RedisCache(DjangoRedisCache):
    _warned_at = float("-inf")

    def _unavailable(self, exc) -> None:
        now = time.monotonic()
        if now - RedisCache._warned_at >= WARN_EVERY:
            RedisCache._warned_at = now
            logger.warning("cache unavailable, serving without it: %s", exc)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNAVAILABLE as exc:
            self._unavailable(exc)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNAVAILABLE as exc:
            self._unavailable(exc)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNAVAILABLE as exc:
            self._unavailable(exc)
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except UNAVAILABLE as exc:
            self._unavailable(exc)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set(key, value, timeout, version)
        except UNAVAILABLE as exc:
            self._unavailable(exc)
            return False

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNAVAILABLE as exc:
            self._unavailable(exc)
            return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNAVAILABLE as exc:
            self._unavailable(exc)
            return False

    def delete(self, key, version=None):
        # A session that is deleted (logout) must not come back from a stale copy: a failed delete
        # is an error, not a miss.
        return super().delete(key, version)


class UncompressedFileCache(FileBasedCache):
    """Django's file cache without its zlib step, for the text searches' copies shared by the workers
    of one server (settings: CACHES["copies"]): they are arrays of ids and ranks, which compress
    poorly and cost several milliseconds each to compress, more than the search they save."""

    def get(self, key, default=None, version=None):
        try:
            with open(self._key_to_file(key, version), "rb") as file:
                if not self._is_expired(file):
                    return pickle.loads(file.read())  # noqa: S301 - written by this server's workers only
        except FileNotFoundError:
            pass
        return default

    def _write_content(self, file, timeout, value):
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(pickle.dumps(value, self.pickle_protocol))

    # Django's file cache lists the whole folder on every write to see whether it is full; the copies
    # are written on every word's first search, so this looks only every CULL_EVERY writes (the
    # folder may then pass MAX_ENTRIES by that many files per worker).
    CULL_EVERY = 64
    _writes = 0

    def _cull(self):
        UncompressedFileCache._writes += 1
        if UncompressedFileCache._writes % self.CULL_EVERY == 1:
            super()._cull()

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        value = self.get(key, version=version)
        if value is None:
            return False
        self.set(key, value, timeout, version)
        return True

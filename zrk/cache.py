"""Django's Redis cache, but a cache that is down costs speed, not pages.

What this site keeps in the cache (whole public pages, copies of sessions) is always rebuilt from
the database: a page is built again, a session read from its table (``cached_db`` sessions). So
when Redis does not answer within its socket timeout, a read is a miss and a write is dropped, with
a warning in the log at most every few seconds, instead of a server error on every page.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
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

"""The several-machines settings: CACHE_URL=redis://..., DATABASE_REPLICA_URL, and the defaults
that `make run` and the tests keep without them (zrk/settings.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PRIMARY = "postgres://zrk@%2Fvar%2Frun%2Fpostgresql:5432/zrk"
REPLICA = "postgres://zrk@%2Fvar%2Frun%2Fzrk-replica:5433/zrk"

SHOW = """
import json
from django.conf import settings
print(json.dumps({
    "databases": {alias: {k: v for k, v in db.items() if k in ("HOST", "PORT", "NAME", "OPTIONS", "TEST")}
                  for alias, db in settings.DATABASES.items()},
    "routers": settings.DATABASE_ROUTERS,
    "replica_middleware": "zrk.db_router.ReplicaMiddleware" in settings.MIDDLEWARE,
    "after_auth": settings.MIDDLEWARE.index("zrk.db_router.ReplicaMiddleware")
        > settings.MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware")
        if "zrk.db_router.ReplicaMiddleware" in settings.MIDDLEWARE else None,
    "cache": settings.CACHES["default"],
    "sessions": settings.SESSION_ENGINE,
}))
"""


def settings_with(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"CACHE_URL", "DATABASE_REPLICA_URL", "DJANGO_SETTINGS_MODULE"} and not k.startswith("ZRK_")
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup();" + SHOW],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "zrk.settings", "DATABASE_URL": PRIMARY, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result


def shown_with(**env) -> dict:
    result = settings_with(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_cluster_settings_one_database_and_a_local_cache():
    shown = shown_with()
    assert list(shown["databases"]) == ["default"]
    assert shown["routers"] == []
    assert shown["replica_middleware"] is False
    assert shown["cache"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert shown["sessions"] == "django.contrib.sessions.backends.db"


def test_redis_cache_url_shares_the_cache_and_sessions():
    shown = shown_with(CACHE_URL="redis://10.0.0.7:6379/1")
    assert shown["cache"]["BACKEND"] == "zrk.cache.RedisCache"
    assert shown["cache"]["LOCATION"] == "redis://10.0.0.7:6379/1"
    # A Redis that stops answering must not hold every page up for long.
    assert shown["cache"]["OPTIONS"]["socket_timeout"] <= 1
    assert shown["sessions"] == "django.contrib.sessions.backends.cached_db"


def test_redis_on_a_unix_socket():
    shown = shown_with(CACHE_URL="redis:///run/redis/redis.sock?db=2")
    assert shown["cache"]["LOCATION"] == "unix:///run/redis/redis.sock"
    assert shown["cache"]["OPTIONS"]["db"] == 2


def test_replica_url_adds_the_replica_the_router_and_the_middleware():
    shown = shown_with(DATABASE_REPLICA_URL=REPLICA)
    replica = shown["databases"]["replica"]
    assert replica["HOST"] == "/var/run/zrk-replica" and replica["PORT"] == 5433 and replica["NAME"] == "zrk"
    assert replica["OPTIONS"]["connect_timeout"] == 2
    assert replica["TEST"]["MIRROR"] == "default"
    assert shown["routers"] == ["zrk.db_router.PrimaryReplicaRouter"]
    assert shown["replica_middleware"] is True and shown["after_auth"] is True


def test_a_replica_that_is_not_postgresql_is_refused():
    result = settings_with(DATABASE_REPLICA_URL="mysql://zrk@db/zrk")
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL" in result.stderr and "ImproperlyConfigured" in result.stderr


def test_a_redis_that_does_not_answer_is_an_empty_cache_not_an_error():
    """Pages are then built from the database and sessions read from their table (cached_db)."""
    from zrk.cache import RedisCache

    # Port 9 (discard) on loopback: nothing listens, connecting is refused at once.
    cache = RedisCache("redis://127.0.0.1:9/0", {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}})
    assert cache.get("page:1:pl:x") is None
    assert cache.get("page:1:pl:x", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set("page:1:pl:x", b"copy") is False
    assert cache.add("k", 1) is False
    assert cache.has_key("k") is False

"""Public reads from a PostgreSQL streaming replica, everything else from the primary.

Active only when ``DATABASE_REPLICA_URL`` is set (settings add the ``replica`` alias, this router
and ``ReplicaMiddleware``); without it nothing here runs and every query goes to ``default``.

A read goes to the replica unless one of these sends it to the primary:

- the request is pinned to the primary: it is not a GET/HEAD, it is under the back-office address,
  the visitor is signed in (staff, applicants: they must see what they have just saved), or it has
  already written something (``db_for_write`` pins the rest of the request);
- a transaction is open on the primary (a read inside it must see the transaction's own writes and
  its row locks);
- the model is one whose rows decide who the visitor is (sessions, users, the admin lockout);
- the replica is unhealthy: it does not answer within ``DATABASE_REPLICA_TIMEOUT`` seconds, is not a
  standby, or lags more than ``DATABASE_REPLICA_MAX_LAG`` seconds behind the primary. The verdict is
  kept ``DATABASE_REPLICA_CHECK_SECONDS`` per process, so a healthy replica costs one probe per few
  seconds, and a failed one is not tried on every request.

A replica that fails in the middle of a request (stopped, connection dropped) costs that request
nothing: ``ReplicaMiddleware`` marks it down and runs the request again on the primary (GET and HEAD
only, which change nothing). Migrations run on the primary only; the replica follows by replication.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.signals import got_request_exception, request_started
from django.db import DatabaseError, InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
PRIMARY = "default"
# Rows that identify the visitor or guard the login: a replica a moment behind would sign people
# out after their login or miss a failed attempt.
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "axes", "admin"})

_pinned: ContextVar[bool] = ContextVar("zrk_db_pinned", default=False)
_used_replica: ContextVar[bool] = ContextVar("zrk_db_used_replica", default=False)
# Per process: (healthy, checked at monotonic time).
_health: dict[str, tuple[bool, float]] = {}


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def read_alias(model) -> str:
    """The database a read of ``model`` goes to, for statements written in SQL: the router's choice
    (the replica when it may serve this request, else the primary; the primary alone without a
    replica). Raw SQL on ``django.db.connection`` would always read the primary."""
    from django.db import router

    return router.db_for_read(model)


def read_connection(model):
    """The connection of ``read_alias(model)``."""
    return connections[read_alias(model)]


def pin_to_primary() -> None:
    """Send every further read of this request (or thread, outside a request) to the primary."""
    _pinned.set(True)


def pinned() -> bool:
    return _pinned.get()


def reset() -> None:
    _pinned.set(False)
    _used_replica.set(False)


def mark_replica_down() -> None:
    _health[REPLICA] = (False, time.monotonic())


def _lsn(value: str) -> int:
    high, low = value.split("/")
    return (int(high, 16) << 32) + int(low, 16)


def probe() -> bool:
    """Ask the replica whether it can serve reads: it answers, it is a standby, it is not far behind."""
    replica = connections[REPLICA]
    try:
        with connections[PRIMARY].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            primary_lsn = _lsn(cursor.fetchone()[0])
        with replica.cursor() as cursor:
            cursor.execute(
                "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text,"
                " COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)"
            )
            in_recovery, replay_lsn, since_last_replay = cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("replica unavailable, reading from the primary: %s", str(exc).strip())
        _close_quietly(replica)
        return False
    if not in_recovery or replay_lsn is None:
        logger.warning("the replica is not a standby (not in recovery): reading from the primary")
        return False
    # Nothing left to replay: in step, however long ago the last transaction was.
    lag = 0.0 if _lsn(replay_lsn) >= primary_lsn else float(since_last_replay)
    if lag > settings.DATABASE_REPLICA_MAX_LAG:
        logger.warning("replica %.1f s behind the primary: reading from the primary", lag)
        return False
    return True


def replica_healthy() -> bool:
    healthy, checked = _health.get(REPLICA, (False, float("-inf")))
    if time.monotonic() - checked < settings.DATABASE_REPLICA_CHECK_SECONDS:
        return healthy
    healthy = probe()
    _health[REPLICA] = (healthy, time.monotonic())
    return healthy


def _close_quietly(connection) -> None:
    with contextlib.suppress(DatabaseError):
        connection.close()


def require_version(version: int) -> None:
    """Pin the request to the primary if the replica has not yet replayed register ``version``.

    The page cache keys a page on the version read from the primary; a page built from a replica
    that is behind it would be stored under the new version with old content."""
    if not replica_configured() or _pinned.get() or connections[PRIMARY].in_atomic_block:
        return
    if not replica_healthy():
        return
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT value FROM qualifications_registerversion WHERE id = 1")
            row = cursor.fetchone()
    except DatabaseError:
        mark_replica_down()
        _close_quietly(connections[REPLICA])
        pin_to_primary()
        return
    if (row[0] if row else 0) < version:
        pin_to_primary()


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            _pinned.get()
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or connections[PRIMARY].in_atomic_block
            or not replica_healthy()
        ):
            return PRIMARY
        _used_replica.set(True)
        return REPLICA

    def db_for_write(self, model, **hints):
        pin_to_primary()
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The same rows in both: the replica is a copy of the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


SAFE_METHODS = frozenset({"GET", "HEAD"})


def _failed_on_database(sender, request=None, **kwargs):
    exc = sys.exc_info()[1]
    if request is not None and isinstance(exc, (OperationalError, InterfaceError)):
        request._zrk_database_error = exc


def _reset_on_request(sender, **kwargs):
    reset()


class ReplicaMiddleware:
    """Decides per request whether public reads may use the replica, and retries a public request
    whose replica failed under it on the primary. After AuthenticationMiddleware (it asks whether
    the visitor is signed in; users and sessions are read from the primary)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL
        got_request_exception.connect(_failed_on_database, dispatch_uid="zrk.db_router")
        # Before any middleware: a pin from the previous request on this thread must not carry
        # over, and one set by an earlier middleware's write in this request must stay.
        request_started.connect(_reset_on_request, dispatch_uid="zrk.db_router.reset")

    def __call__(self, request):
        try:
            if (
                request.method not in SAFE_METHODS
                or request.path.startswith(self.admin_prefix)
                or getattr(getattr(request, "user", None), "is_authenticated", False)
            ):
                pin_to_primary()
            response = self.get_response(request)
            if (
                response.status_code >= 500
                and getattr(request, "_zrk_database_error", None) is not None
                and _used_replica.get()
                and request.method in SAFE_METHODS
            ):
                logger.warning(
                    "a read on the replica failed (%s): %s %s served again from the primary",
                    str(request._zrk_database_error).strip(),
                    request.method,
                    request.path,
                )
                mark_replica_down()
                _close_quietly(connections[REPLICA])
                del request._zrk_database_error
                pin_to_primary()
                response = self.get_response(request)
            return response
        finally:
            reset()

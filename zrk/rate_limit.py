"""Counting requests per client across workers and hosts: a keyed hash of the client's address (so
the address itself is never stored) and a PostgreSQL transaction-level advisory lock that makes
"count, then record" one step for that client."""

from django.db import connection
from django.utils.crypto import salted_hmac


def client_hash(purpose: str, address: str | None) -> str:
    """A keyed hash of the client's address for ``purpose``: counts repeats without keeping the address."""
    return salted_hmac(f"zrk.rate-limit.{purpose}", address or "unknown").hexdigest()


def lock_for(lock_class: int, key: str) -> None:
    """Hold an advisory lock on (``lock_class``, ``key``) until the current transaction ends: callers
    for the same key wait for each other, other keys are not held up. Call inside ``transaction.atomic``."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [lock_class, key])

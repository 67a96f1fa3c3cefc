"""Read side of the public consultation pages, and the comment rate limit."""

import datetime

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from applications.models import Consultation, ConsultationComment, Moderation, State

COMMENTS_PER_HOUR = 5
# The first key of the advisory lock that serialises comments from one address (the second is the
# address hash's hashtext); any constant no other lock in the project uses.
COMMENT_LOCK_CLASS = 7301


def consultations(today=None):
    """(open, closed) consultations, newest first, in two queries."""
    today = today or timezone.localdate()
    base = Consultation.objects.select_related("application__draft", "application__ministry").annotate(
        published_comments=Count("comments", filter=Q(comments__moderation=Moderation.PUBLISHED))
    )
    is_open = Q(application__state=State.CONSULTATION, opens_on__lte=today, closes_on__gte=today)
    return list(base.filter(is_open).order_by("closes_on", "pk")), list(base.exclude(is_open).order_by("-closes_on"))


def consultation(pk: int) -> Consultation | None:
    return (
        Consultation.objects.select_related(
            "application__draft__prk_level",
            "application__draft__ministry",
            "application__draft__sector_framework",
            "application__applicant",
        )
        .filter(pk=pk)
        .first()
    )


def published_comments(item: Consultation):
    return list(item.comments.filter(moderation=Moderation.PUBLISHED).order_by("submitted_at", "pk"))


def address_hash(ip: str) -> str:
    """A keyed hash of the sender's address: counts repeats without keeping the address."""
    return salted_hmac("applications.consultation-comment", ip or "unknown").hexdigest()


def over_rate_limit(ip_hash: str, now=None) -> bool:
    now = now or timezone.now()
    since = now - datetime.timedelta(hours=1)
    return ConsultationComment.objects.filter(ip_hash=ip_hash, submitted_at__gte=since).count() >= COMMENTS_PER_HOUR


def save_within_rate_limit(comment: ConsultationComment, now=None) -> bool:
    """Save ``comment`` unless its sender has reached the hourly limit; False when refused.

    Counting and inserting happen under a transaction-level advisory lock keyed on the sender's
    address hash, so concurrent posts from one address (on any worker or host) are counted one after
    another and cannot together pass the limit; other addresses are not held up.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [COMMENT_LOCK_CLASS, comment.ip_hash])
        if over_rate_limit(comment.ip_hash, now):
            return False
        comment.save()
    return True

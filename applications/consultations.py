"""Read side of the public consultation pages, and the comment rate limit."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from applications.models import Consultation, ConsultationComment, Moderation, State

COMMENTS_PER_HOUR = 5


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
            "application__draft__prk_level", "application__draft__ministry", "application__draft__sector_framework",
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

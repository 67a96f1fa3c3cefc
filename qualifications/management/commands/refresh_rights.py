"""Bring what the database keeps about certification rights in line with today's date.

The rules record decisions on or after the day they take effect, so nothing goes stale by itself;
rows written before them (a decision dated ahead of the day it was entered) start or stop letting an
institution certify when their date comes. Every public page judges them by their dates already;
this daily command (cron, idempotent, seconds on 100,000 qualifications) refreshes the two things
stored for speed: where each qualification can be obtained (search filters and counts) and its
derived status (included / functioning)."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from qualifications.models import CertificationRight, Qualification, Status, certifying_condition
from qualifications.rights import refresh_status
from qualifications.sql import LIVE_REFRESH_ACTIVE_RIGHTS


class Command(BaseCommand):
    help = "Refresh the stored arrays and statuses that follow the certification rights' dates (run daily)."

    def handle(self, *args, **options):
        today = timezone.localdate()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(LIVE_REFRESH_ACTIVE_RIGHTS, {"low": 0, "high": 2**62})
            arrays = cursor.rowcount
        certifying = Exists(
            CertificationRight.objects.filter(certifying_condition(today), qualification=OuterRef("pk"))
        )
        stale = (
            Qualification.objects.annotate(certifying=certifying)
            .filter(Q(status=Status.INCLUDED, certifying=True) | Q(status=Status.FUNCTIONING, certifying=False))
            .values_list("pk", flat=True)
        )
        changed = sum(1 for pk in list(stale) if refresh_status(pk))
        self.stdout.write(f"qualifications checked: {arrays}; statuses changed: {changed}")

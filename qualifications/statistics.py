"""Figures of the statistics page about the register itself: one function per chart, each returning
plain rows (dicts of labels and numbers) computed from public records only.

The rows are cached under the register version (qualifications/models/version.py), the day and the
language, so the page is built from the database once per change of the register; the version changes
with every committed edit of anything they count, so a cached figure is never stale.
"""

import datetime
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from institutions.models import PZZJ_EXPIRY_WARNING_DAYS, Ministry, PzzjEntry, Voivodeship
from qualifications.home_queries import category_counts, level_counts
from qualifications.models import CertificationRight, Qualification, QuarterlyReport
from qualifications.page_cache import CACHE_SECONDS, register_version

# How many quarters of reports the chart shows: three years, enough to see a trend.
QUARTERS_SHOWN = 12


def certifying_rights():
    """The certification rights under which an institution may certify today.

    Every figure of institutions and rights on the page goes through here, so the register's single
    rule of "may certify on a day" replaces this in one place.
    """
    return CertificationRight.objects.active()


def cached_rows(name: str, compute: Callable[[], list], day: datetime.date | None = None) -> list:
    """``compute()`` once per register version, day and language (labels are translated inside)."""
    day = day or timezone.localdate()
    key = f"stats:{register_version()}:{day.isoformat()}:{get_language()}:{name}"
    rows = cache.get(key)
    if rows is None:
        rows = compute()
        cache.set(key, rows, CACHE_SECONDS)
    return rows


def by_level() -> list[dict]:
    """Public qualifications at each PRK level, 1 to 8, then those without a level."""
    rows = [{"key": str(row["level"]), "label": str(row["level"]), "count": row["count"]} for row in level_counts()]
    without = Qualification.objects.public().filter(prk_level__isnull=True).count()
    if without:
        rows.append({"key": "", "label": _("no level"), "count": without})
    return rows


def by_category() -> list[dict]:
    """Public qualifications in each category that has any, in the order of the categories."""
    return [{"key": row["value"], "label": str(row["label"]), "count": row["count"]} for row in category_counts()]


def by_ministry() -> list[dict]:
    """Public qualifications per competent minister, most first (ties by name)."""
    counts = dict(
        Qualification.objects.public()
        .filter(ministry__isnull=False)
        .order_by()
        .values_list("ministry")
        .annotate(n=Count("pk"))
    )
    ministries = Ministry.objects.filter(pk__in=counts).order_by("name")
    rows = [{"key": ministry.code, "label": ministry.name, "count": counts[ministry.pk]} for ministry in ministries]
    return sorted(rows, key=lambda row: -row["count"])


def inclusions_per_year() -> list[dict]:
    """Public qualifications by the year they were included (the date of inclusion, else of the notice),
    every year from the first to the last, empty years included."""
    counts = dict(
        Qualification.objects.public()
        .annotate(year=ExtractYear(Coalesce("included_on", "mp_date")))
        .filter(year__isnull=False)
        .order_by()
        .values_list("year")
        .annotate(n=Count("pk"))
    )
    if not counts:
        return []
    return [
        {"key": str(year), "label": str(year), "count": counts.get(year, 0)}
        for year in range(min(counts), max(counts) + 1)
    ]


def by_voivodeship() -> list[dict]:
    """For each of the 16 voivodeships: the institutions seated there that may certify today and their
    rights, in TERYT order."""
    counts = {
        row["institution__voivodeship"]: row
        for row in certifying_rights()
        .order_by()
        .values("institution__voivodeship")
        .annotate(institutions=Count("institution", distinct=True), rights=Count("pk"))
    }
    rows = []
    for voivodeship in Voivodeship.objects.order_by("code"):
        row = counts.get(voivodeship.code, {})
        rows.append(
            {
                "key": voivodeship.code,
                "label": voivodeship.name,
                "institutions": row.get("institutions", 0),
                "rights": row.get("rights", 0),
            }
        )
    return rows


def documents_per_quarter(limit: int = QUARTERS_SHOWN) -> list[dict]:
    """Documents issued and the mean of the average fees reported, per calendar quarter, for the last
    ``limit`` quarters with reports (oldest first). A report without a fee (nobody paid) is left out of
    the mean but its documents count."""
    rows = list(
        QuarterlyReport.objects.order_by()
        .values("year", "quarter")
        .annotate(
            documents=Sum("documents_issued"),
            fee=Avg("average_fee"),
            reports=Count("pk"),
        )
        .order_by("-year", "-quarter")[:limit]
    )
    rows.reverse()
    return [
        {
            "key": f"{row['year']}-Q{row['quarter']}",
            "label": f"{row['year']} Q{row['quarter']}",
            "documents": row["documents"] or 0,
            "fee": None if row["fee"] is None else Decimal(row["fee"]).quantize(Decimal("0.01"), ROUND_HALF_UP),
            "reports": row["reports"],
        }
        for row in rows
    ]


def pzzj_entries(day: datetime.date) -> list[dict]:
    """Entries on the PZZJ list valid on ``day``: those that stay valid beyond the warning period, and
    those that expire within it."""
    counts = PzzjEntry.objects.valid_on(day).aggregate(
        valid=Count("pk"),
        expiring=Count("pk", filter=Q(valid_until__lt=day + datetime.timedelta(days=PZZJ_EXPIRY_WARNING_DAYS))),
    )
    return [
        {"key": "valid", "label": _("valid for longer"), "count": counts["valid"] - counts["expiring"]},
        {
            "key": "expiring",
            "label": _("expiring within %(days)s days") % {"days": PZZJ_EXPIRY_WARNING_DAYS},
            "count": counts["expiring"],
        },
    ]

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
from django.db import connection
from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from institutions.models import PZZJ_EXPIRY_WARNING_DAYS, Ministry, PzzjEntry, Voivodeship
from qualifications.models import Category, CertificationRight, PrkLevel, Qualification, QuarterlyReport, Status
from qualifications.page_cache import CACHE_SECONDS, computed_at, register_version

# How many quarters of reports the chart shows: three years, enough to see a trend.
QUARTERS_SHOWN = 12


def certifying_rights():
    """The certification rights under which an institution may certify today.

    Every figure of institutions and rights on the page goes through here, and here through the
    register's one rule of "may certify on a day" (``CertificationRight.objects.certifying_on``).
    """
    return CertificationRight.objects.certifying_on()


def cached_rows(name: str, compute: Callable[[], list], day: datetime.date | None = None) -> list:
    """``compute()`` once per register version, day and language (labels are translated inside)."""
    day = day or timezone.localdate()
    version = register_version()
    key = f"stats:{version}:{day.isoformat()}:{get_language()}:{name}"
    rows = cache.get(key)
    if rows is None:
        rows = computed_at(version, compute)
        cache.set(key, rows, CACHE_SECONDS)
    return rows


# The four counts of public qualifications (by level, category, minister and year of inclusion) in
# one pass over the table: at 100,000 records four separate scans cost several times as much.
_QUALIFICATION_COUNTS = """
SELECT GROUPING(prk_level_id), GROUPING(category), GROUPING(ministry_id), prk_level_id, category, ministry_id,
       year, COUNT(*)
FROM (
    SELECT prk_level_id, category, ministry_id,
           EXTRACT(YEAR FROM COALESCE(included_on, mp_date))::integer AS year
    FROM {table} WHERE status <> %(draft)s
) AS public_qualification
GROUP BY GROUPING SETS ((prk_level_id), (category), (ministry_id), (year))
"""


def qualification_counts() -> dict[str, dict]:
    """Public qualifications counted by ``level`` (None: no level), ``category``, ``ministry`` (id)
    and ``year`` of inclusion (the date of inclusion, else of the notice; None: neither)."""
    counts = {"level": {}, "category": {}, "ministry": {}, "year": {}}
    with connection.cursor() as cursor:
        cursor.execute(_QUALIFICATION_COUNTS.format(table=Qualification._meta.db_table), {"draft": Status.DRAFT})
        for by_level, by_category, by_ministry, level, category, ministry, year, n in cursor.fetchall():
            if not by_level:
                counts["level"][level] = n
            elif not by_category:
                counts["category"][category] = n
            elif not by_ministry:
                counts["ministry"][ministry] = n
            else:
                counts["year"][year] = n
    return counts


def _counts(by: str) -> dict:
    # Computed once for the four charts that share it.
    return cached_rows("qualification_counts", qualification_counts)[by]


def by_level() -> list[dict]:
    """Public qualifications at each PRK level, 1 to 8, then those without a level."""
    counts = _counts("level")
    rows = [
        {"key": str(level), "label": str(level), "count": counts.get(level, 0)}
        for level in PrkLevel.objects.order_by("level").values_list("level", flat=True)
    ]
    if counts.get(None):
        rows.append({"key": "", "label": _("no level"), "count": counts[None]})
    return rows


def by_category() -> list[dict]:
    """Public qualifications in each category that has any, in the order of the categories."""
    counts = _counts("category")
    return [
        {"key": value, "label": str(label), "count": counts[value]}
        for value, label in Category.choices
        if counts.get(value)
    ]


def by_ministry() -> list[dict]:
    """Public qualifications per competent minister, most first (ties by name)."""
    counts = _counts("ministry")
    ministries = Ministry.objects.filter(pk__in=[pk for pk in counts if pk is not None]).order_by("name")
    rows = [{"key": ministry.code, "label": ministry.name, "count": counts[ministry.pk]} for ministry in ministries]
    return sorted(rows, key=lambda row: -row["count"])


def inclusions_per_year() -> list[dict]:
    """Public qualifications by the year they were included (the date of inclusion, else of the notice),
    every year from the first to the last, empty years included."""
    counts = {year: n for year, n in _counts("year").items() if year is not None}
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

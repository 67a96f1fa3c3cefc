"""Read-side queries of the home page: headline numbers, browse tiles and the newest qualifications.

One aggregate query per block, whatever the size of the register; ``home_figures`` keeps them all
per register version, so the page reads the register's version and nothing else between two edits.
"""

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce

from institutions.models import Organisation, PzzjEntry
from qualifications.models import PUBLIC_STATUSES, Category, CertificationRight, PrkLevel, Qualification, Status
from qualifications.page_cache import per_register_version

NEWEST_COUNT = 5


def level_counts() -> list[dict]:
    """Every PRK level with the number of public qualifications at it, lowest level first (one query)."""
    levels = PrkLevel.objects.annotate(
        public_count=Count("qualifications", filter=Q(qualifications__status__in=PUBLIC_STATUSES))
    ).order_by("level")
    return [{"level": level.level, "prk_level": level, "count": level.public_count} for level in levels]


def category_counts() -> list[dict]:
    """The categories that have public qualifications, in the order of the Category choices (one query)."""
    counts = dict(Qualification.objects.public().order_by().values_list("category").annotate(n=Count("pk")))
    return [
        {"value": value, "label": label, "count": counts[value]}
        for value, label in Category.choices
        if counts.get(value)
    ]


def newest_qualifications(limit: int = NEWEST_COUNT) -> list[Qualification]:
    """The public qualifications most recently included (inclusion date, else the date of the notice)."""
    # Read from the index on the same expression (qualification_newest), newest first.
    return list(
        Qualification.objects.public()
        .annotate(included=Coalesce("included_on", "mp_date"))
        .filter(included__isnull=False)
        .only("zrk_id", "name_pl", "name_en", "category", "status", "prk_level", "included_on", "mp_date")
        .order_by(F("included").desc(nulls_last=True), "-zrk_id")[:limit]
    )


def register_counts() -> dict[str, int]:
    """Headline numbers for the home page, in three queries."""
    qualifications = Qualification.objects.public().aggregate(
        total=Count("pk"),
        functioning=Count("pk", filter=Q(status=Status.FUNCTIONING)),
    )
    institutions = CertificationRight.objects.certifying_on().values("institution").distinct().count()
    pzzj = Organisation.objects.filter(pzzj_entries__in=PzzjEntry.objects.valid_on()).distinct().count()
    return {
        "qualifications": qualifications["total"],
        "functioning": qualifications["functioning"],
        "institutions": institutions,
        "pzzj": pzzj,
    }


def home_figures() -> dict:
    """Everything the home page shows from the register, computed once per register version, day
    and language (the category labels are translated when computed)."""
    return per_register_version(
        "home",
        lambda: {
            "counts": register_counts(),
            "levels": level_counts(),
            "categories": category_counts(),
            "newest": newest_qualifications(),
        },
    )

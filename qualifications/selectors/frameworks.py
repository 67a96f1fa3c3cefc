"""Read-side queries of the PRK-level and sector-framework pages."""

from django.db.models import Count, Q
from django.db.models.functions import Collate

from qualifications.models import PUBLIC_STATUSES, Category, PrkLevel, Qualification, SectorFramework
from qualifications.selectors.common import POLISH_COLLATION, by_name, name_in_language


def prk_levels():
    """The eight PRK levels, each with the number of public qualifications at it (one query)."""
    return list(
        PrkLevel.objects.annotate(
            public_count=Count("qualifications", filter=Q(qualifications__status__in=PUBLIC_STATUSES))
        ).order_by("level")
    )


def prk_level_detail(level: int):
    """The level and its public qualifications counted by category (two queries); None when unknown."""
    prk_level = PrkLevel.objects.filter(level=level).first()
    if prk_level is None:
        return None
    counted = dict(
        Qualification.objects.public()
        .filter(prk_level=prk_level)
        .order_by()
        .values_list("category")
        .annotate(n=Count("pk"))
    )
    by_category = [
        {"value": value, "label": label, "count": counted[value]}
        for value, label in Category.choices
        if counted.get(value)
    ]
    return {"level": prk_level, "by_category": by_category, "total": sum(counted.values())}


def prk_level_qualifications(prk_level):
    """Public qualifications at a level, ordered by name, to be paginated."""
    return Qualification.objects.public().filter(prk_level=prk_level).order_by(by_name(), "pk")


def sector_frameworks():
    """Every sector framework with the number of public qualifications referencing it (one query)."""
    return list(
        SectorFramework.objects.annotate(
            public_count=Count("qualifications", filter=Q(qualifications__status__in=PUBLIC_STATUSES))
        ).order_by(Collate(name_in_language(), POLISH_COLLATION), "pk")
    )

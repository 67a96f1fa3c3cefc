"""Read-side queries of the PRK-level and sector-framework pages."""

from collections import Counter

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.db.models.functions import Collate

from qualifications.models import PUBLIC_STATUSES, Category, PrkLevel, Qualification, SectorFramework
from qualifications.page_cache import per_register_version
from qualifications.selectors.common import POLISH_COLLATION, by_name, name_in_language

# What a row of the level's list shows (its link, name in either language, category and status).
LISTED_COLUMNS = ("pk", "zrk_id", "name", "name_pl", "name_en", "category", "status")


def prk_levels():
    """The eight PRK levels, each with the number of public qualifications at it (one query)."""
    return list(
        PrkLevel.objects.annotate(
            public_count=Count("qualifications", filter=Q(qualifications__status__in=PUBLIC_STATUSES))
        ).order_by("level")
    )


def prk_level_detail(level: int, page=None, per_page: int = 50):
    """The level, its public qualifications counted by category and the ``page``-th page of them by
    name (Paginator.get_page: anything unusable is page 1, past the end the last), in two queries
    and one more per register version and language (``_level_listing``); None when unknown."""
    prk_level = PrkLevel.objects.filter(level=level).first()
    if prk_level is None:
        return None
    counted, ids = _level_listing(prk_level)
    by_category = [
        {"value": value, "label": label, "count": counted[value]}
        for value, label in Category.choices
        if counted.get(value)
    ]
    return {
        "level": prk_level,
        "by_category": by_category,
        "total": sum(counted.values()),
        "page_obj": _page(ids, page, per_page),
    }


def _level_listing(prk_level) -> tuple[dict[str, int], list[int]]:
    """(public qualifications at the level counted by category, their ids by name), kept per
    register version and language: the order follows the language's names. A page of the list then
    reads its 50 rows by id, so a page far down costs what page 1 does (with OFFSET, PostgreSQL
    reads and drops every row before it)."""

    def compute():
        rows = list(
            Qualification.objects.public()
            .filter(prk_level=prk_level)
            .order_by(by_name(), "pk")
            .values_list("pk", "category")
        )
        return dict(Counter(category for _pk, category in rows)), [pk for pk, _category in rows]

    return per_register_version(f"prk-level-list:{prk_level.level}", compute)


def _page(ids: list[int], number, per_page: int):
    page = Paginator(ids, per_page).get_page(number)
    by_id = Qualification.objects.public().only(*LISTED_COLUMNS).in_bulk(page.object_list)
    page.object_list = [by_id[pk] for pk in page.object_list if pk in by_id]
    return page


def sector_frameworks():
    """Every sector framework with the number of public qualifications referencing it (one query)."""
    return list(
        SectorFramework.objects.annotate(
            public_count=Count("qualifications", filter=Q(qualifications__status__in=PUBLIC_STATUSES))
        ).order_by(Collate(name_in_language(), POLISH_COLLATION), "pk")
    )

"""The statistics page (/statystyki/, /en/statistics/): each chart with its title, a sentence reading
it, the table behind it, a CSV of that table and a link to the search it summarises.

It sits in the project package because it draws on both the register (qualifications) and the
applications; the figures themselves come from qualifications/statistics.py and
applications/statistics.py, one function per chart.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from applications import statistics as application_figures
from qualifications import statistics as figures
from qualifications.selectors.institutions import ROLE_IC, ROLE_PZZJ
from zrk import charts
from zrk.charts import number


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    numeric: bool = True
    decimals: int = 0


@dataclass
class Chart:
    slug: str
    title: str
    reading: str
    kind: str  # "bar", "range" or "tiles": which component draws it
    columns: list[Column]
    rows: list[dict]
    drawing: object
    link_text: str
    link_url: str
    legend: list[tuple[str, str]] = field(default_factory=list)  # (shape class, meaning)

    @property
    def table(self) -> list[dict]:
        """Each row's cells as (text, numeric), formatted for the page's language, and the address of
        the search the row summarises (if any)."""
        return [
            {
                "cells": [
                    (number(row[column.key], column.decimals) if column.numeric else row[column.key], column.numeric)
                    for column in self.columns
                ],
                "url": row.get("url"),
            }
            for row in self.rows
        ]

    @property
    def csv_header(self) -> list[str]:
        return [column.key for column in self.columns]


def _search(**params) -> str:
    query = urlencode({name: value for name, value in params.items() if value != ""}, doseq=True)
    return reverse("qualification_search") + (f"?{query}" if query else "")


def _institutions(**params) -> str:
    return reverse("institution_list") + "?" + urlencode(params)


def _total(rows, key="count") -> int:
    return sum(row[key] for row in rows)


def _largest(rows, key="count") -> dict | None:
    # The first of the largest: rows come in a meaningful order (level, category, TERYT).
    return max(rows, key=lambda row: row[key], default=None) if rows and any(row[key] for row in rows) else None


def _no_data() -> str:
    return _("There is nothing to count yet.")


def levels_chart() -> Chart:
    rows = figures.cached_rows("levels", figures.by_level)
    for row in rows:
        row["url"] = _search(level=row["key"]) if row["key"] else None
    top = _largest([row for row in rows if row["key"]])  # a level, not "no level"
    reading = (
        _("Most public qualifications are at PRK level %(level)s: %(count)s of %(total)s.")
        % {"level": top["label"], "count": number(top["count"]), "total": number(_total(rows))}
        if top
        else _no_data()
    )
    return Chart(
        slug="levels",
        title=_("Qualifications by PRK level"),
        reading=reading,
        kind="bar",
        columns=[Column("label", capfirst(_("PRK level")), numeric=False), Column("count", _("Qualifications"))],
        rows=rows,
        drawing=charts.bar_chart(rows, "count"),
        link_text=_("Search qualifications by level"),
        link_url=_search(sort="level"),
    )


def categories_chart() -> Chart:
    rows = figures.cached_rows("categories", figures.by_category)
    for row in rows:
        row["url"] = _search(category=row["key"])
    top = _largest(rows)
    reading = (
        _("The largest category is “%(category)s”: %(count)s of %(total)s public qualifications.")
        % {"category": top["label"], "count": number(top["count"]), "total": number(_total(rows))}
        if top
        else _no_data()
    )
    return Chart(
        slug="categories",
        title=_("Qualifications by category"),
        reading=reading,
        kind="bar",
        columns=[Column("label", _("Category"), numeric=False), Column("count", _("Qualifications"))],
        rows=rows,
        drawing=charts.bar_chart(rows, "count"),
        link_text=_("Search all qualifications"),
        link_url=_search(),
    )


def ministries_chart() -> Chart:
    rows = figures.cached_rows("ministries", figures.by_ministry)
    for row in rows:
        row["url"] = _search(ministry=row["key"])
    top = _largest(rows)
    reading = (
        _("The ministry with the most qualifications: %(ministry)s (%(count)s).")
        % {"ministry": top["label"], "count": number(top["count"])}
        if top
        else _no_data()
    )
    return Chart(
        slug="ministries",
        title=_("Qualifications by competent minister"),
        reading=reading,
        kind="bar",
        columns=[Column("label", _("Competent minister"), numeric=False), Column("count", _("Qualifications"))],
        rows=rows,
        drawing=charts.bar_chart(rows, "count"),
        link_text=_("Search qualifications by minister"),
        link_url=_search(),
    )


def inclusions_chart() -> Chart:
    rows = figures.cached_rows("inclusions", figures.inclusions_per_year)
    for row in rows:
        row["url"] = None
    top = _largest(rows)
    reading = (
        _("Most qualifications were included in %(year)s: %(count)s. The latest year, %(last)s, saw %(last_count)s.")
        % {
            "year": top["label"],
            "count": number(top["count"]),
            "last": rows[-1]["label"],
            "last_count": number(rows[-1]["count"]),
        }
        if top
        else _no_data()
    )
    return Chart(
        slug="inclusions",
        title=_("Qualifications included per year"),
        reading=reading,
        kind="bar",
        columns=[Column("label", _("Year"), numeric=False), Column("count", _("Qualifications included"))],
        rows=rows,
        drawing=charts.bar_chart(rows, "count"),
        link_text=_("Newest qualifications first"),
        link_url=_search(sort="-included"),
    )


def application_states_chart() -> Chart:
    rows = figures.cached_rows("application_states", application_figures.applications_by_state)
    for row in rows:
        row["url"] = None
    top = _largest(rows)
    reading = (
        _("Of %(total)s applications for inclusion, the most (%(count)s) are at the stage “%(state)s”.")
        % {"total": number(_total(rows)), "count": number(top["count"]), "state": top["label"]}
        if top
        else _no_data()
    )
    return Chart(
        slug="applications",
        title=_("Applications for inclusion by stage"),
        reading=reading,
        kind="bar",
        columns=[Column("label", _("Stage"), numeric=False), Column("count", _("Applications"))],
        rows=rows,
        drawing=charts.bar_chart(rows, "count"),
        link_text=_("Applications in public consultation"),
        link_url=reverse("consultation_list"),
    )


def decision_times_chart() -> Chart:
    times = figures.cached_rows("decision_times", application_figures.decision_times)
    rows = times["rows"]
    for row in rows:
        row["url"] = _search(ministry=row["key"])
    overall = times["overall"]
    reading = (
        _(
            "Across all ministries, the median time from submitting an application to the decision is "
            "%(median)s days (decisions: %(count)s)."
        )
        % {"median": number(overall["median"], 1 if overall["median"] % 1 else 0), "count": number(overall["count"])}
        if overall
        else _("No application has been decided yet.")
    )
    return Chart(
        slug="decision-times",
        title=_("Time from submission to decision, by ministry"),
        reading=reading,
        kind="range",
        columns=[
            Column("label", _("Competent minister"), numeric=False),
            Column("count", _("Decisions")),
            Column("median", _("Median (days)"), decimals=1),
            Column("min", _("Shortest (days)")),
            Column("max", _("Longest (days)")),
        ],
        rows=rows,
        drawing=charts.range_chart(rows),
        link_text=_("Search qualifications by minister"),
        link_url=_search(),
        legend=[("legend--range", _("line: shortest to longest")), ("legend--median", _("diamond: median"))],
    )


def voivodeships_chart() -> Chart:
    rows = figures.cached_rows("voivodeships", figures.by_voivodeship)
    for row in rows:
        row["url"] = _search(region=row["key"])
    top = _largest(rows, "institutions")
    reading = (
        _("The voivodeship with the most institutions that may certify today: %(voivodeship)s (%(count)s).")
        % {"voivodeship": top["label"], "count": number(top["institutions"])}
        if top
        else _no_data()
    )
    return Chart(
        slug="voivodeships",
        title=_("Certifying institutions and their rights by voivodeship"),
        reading=reading,
        kind="tiles",
        columns=[
            Column("label", _("Voivodeship"), numeric=False),
            Column("institutions", _("Certifying institutions")),
            Column("rights", _("Active certification rights")),
        ],
        rows=rows,
        drawing=charts.tile_map(rows, "institutions", "rights"),
        link_text=_("Certifying institutions"),
        link_url=_institutions(role=ROLE_IC),
        legend=[
            ("legend--tile-number", _("large number: certifying institutions")),
            ("legend--tile-second", _("small number: active certification rights")),
        ],
    )


def documents_chart() -> Chart:
    rows = figures.cached_rows("documents", figures.documents_per_quarter)
    for row in rows:
        row["url"] = None
    last = rows[-1] if rows else None
    if last and last["fee"] is not None:
        reading = _(
            "In %(period)s institutions reported %(count)s documents issued; the average fee was %(fee)s zł."
        ) % {"period": last["label"], "count": number(last["documents"]), "fee": number(last["fee"], 2)}
    elif last:
        reading = _("In %(period)s institutions reported %(count)s documents issued.") % {
            "period": last["label"],
            "count": number(last["documents"]),
        }
    else:
        reading = _("No quarterly report has been received yet.")
    return Chart(
        slug="documents",
        title=_("Documents issued and average fees per quarter"),
        reading=reading,
        kind="bar",
        columns=[
            Column("label", _("Quarter"), numeric=False),
            Column("documents", _("Documents issued")),
            Column("fee", _("Average fee (zł)"), decimals=2),
            Column("reports", _("Reports")),
        ],
        rows=rows,
        drawing=charts.bar_chart(rows, "documents", second_key="fee"),
        link_text=_("Certifying institutions"),
        link_url=_institutions(role=ROLE_IC),
        legend=[
            ("legend--solid", _("solid bar: documents issued")),
            ("legend--hatched", _("hatched bar: average fee")),
        ],
    )


def pzzj_chart() -> Chart:
    day = timezone.localdate()
    rows = figures.cached_rows("pzzj", lambda: figures.pzzj_entries(day), day)
    for row in rows:
        row["url"] = None
    valid = _total(rows)
    reading = (
        _("%(valid)s entries on the PZZJ list are valid today; %(expiring)s of them expire within %(days)s days.")
        % {"valid": number(valid), "expiring": number(rows[1]["count"]), "days": figures.PZZJ_EXPIRY_WARNING_DAYS}
        if valid
        else _("No entry on the PZZJ list is valid today.")
    )
    return Chart(
        slug="pzzj",
        title=_("Entries on the PZZJ list, valid and expiring"),
        reading=reading,
        kind="bar",
        columns=[Column("label", _("Entry validity"), numeric=False), Column("count", _("Number of entries"))],
        rows=rows,
        drawing=charts.bar_chart(rows, "count"),
        link_text=_("The PZZJ list"),
        link_url=_institutions(role=ROLE_PZZJ),
    )


CHARTS = {
    "levels": levels_chart,
    "categories": categories_chart,
    "ministries": ministries_chart,
    "inclusions": inclusions_chart,
    "applications": application_states_chart,
    "decision-times": decision_times_chart,
    "voivodeships": voivodeships_chart,
    "documents": documents_chart,
    "pzzj": pzzj_chart,
}


def all_charts() -> list[Chart]:
    return [build() for build in CHARTS.values()]

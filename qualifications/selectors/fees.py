"""What the register publishes from the institutions' quarterly reports (art. 65): each institution's
latest average fee, the average across institutions, and the documents issued so far."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Max, OuterRef, Subquery, Sum

from qualifications.models import CertificationRight, QuarterlyReport
from zrk.compiled import prepared_cursor
from zrk.db_router import read_alias


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int

    def __str__(self):
        return f"{self.year} Q{self.quarter}"


@dataclass(frozen=True)
class ReportedFee:
    amount: Decimal
    period: Period


@dataclass(frozen=True)
class FeeFigures:
    """None of these is shown when nothing was reported; zero documents is a real figure."""

    average_fee: Decimal | None  # mean of the latest fee of each institution counted
    institutions_counted: int
    documents_issued: int | None  # every document reported for the qualification, former institutions included
    reported_until: Period | None

    @property
    def reported(self) -> bool:
        return self.reported_until is not None


@dataclass(frozen=True)
class ReportTotals:
    documents: int | None  # every document reported for the qualification
    last: int | None  # the latest period reported, as year * 10 + quarter


def fees_and_totals(qualification_id: int) -> tuple[dict[int, ReportedFee], ReportTotals]:
    """The latest reported average fee of each right of the qualification, by right id, and the
    totals of all its reports, in one statement: the totals are window aggregates over every report,
    taken before DISTINCT ON keeps each right's latest report with a fee (a right whose reports
    carry none keeps a row without one, left out here)."""
    statement = f"""
        SELECT DISTINCT ON (r.right_id) r.right_id, r.year, r.quarter, r.average_fee,
               sum(r.documents_issued) OVER (), max(r.year * 10 + r.quarter) OVER ()
          FROM {QuarterlyReport._meta.db_table} r
          JOIN {CertificationRight._meta.db_table} c ON c.id = r.right_id
         WHERE c.qualification_id = %s
         ORDER BY r.right_id, r.average_fee IS NULL, r.year DESC, r.quarter DESC
    """  # noqa: S608 - table names from the models; the value is a parameter
    with prepared_cursor(read_alias(QuarterlyReport)) as cursor:
        cursor.execute(statement, [qualification_id])
        rows = cursor.fetchall()
    fees = {
        right_id: ReportedFee(fee, Period(year, quarter))
        for right_id, year, quarter, fee, _documents, _last in rows
        if fee is not None
    }
    documents, last = rows[0][4:] if rows else (None, None)
    return fees, ReportTotals(documents=documents, last=last)


def fee_figures(
    qualification_id: int, fees: dict[int, ReportedFee], counted_rights, totals: ReportTotals | None = None
) -> FeeFigures:
    """Figures for the qualification page. ``counted_rights`` are the ids of the rights whose fee
    enters the average: the institutions that may certify today, so a citizen compares like with like.
    ``totals`` when already read (``fees_and_totals``), otherwise one query."""
    if totals is None:
        totals = ReportTotals(
            **QuarterlyReport.objects.filter(right__qualification_id=qualification_id).aggregate(
                documents=Sum("documents_issued"), last=Max(F("year") * 10 + F("quarter"))
            )
        )
    reported_until = Period(*divmod(totals.last, 10)) if totals.last is not None else None
    amounts = [fees[right_id].amount for right_id in counted_rights if right_id in fees]
    average = None
    if amounts:
        average = (sum(amounts) / len(amounts)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return FeeFigures(
        average_fee=average,
        institutions_counted=len(amounts),
        documents_issued=totals.documents,
        reported_until=reported_until,
    )


def with_reported_figures(rights):
    """Rights annotated with their latest reported fee and its period (``fee_year``, ``fee_quarter``)
    and the documents issued in all their reports, inside the rights' own query."""
    latest = QuarterlyReport.objects.filter(right=OuterRef("pk"), average_fee__isnull=False).order_by(
        "-year", "-quarter"
    )
    documents = (
        QuarterlyReport.objects.filter(right=OuterRef("pk"))
        .order_by()
        .values("right")
        .annotate(total=Sum("documents_issued"))
        .values("total")
    )
    return rights.annotate(
        latest_fee=Subquery(latest.values("average_fee")[:1]),
        fee_year=Subquery(latest.values("year")[:1]),
        fee_quarter=Subquery(latest.values("quarter")[:1]),
        documents_issued=Subquery(documents),
    )

"""The qualification page reads each right's latest reported fee and the totals of all the
qualification's reports in one statement; it answers as the two separate reads it replaced."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F, Max, Sum
from django.test.utils import CaptureQueriesContext

from qualifications.models import QuarterlyReport
from qualifications.selectors.fees import Period, ReportedFee, fees_and_totals
from tests.factories import CertificationRightFactory, QualificationFactory

pytestmark = pytest.mark.django_db


def report(right, year, quarter, documents, fee):
    return QuarterlyReport.objects.create(
        right=right,
        year=year,
        quarter=quarter,
        documents_issued=documents,
        average_fee=Decimal(fee) if fee is not None else None,
        revenue=Decimal(fee or 0) * documents,
    )


def test_latest_fee_of_each_right_and_the_totals_of_every_report():
    qualification = QualificationFactory(status="functioning")
    latest_without_fee, only_free, steady, silent = (
        CertificationRightFactory(qualification=qualification) for _ in range(4)
    )
    report(latest_without_fee, 2025, 1, 10, "900.00")
    report(latest_without_fee, 2025, 2, 5, "950.00")
    report(latest_without_fee, 2025, 3, 7, None)  # nobody paid this quarter: the fee of Q2 stands
    report(only_free, 2025, 4, 3, None)
    report(steady, 2024, 4, 2, "1200.50")
    report(CertificationRightFactory(), 2026, 1, 99, "1.00")  # another qualification's

    with CaptureQueriesContext(connection) as captured:
        fees, totals = fees_and_totals(qualification.pk)
    assert len(captured) == 1
    assert fees == {
        latest_without_fee.pk: ReportedFee(Decimal("950.00"), Period(2025, 2)),
        steady.pk: ReportedFee(Decimal("1200.50"), Period(2024, 4)),
    }
    assert silent.pk not in fees and only_free.pk not in fees
    expected = QuarterlyReport.objects.filter(right__qualification=qualification).aggregate(
        documents=Sum("documents_issued"), last=Max(F("year") * 10 + F("quarter"))
    )
    assert (totals.documents, totals.last) == (expected["documents"], expected["last"]) == (27, 20254)


def test_a_qualification_without_reports_has_no_fees_and_no_totals():
    qualification = CertificationRightFactory().qualification
    fees, totals = fees_and_totals(qualification.pk)
    assert fees == {} and totals.documents is None and totals.last is None

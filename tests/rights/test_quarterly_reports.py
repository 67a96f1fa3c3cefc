"""Quarterly reports of certifying institutions (art. 65): entered in the admin by the registry
operator, published on the qualification page as each institution's fee, the average fee across
institutions and the number of documents issued."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from qualifications.models import QuarterlyReport
from qualifications.rights import withdraw
from tests.factories import CertificationRightFactory, OrganisationFactory, QualificationFactory

pytestmark = pytest.mark.django_db


def report(right, year=2025, quarter=1, documents=10, fee="1000.00", revenue=None, free=0):
    fee = Decimal(fee) if fee is not None else None
    return QuarterlyReport.objects.create(
        right=right,
        year=year,
        quarter=quarter,
        documents_issued=documents,
        average_fee=fee,
        revenue=revenue if revenue is not None else (fee or 0) * documents,
        free_validations=free,
    )


def page(client, qualification, language="en"):
    path = "/en/qualifications/" if language == "en" else "/kwalifikacje/"
    response = client.get(f"{path}{qualification.zrk_id}/", follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_each_institutions_latest_fee_the_average_and_all_documents(client):
    qualification = QualificationFactory(status="functioning")
    first = CertificationRightFactory(qualification=qualification, institution=OrganisationFactory(name_pl="Alfa IC"))
    second = CertificationRightFactory(qualification=qualification, institution=OrganisationFactory(name_pl="Beta IC"))
    report(first, 2025, 1, documents=5, fee="900.00")
    report(first, 2025, 2, documents=7, fee="1100.00")  # the latest of Alfa counts, not the older 900
    report(second, 2025, 1, documents=3, fee="1500.00")
    html = page(client, qualification)
    assert "Average fee for validation and certification" in html
    assert "1,300.00 zł" in html  # (1100 + 1500) / 2
    assert "the mean of the latest fees reported by 2 certifying institutions" in html
    assert "Documents issued" in html and "certificates reported by certifying institutions up to Q2 2025" in html
    assert ">15 <" in html  # 5 + 7 + 3
    assert "1,100.00 zł" in html and "reported for Q2 2025" in html
    assert "1,500.00 zł" in html and "reported for Q1 2025" in html


def test_polish_page_formats_amounts_the_polish_way(client):
    right = CertificationRightFactory(qualification=QualificationFactory(status="functioning"))
    report(right, documents=1200, fee="1234.50")
    html = page(client, right.qualification, "pl")
    assert "Średnia opłata za walidację i certyfikowanie" in html
    assert "1\xa0234,50 zł" in html
    assert "1\xa0200" in html


def test_a_former_institution_counts_in_documents_but_not_in_todays_average(client):
    qualification = QualificationFactory(status="functioning")
    staying = CertificationRightFactory(qualification=qualification)
    leaving = CertificationRightFactory(qualification=qualification)
    report(staying, documents=4, fee="800.00")
    report(leaving, documents=6, fee="2000.00")
    withdraw(leaving, "Demo: failed evaluation", datetime.date(2025, 6, 1))
    html = page(client, qualification)
    assert "800.00 zł" in html and "the latest fee reported by the one certifying institution that reports one" in html
    assert "2,000.00 zł" not in html and "1,400.00 zł" not in html
    assert ">10 <" in html


def test_without_reports_the_page_says_not_reported_and_shows_no_figures(client):
    right = CertificationRightFactory(qualification=QualificationFactory(status="functioning"))
    html = page(client, right.qualification)
    assert "Average fee for validation and certification" not in html
    assert "Documents issued" not in html
    assert "not reported" in html


def test_a_quarter_with_only_free_validations_has_documents_but_no_fee(client):
    right = CertificationRightFactory(qualification=QualificationFactory(status="functioning"))
    report(right, documents=2, fee=None, revenue=Decimal("0"), free=2)
    html = page(client, right.qualification)
    assert "Average fee for validation and certification" not in html
    assert "Documents issued" in html and ">2 <" in html


def test_a_new_report_shows_at_once_on_a_cached_page(client):
    right = CertificationRightFactory(qualification=QualificationFactory(status="functioning"))
    assert "Documents issued" not in page(client, right.qualification)
    report(right, documents=9)
    assert ">9 <" in page(client, right.qualification)


def test_the_database_refuses_a_second_report_for_the_same_quarter_and_impossible_figures():
    right = CertificationRightFactory()
    report(right, 2025, 3)
    for values in (
        {"year": 2025, "quarter": 3},  # duplicate
        {"year": 2025, "quarter": 5},
        {"year": 2015, "quarter": 1},
        {"year": 2025, "quarter": 4, "revenue": Decimal("-1")},
        {"year": 2025, "quarter": 4, "average_fee": Decimal("-5")},
    ):
        fields = {"documents_issued": 1, "average_fee": Decimal("10"), "revenue": Decimal("10"), **values}
        with pytest.raises(IntegrityError), transaction.atomic():
            QuarterlyReport.objects.create(right=right, **fields)


def test_validation_refuses_an_unfinished_quarter_one_before_the_right_and_inconsistent_amounts(in_english):
    right = CertificationRightFactory(decision_date=datetime.date(2024, 5, 20))
    today = timezone.localdate()
    current_quarter = (today.month - 1) // 3 + 1
    cases = [
        ({"year": today.year, "quarter": current_quarter}, "quarter", "only after it has ended"),
        ({"year": 2024, "quarter": 1}, "quarter", "granted on 2024-05-20"),
        ({"average_fee": Decimal("500"), "revenue": Decimal("0")}, "revenue", "cannot be zero"),
        ({"average_fee": None, "revenue": Decimal("500")}, "average_fee", "give their average"),
    ]
    for values, field, message in cases:
        fields = {
            "year": 2024,
            "quarter": 3,
            "documents_issued": 1,
            "average_fee": Decimal("500"),
            "revenue": Decimal("500"),
            **values,
        }
        with pytest.raises(ValidationError) as refused:
            QuarterlyReport(right=right, **fields).full_clean()
        assert message in " ".join(refused.value.message_dict[field])
    QuarterlyReport(
        right=right, year=2024, quarter=2, documents_issued=1, average_fee=Decimal("500"), revenue=Decimal("500")
    ).full_clean()  # the quarter in which the right began


def test_the_operator_enters_a_report_in_the_admin_and_its_history_is_kept(operator_client):
    right = CertificationRightFactory()
    response = operator_client.post(
        reverse("admin:qualifications_quarterlyreport_add"),
        {
            "right": right.pk,
            "year": 2025,
            "quarter": 2,
            "documents_issued": 12,
            "average_fee": "1250.00",
            "revenue": "13750.00",
            "free_validations": 1,
            "received_on": "2025-07-15",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    saved = QuarterlyReport.objects.get()
    assert (saved.documents_issued, saved.average_fee, saved.free_validations) == (12, Decimal("1250.00"), 1)
    assert saved.history.count() == 1
    listing = operator_client.get(reverse("admin:qualifications_quarterlyreport_changelist")).content.decode()
    assert "2025 Q2" in listing
    right_page = operator_client.get(reverse("admin:qualifications_certificationright_change", args=[right.pk]))
    assert "quarterly_reports-TOTAL_FORMS" in right_page.content.decode()


def test_the_admin_shows_a_clear_error_for_a_duplicate_quarter(operator_client):
    right = CertificationRightFactory()
    report(right, 2025, 2)
    response = operator_client.post(
        reverse("admin:qualifications_quarterlyreport_add"),
        {
            "right": right.pk,
            "year": 2025,
            "quarter": 2,
            "documents_issued": 1,
            "average_fee": "10",
            "revenue": "10",
            "free_validations": 0,
            "received_on": "2025-07-15",
        },
    )
    assert response.status_code == 200
    assert "złożyła już sprawozdanie za ten kwartał" in response.content.decode()  # the back-office speaks Polish
    assert QuarterlyReport.objects.count() == 1


def test_officers_and_the_coordinator_read_reports_but_cannot_enter_them(client, officer, coordinator):
    report(CertificationRightFactory())
    for user in (officer, coordinator):
        client.force_login(user)
        assert client.get(reverse("admin:qualifications_quarterlyreport_changelist")).status_code == 200
        assert client.get(reverse("admin:qualifications_quarterlyreport_add")).status_code == 403
        assert client.post(reverse("admin:qualifications_quarterlyreport_add"), {}).status_code == 403


def test_demo_reports_are_for_the_example_institutions_only(demo_register):
    reports = QuarterlyReport.objects.select_related("right__institution")
    assert reports.exists()
    # The example institutions are named "... (demo)"; real institutions get no made-up figures.
    # (That a second load leaves every report as it was: tests/applications/test_load_demo.py.)
    assert {r.right.institution.name_pl.endswith("(demo)") for r in reports} == {True}


def test_the_institution_page_shows_each_qualifications_latest_fee_and_documents(client):
    institution = OrganisationFactory(name_pl="Gamma IC")
    reported, _other = (
        CertificationRightFactory(institution=institution, qualification=QualificationFactory(status="functioning"))
        for _ in range(2)
    )
    report(reported, 2025, 1, documents=3, fee="700.00")
    report(reported, 2025, 2, documents=4, fee="750.00")
    response = client.get(f"/en/institutions/{institution.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "750.00 zł" in html and "reported for Q2 2025" in html and "700.00" not in html
    assert '<td class="numeric">7</td>' in html
    assert "not reported" in html  # the second qualification has no report yet


def test_the_api_gives_each_rights_latest_fee_and_documents_and_a_new_report_changes_the_etag(client):
    right = CertificationRightFactory(qualification=QualificationFactory(status="functioning"))
    url = f"/api/v1/qualifications/{right.qualification.zrk_id}/"
    first = client.get(url)
    assert first.status_code == 200
    assert first.json()["certification_rights"][0]["average_fee"] is None
    report(right, 2025, 3, documents=6, fee="1999.99")
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200, "a new report must not be hidden behind a 304"
    published = again.json()["certification_rights"][0]
    assert (published["average_fee"], published["fee_reported_for"], published["documents_issued"]) == (
        "1999.99",
        "2025-Q3",
        6,
    )

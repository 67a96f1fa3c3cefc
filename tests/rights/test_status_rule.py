"""The status rule: included <-> functioning follows the active rights, on every write path, with history."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from qualifications.models import CertificationRight, Qualification, Status
from qualifications.rights import expire, reinstate, suspend, withdraw
from tests.factories import CertificationRightFactory, QualificationFactory

pytestmark = pytest.mark.django_db

ON = datetime.date(2025, 3, 1)


def status_of(qualification):
    return Qualification.objects.get(pk=qualification.pk).status


def test_first_active_right_makes_the_qualification_functioning_and_history_records_it():
    qualification = QualificationFactory(status=Status.INCLUDED)
    CertificationRightFactory(qualification=qualification)
    assert status_of(qualification) == Status.FUNCTIONING
    latest = qualification.history.order_by("-history_date", "-history_id").first()
    assert latest.status == Status.FUNCTIONING
    assert "first active certification right" in latest.history_change_reason


def test_last_active_right_gone_makes_it_included_again_in_both_directions():
    qualification = QualificationFactory(status=Status.INCLUDED)
    first = CertificationRightFactory(qualification=qualification)
    second = CertificationRightFactory(qualification=qualification)
    suspend(first, "Kontrola (test).", ON)
    assert status_of(qualification) == Status.FUNCTIONING  # the second one is still active
    withdraw(second, "Rezygnacja (test).", ON)
    assert status_of(qualification) == Status.INCLUDED
    latest = qualification.history.order_by("-history_date", "-history_id").first()
    assert latest.status == Status.INCLUDED and "no active certification right" in latest.history_change_reason
    reinstate(first, "Usunięto nieprawidłowości (test).", ON)
    assert status_of(qualification) == Status.FUNCTIONING
    expire(first, ON)
    assert status_of(qualification) == Status.INCLUDED
    statuses = list(qualification.history.order_by("history_date", "history_id").values_list("status", flat=True))
    assert statuses[-4:] == [Status.FUNCTIONING, Status.INCLUDED, Status.FUNCTIONING, Status.INCLUDED]


def test_a_right_in_the_register_cannot_be_deleted_it_is_withdrawn():
    qualification = QualificationFactory(status=Status.INCLUDED)
    right = CertificationRightFactory(qualification=qualification)
    assert status_of(qualification) == Status.FUNCTIONING
    with pytest.raises(IntegrityError, match="cannot be deleted"), transaction.atomic():
        right.delete()
    withdraw(right, "Cofnięcie uprawnień (test).", ON)
    assert status_of(qualification) == Status.INCLUDED


@pytest.mark.parametrize("status", [Status.SUSPENDED, Status.ARCHIVED])
def test_legacy_statuses_and_drafts_are_left_alone(status):
    qualification = QualificationFactory(status=status)
    right = CertificationRightFactory(qualification=qualification)
    assert status_of(qualification) == status
    withdraw(right, "Test.", ON)
    assert status_of(qualification) == status


def test_a_functioning_qualification_without_a_right_change_is_not_rewritten():
    qualification = QualificationFactory(status=Status.INCLUDED)
    CertificationRightFactory(qualification=qualification)
    count = qualification.history.count()
    CertificationRightFactory(qualification=qualification)  # a second active right: no status change
    assert qualification.history.count() == count


def test_a_right_added_in_the_admin_makes_the_qualification_functioning(operator_client):
    qualification = QualificationFactory(status=Status.INCLUDED)
    institution = CertificationRightFactory.build().institution
    institution.save()
    response = operator_client.post(
        reverse("admin:qualifications_certificationright_add"),
        {
            "qualification": qualification.pk,
            "institution": institution.pk,
            "decision_number": "DEC/1/2025",
            "decision_date": "2025-01-10",
            "status": "active",
            "reason_pl": "",
            "reason_en": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CertificationRight.objects.filter(qualification=qualification).count() == 1
    assert status_of(qualification) == Status.FUNCTIONING
    page = operator_client.get(reverse("admin:qualifications_qualification_history", args=[qualification.pk]))
    assert page.status_code == 200
    assert "first active certification right" in page.content.decode()

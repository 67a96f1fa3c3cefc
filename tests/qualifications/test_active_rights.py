"""Where a qualification can be obtained today (active_regions / active_institutions), kept by
database triggers and used by the search's region and institution filters."""

import pytest
from django.utils import timezone

from institutions.models import Voivodeship
from qualifications.models import Qualification
from qualifications.rights import withdraw
from tests.factories import CertificationRightFactory, OrganisationFactory, QualificationFactory

pytestmark = pytest.mark.django_db


def arrays(qualification):
    row = Qualification.objects.values("active_regions", "active_institutions").get(pk=qualification.pk)
    return row["active_regions"], row["active_institutions"]


def test_rights_fill_and_empty_the_arrays(roles):
    krakow = OrganisationFactory(voivodeship=Voivodeship.objects.get(code="12"))
    right = CertificationRightFactory(institution=krakow)
    qualification = right.qualification
    assert arrays(qualification) == (["12"], [krakow.pk])
    right.status = "withdrawn"
    right.ended_on = "2025-01-01"
    right.save()
    assert arrays(qualification) == ([], [])


def test_an_institution_moving_moves_the_region(roles):
    right = CertificationRightFactory()
    right.institution.voivodeship = Voivodeship.objects.get(code="30")
    right.institution.save()
    assert arrays(right.qualification)[0] == ["30"]


def test_saving_a_stale_qualification_does_not_erase_them(roles):
    qualification = QualificationFactory()
    stale = Qualification.objects.get(pk=qualification.pk)
    CertificationRightFactory(qualification=qualification)
    stale.name_pl = "Zmieniona nazwa"
    stale.save()
    assert arrays(qualification)[0] == ["14"]


def test_search_region_filter_follows_a_withdrawal(client, roles):
    right = CertificationRightFactory(qualification__name_pl="Zdun")
    assert "Zdun" in client.get("/kwalifikacje/", {"region": "14"}).content.decode()
    withdraw(right, "Cofnięcie uprawnień (test).", timezone.localdate())
    assert "Zdun" not in client.get("/kwalifikacje/", {"region": "14"}).content.decode()

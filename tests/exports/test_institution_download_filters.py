"""The institution download reads the institution list's parameters with the list's own parser, and
lists what the list does, less former certifying institutions."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from institutions.models import Voivodeship
from tests.factories import CertificationRightFactory, OrganisationFactory, PzzjEntryFactory, QualificationFactory

pytestmark = pytest.mark.django_db

JSON_URL = "/api/v1/downloads/institutions.json"


@pytest.fixture
def register():
    lesser_poland, pomerania = Voivodeship.objects.get(code="12"), Voivodeship.objects.get(code="22")
    krakow = OrganisationFactory(name_pl="Akademia Krakowska", city="Kraków", voivodeship=lesser_poland)
    CertificationRightFactory(institution=krakow, qualification=QualificationFactory(status="functioning"))
    gdansk = OrganisationFactory(name_pl="Szkoła Gdańska", city="Gdańsk", voivodeship=pomerania)
    CertificationRightFactory(institution=gdansk, qualification=QualificationFactory(status="functioning"))
    pzzj = OrganisationFactory(name_pl="Instytut Jakości", voivodeship=lesser_poland)
    PzzjEntryFactory(organisation=pzzj)
    former = OrganisationFactory(name_pl="Dawna Szkoła", voivodeship=lesser_poland)
    CertificationRightFactory(
        institution=former, status="withdrawn", ended_on=datetime.date(2025, 1, 1), qualification=QualificationFactory()
    )
    return {"krakow": krakow, "gdansk": gdansk, "pzzj": pzzj, "former": former}


def downloaded(client, params=None) -> list[int]:
    response = client.get(JSON_URL, params or {})
    assert response.status_code == 200
    return [record["id"] for record in json.loads(b"".join(response.streaming_content))]


def listed(client, params=None) -> list[int]:
    with translation.override("pl"):
        url = reverse("institution_list")
    return [organisation.pk for organisation in client.get(url, params or {}).context["organisations"]]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"role": "ic"},
        {"role": "pzzj"},
        {"region": "12"},
        {"region": ["12", "22"], "role": "ic"},
        {"q": "szkoła"},
        {"q": "krak", "region": "xx", "role": "nobody"},  # values the parser cannot use are ignored
    ],
)
def test_the_download_lists_what_the_list_shows_but_former_institutions(client, register, params):
    former = register["former"].pk
    assert downloaded(client, params) == [pk for pk in listed(client, params) if pk != former]


def test_a_filtered_download_is_named_as_a_search(client, register):
    response = client.get(JSON_URL, {"role": "ic"})
    assert re.fullmatch(
        r'attachment; filename="zrk-institutions-search-\d{4}-\d{2}-\d{2}\.json"', response["Content-Disposition"]
    )
    assert sorted(downloaded(client, {"role": "ic"})) == sorted([register["krakow"].pk, register["gdansk"].pk])

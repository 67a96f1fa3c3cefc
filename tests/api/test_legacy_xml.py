"""The legacy ZRK XML API shape: paging from 1, 100 per page, an empty list past the end, the
single-qualification fields and the polon category sentinels."""

import pytest
from lxml import etree

from qualifications.models import PrkLevel
from tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db

LIST = "/api/xml/kwalifikacje/"
FIELDS = ["id", "rodzaj", "status", "kod", "nazwa", "poziom", "dziedzina", "pkd", "polon", "charakterystyka"]


def xml(response):
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content)


def test_list_pages_hold_100_from_page_1_and_past_the_end_are_empty(client, roles):
    level = PrkLevel.objects.get(level=4)
    QualificationFactory.create_batch(150, prk_level=level)
    QualificationFactory(status="draft")
    first = xml(client.get(LIST))
    assert first.tag == "kwalifikacje" and first.get("liczba") == "150" and first.get("strona") == "1"
    assert len(first.findall("kwalifikacja")) == 100
    second = xml(client.get(LIST, {"page": "2"}))
    assert len(second.findall("kwalifikacja")) == 50
    past = client.get(LIST, {"page": "3"})
    assert past.status_code == 200 and len(xml(past).findall("kwalifikacja")) == 0
    ids = [int(item.findtext("id")) for item in first.findall("kwalifikacja")]
    assert ids == sorted(ids)
    assert first.find("kwalifikacja/nazwa").text.startswith("Kwalifikacja testowa")


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "9" * 20])
def test_a_page_that_is_not_a_number_from_1_is_a_400_in_xml(client, roles, page):
    response = client.get(LIST, {"page": page})
    assert response.status_code == 400
    assert xml(response).tag == "blad"


def test_single_qualification_has_every_legacy_field(client, roles):
    qualification = QualificationFactory(
        name_pl="Piekarz - dyplom mistrzowski",
        category="craft",
        status="functioning",
        prk_level=PrkLevel.objects.get(level=5),
        isced_code="0721",
        pkd_code="10.71",
        characteristic_pl="Piecze chleb & bułki <zawsze>.",
    )
    root = xml(client.get(f"{LIST}{qualification.zrk_id}/"))
    assert [child.tag for child in root] == FIELDS
    values = {child.tag: child.text for child in root}
    assert values == {
        "id": str(qualification.zrk_id),
        "rodzaj": "2",
        "status": "funkcjonująca",
        "kod": qualification.code,
        "nazwa": "Piekarz - dyplom mistrzowski",
        "poziom": "5",
        "dziedzina": "0721",
        "pkd": "10.71",
        "polon": "444444444",
        "charakterystyka": "Piecze chleb & bułki <zawsze>.",
    }


@pytest.mark.parametrize(
    ("category", "type_", "polon"),
    [
        ("postgraduate", "partial", "555555555"),
        ("vocational", "partial", "1111111111"),
        ("regulated", "partial", "222222222"),
        ("craft", "partial", "444444444"),
        ("general_education", "full", "333333333"),
        ("higher_education", "full", "2147483647"),
        ("market", "partial", None),
        ("free_market", "partial", None),
    ],
)
def test_polon_carries_the_category_sentinel(client, roles, category, type_, polon):
    qualification = QualificationFactory(category=category, type=type_)
    root = xml(client.get(f"{LIST}{qualification.zrk_id}/"))
    assert root.find("polon").text == polon
    assert root.find("polon").get("nil") == (None if polon else "true")  # NULL, as the original API
    assert root.findtext("rodzaj") == ("1" if type_ == "full" else "2")


def test_higher_education_diploma_keeps_its_polon_number(client, roles):
    qualification = QualificationFactory(category="higher_education", type="full", polon_id=1234)
    assert xml(client.get(f"{LIST}{qualification.zrk_id}/")).findtext("polon") == "1234"


def test_drafts_and_unknown_ids_are_404(client, roles):
    draft = QualificationFactory(status="draft")
    assert client.get(f"{LIST}{draft.zrk_id}/").status_code == 404
    assert client.get(f"{LIST}999999999/").status_code == 404

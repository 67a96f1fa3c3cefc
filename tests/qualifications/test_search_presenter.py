"""The search page's result list and facets are printed from values computed once per result
(qualifications/search/presenter.py): the same addresses, labels and ids the template computed."""

import re
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import translation

from qualifications.search.presenter import _detail_address, shown_results
from tests.factories import CertificationRightFactory, QualificationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("back", ["", "q=magazyn+%C5%82%C3%B3d%C5%BA&level=4&page=2"])
def test_the_address_of_a_result_is_the_one_reverse_gives(language, back):
    with translation.override(language):
        address = _detail_address(back)
        for zrk_id, slug in [(1, "prowadzenie-magazynu"), (123456, "a-b_c"), (7, "x!$&'()*+,;=~:@y")]:
            expected = reverse("qualification_detail", args=(zrk_id, slug))
            if back:
                expected += "?back=" + quote(back, safe="/")
            assert address(zrk_id, slug) == expected


def test_a_result_shows_its_labels_in_the_page_language(client):
    qualification = QualificationFactory(name_pl="Prowadzenie magazynu", name_en="", category="sectoral")
    CertificationRightFactory(qualification=qualification)
    response = client.get("/en/qualifications/", {"q": "magazynu"})
    [shown] = shown_results(response.context["page_obj"], ["magazynu"], "q=magazynu")
    assert shown.name_lang == "pl"
    assert str(shown.name_html) == "Prowadzenie <mark>magazynu</mark>"
    assert shown.category == "sectoral"
    assert shown.status_label == shown.status  # its English label is its value
    assert shown.institution_count == "1"
    page = response.content.decode()
    assert f'href="/en/qualifications/{qualification.zrk_id}-prowadzenie-magazynu/?back=q%3Dmagazynu"' in page
    assert '<span lang="pl">Prowadzenie <mark>magazynu</mark></span>' in page


def test_a_route_without_certifying_institutions_shows_no_count(client):
    CertificationRightFactory(qualification=QualificationFactory(name_pl="Technik magazynu", category="vocational"))
    response = client.get("/kwalifikacje/", {"q": "magazynu"})
    assert [result.institution_count for result in response.context["shown_results"]] == [None]
    assert "Instytucje certyfikujące</dt>" not in response.content.decode()


def test_every_facet_checkbox_has_its_own_label(client):
    for n in range(3):
        CertificationRightFactory(qualification=QualificationFactory(name_pl=f"Prowadzenie magazynu {n}"))
    page = client.get("/kwalifikacje/", {"q": "magazynu", "level": "4"}).content.decode()
    ids = re.findall(r'<input type="checkbox" name="\w+" value="[^"]*" id="(f-[\w-]+)"', page)
    assert ids and len(ids) == len(set(ids))
    for html_id in ids:
        assert page.count(f'<label for="{html_id}">') == 1
    assert re.search(
        r'id="f-level-1" checked>\s*<label for="f-level-1">4 <span class="facet__count">'
        r'\(3<span class="visually-hidden"> wyniki</span>\)',
        page,
    )

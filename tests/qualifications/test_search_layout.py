"""The search page's layout for small screens and its controls: the filters in a disclosure before the
results (one line on a phone), one apply button inside it, the chosen filters as removable chips
above the results, a page-size choice, the range of results shown, plural forms in both languages,
English hints and English region names sorted in English."""

import re

import pytest

from institutions.models import Voivodeship
from tests.factories import CertificationRightFactory, OrganisationFactory, QualificationFactory

pytestmark = pytest.mark.django_db

PL = "/kwalifikacje/"
EN = "/en/qualifications/"


def _html(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def register(db):
    """45 qualifications at level 4; three of them obtainable in three regions."""
    qualifications = [QualificationFactory(name_pl=f"Kwalifikacja {n:02d}", name_en="") for n in range(45)]
    for qualification, code in zip(qualifications, ("26", "02", "24"), strict=False):
        institution = OrganisationFactory(voivodeship=Voivodeship.objects.get(code=code))
        CertificationRightFactory(qualification=qualification, institution=institution)
    return qualifications


def test_the_filters_are_a_disclosure_before_the_results_with_one_apply_button(client, register):
    html = _html(client, EN)
    details = html.index('<details class="filters" id="filters">')
    summary = html.index('<summary class="filters__summary">Filters')
    first_result = html.index('<li class="result">')
    assert details < summary < first_result
    panel = html[details : html.index("</details>")]
    assert 'id="filter-level"' in panel and 'id="filter-region"' in panel
    assert panel.count('type="submit"') == 1 and "Apply filters" in panel
    # No JavaScript is involved: a plain GET form around everything.
    assert "<script" not in html


def test_chosen_filters_are_chips_above_the_results_and_counted_in_the_summary(client, register):
    html = _html(client, EN, level="4", region="26")
    assert "(2 chosen)" in html
    chips = html.index('<div class="selected-filters">')
    assert chips < html.index('<ol class="result-list"')
    assert re.search(
        r'<a class="selected-filters__tag" href="\?level=4">.*?Region of certifying institutions', html, re.S
    )
    assert re.search(r'<a class="selected-filters__tag" href="\?region=26">', html)


def test_the_page_size_is_chosen_and_the_range_shown(client, register):
    html = _html(client, EN)
    assert "Results 1–20 of 45" in html
    assert len(re.findall(r'<li class="result">', html)) == 20
    html = _html(client, EN, per_page="10", page="2")
    assert "Results 11–20 of 45" in html
    assert '<option value="10" selected>10</option>' in html
    assert len(re.findall(r'<li class="result">', html)) == 10
    # The pagination keeps the chosen page size.
    assert 'href="?per_page=10&amp;page=3"' in html or 'href="?page=3&amp;per_page=10"' in html
    html = _html(client, PL, per_page="50")
    assert "Wyniki 1–45 z 45" in html


def test_facet_counts_use_plural_forms(client, register):
    polish = _html(client, PL)
    # One qualification per region: "1 wynik", never "1 wyników".
    assert '(1<span class="visually-hidden"> wynik</span>)' in polish
    assert "1 wyników" not in polish
    assert '(45<span class="visually-hidden"> wyników</span>)' in polish
    english = _html(client, EN)
    assert '(1<span class="visually-hidden"> result</span>)' in english
    assert '(45<span class="visually-hidden"> results</span>)' in english


def test_english_pages_give_english_hints_and_region_names_sorted_in_english(client, register):
    english = _html(client, EN)
    hint = re.search(r'<p class="hint" id="q-hint">(.*?)</p>', english).group(1)
    assert "baker" in hint and "piekarz" not in hint
    polish = _html(client, PL)
    assert "piekarz" in re.search(r'<p class="hint" id="q-hint">(.*?)</p>', polish).group(1)
    regions = re.findall(r'name="region" value="\d\d" id="[^"]+">\s*<label [^>]*>([^<(]+?) <', english)
    assert regions == ["Dolnośląskie", "Śląskie", "Świętokrzyskie"]
    assert "Holy Cross" not in english


def test_the_print_note_gives_the_cleaned_search_address(client, register):
    html = _html(client, EN, level="4", junk="x")
    note = html[html.index('<div class="print-note">') :]
    assert "http://testserver/en/qualifications/?level=4" in note
    assert "junk" not in note

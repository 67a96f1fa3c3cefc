"""The qualification search page, through the HTTP client, on the demo register and on factories."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from institutions.models import Voivodeship
from qualifications.models import PrkLevel
from tests.factories import (
    CertificationRightFactory,
    LearningOutcomeFactory,
    OrganisationFactory,
    QualificationFactory,
)

pytestmark = pytest.mark.django_db

SEARCH = "/kwalifikacje/"


@pytest.fixture
def demo(demo_register):
    return demo_register


def result_titles(response) -> list[str]:
    html = response.content.decode()
    titles = re.findall(r'<h3 class="result__title"><a [^>]*>(.*?)</a>', html, re.S)
    return [re.sub(r"<[^>]+>", "", title).strip() for title in titles]


def search(client, **params):
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zarzadzanie", "Zarządzanie procesami księgowymi"),  # no diacritics
        ("kosmetyczki", "Kosmetyczka - dyplom mistrzowski"),  # inflected form
        ("księgowych", "Obsługa procesów księgowych"),
        ("ksiegowych", "Obsługa procesów księgowych"),  # inflected and without diacritics
        ("obsluga procesow", "Obsługa procesów księgowych"),
        ("ksiegowa", "Obsługa procesów księgowych"),  # another form, without diacritics
        ("piek", "Piekarz - dyplom mistrzowski"),  # prefix
        ("PIEKARZ", "Piekarz - dyplom mistrzowski"),  # case
        ("FRK.01", "Wykonywanie usług fryzjerskich"),  # symbol
        ("13859", "Piekarz - dyplom mistrzowski"),  # ZRK id
        ("accounting", "Obsługa procesów księgowych"),  # English, on the Polish page
        ("wakeboardu", "Nauczanie wakeboardu"),
    ],
)
def test_design_search_examples_find_their_qualification(client, demo, query, expected):
    assert expected in result_titles(search(client, q=query))


def test_name_matches_rank_before_matches_in_outcomes(client, roles):
    in_outcomes = QualificationFactory(name_pl="Obsługa magazynu")
    LearningOutcomeFactory(outcome_set__qualification=in_outcomes, text_pl="Prowadzi dokumentację spawalniczą")
    QualificationFactory(name_pl="Spawacz konstrukcji stalowych")
    titles = result_titles(search(client, q="spawacz"))
    assert titles == ["Spawacz konstrukcji stalowych", "Obsługa magazynu"]


def test_outcome_text_is_searched_after_an_edit(client, roles):
    qualification = QualificationFactory(name_pl="Obsługa magazynu")
    outcome = LearningOutcomeFactory(outcome_set__qualification=qualification, text_pl="Obsługuje wózek widłowy")
    assert result_titles(search(client, q="widłowy")) == ["Obsługa magazynu"]
    outcome.text_pl = "Prowadzi inwentaryzację"
    outcome.save()
    assert result_titles(search(client, q="widłowy")) == []
    assert result_titles(search(client, q="inwentaryzacja")) == ["Obsługa magazynu"]


def test_a_typo_falls_back_to_similar_names_and_says_so(client, demo):
    response = search(client, q="kosmetyczak")
    assert "Kosmetyczka - dyplom mistrzowski" in result_titles(response)
    response = search(client, q="lakirnik samochodowy")
    assert result_titles(response) == ["Lakiernik samochodowy - dyplom mistrzowski"]
    assert "podobne" in response.content.decode()


def test_matched_words_are_highlighted_and_names_escaped(client, roles):
    QualificationFactory(name_pl="Piekarz <script>alert(1)</script>")
    html = search(client, q="piekarz").content.decode()
    assert "<mark>Piekarz</mark> &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_hostile_queries_answer_200_and_are_escaped(client, demo):
    for query in ["'\"<>&", "a" * 5000, "\x00", "%", "!!!", "' OR 1=1 --", ":* & |", "ż" * 300]:
        response = client.get(SEARCH, {"q": query})
        assert response.status_code == 200, query
        assert "<>&" not in response.content.decode()


def test_drafts_are_not_found(client, roles):
    QualificationFactory(name_pl="Stylizowanie paznokci", status="draft")
    assert result_titles(search(client, q="paznokci")) == []


def test_facet_counts_are_disjunctive(client, roles):
    level_3, level_5 = PrkLevel.objects.get(level=3), PrkLevel.objects.get(level=5)
    QualificationFactory.create_batch(2, prk_level=level_3, category="craft")
    QualificationFactory.create_batch(3, prk_level=level_5, category="craft")
    QualificationFactory(prk_level=level_5, category="sectoral")
    html = search(client, level="5").content.decode()
    # Level counts ignore the level filter itself; category counts respect it.
    assert re.search(r'value="3" id="f-level-\d+">\s*<label[^>]*>3 <span class="facet__count">\(2', html)
    assert re.search(r'value="5" id="f-level-\d+" checked>\s*<label[^>]*>5 <span class="facet__count">\(4', html)
    assert re.search(r'value="craft"[^>]*>\s*<label[^>]*>[^<]*<span class="facet__count">\(3', html)
    assert re.search(r'value="sectoral"[^>]*>\s*<label[^>]*>[^<]*<span class="facet__count">\(1', html)
    assert "4 kwalifikacje" in html


def test_region_and_institution_facets_follow_active_rights(client, roles):
    malopolskie = Voivodeship.objects.get(code="12")
    institution = OrganisationFactory(voivodeship=malopolskie, name_pl="Izba Rzemieślnicza w Krakowie (demo)")
    kept = CertificationRightFactory(institution=institution, qualification__name_pl="Zdun")
    CertificationRightFactory(
        institution=institution, qualification__name_pl="Garncarz", status="withdrawn", ended_on="2025-01-01"
    )
    response = search(client, region="12")
    assert result_titles(response) == ["Zdun"]
    response = search(client, institution=str(institution.pk))
    assert result_titles(response) == ["Zdun"]
    assert "Izba Rzemieślnicza w Krakowie (demo)" in response.content.decode()
    assert kept.qualification.zrk_id


def test_sort_by_name_uses_polish_alphabetical_order(client, roles):
    for name in ["Zdun", "Łowca", "Lakiernik", "Ogrodnik"]:
        QualificationFactory(name_pl=name)
    assert result_titles(search(client, sort="name")) == ["Lakiernik", "Łowca", "Ogrodnik", "Zdun"]


def test_sort_by_level_and_newest(client, roles):
    QualificationFactory(name_pl="Wysoka", prk_level=PrkLevel.objects.get(level=6), included_on="2020-01-01")
    QualificationFactory(name_pl="Niska", prk_level=PrkLevel.objects.get(level=2), included_on="2024-01-01")
    assert result_titles(search(client, sort="level")) == ["Niska", "Wysoka"]
    assert result_titles(search(client, sort="-included")) == ["Niska", "Wysoka"]


def test_pagination_keeps_every_filter(client, roles):
    QualificationFactory.create_batch(25, category="craft")
    html = search(client, category="craft", q="kwalifikacja").content.decode()
    # The cleaned parameters, in the search form's order.
    assert 'href="?q=kwalifikacja&amp;category=craft&amp;page=2"' in html
    second = search(client, category="craft", q="kwalifikacja", page="2")
    assert len(result_titles(second)) == 5
    assert 'aria-current="page"' in second.content.decode()


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999999999999999", "1.5"])
def test_any_page_number_answers_200(client, roles, page):
    QualificationFactory.create_batch(3)
    response = client.get(SEARCH, {"page": page})
    assert response.status_code == 200
    assert len(result_titles(response)) == 3


def test_nonsense_filter_values_are_reported_and_ignored(client, roles):
    QualificationFactory(name_pl="Zdun")
    response = client.get(SEARCH, {"level": "99", "category": "nonsense", "sort": "x", "institution": "abc"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert 'href="#filter-level"' in html
    assert result_titles(response) == ["Zdun"]


def test_selected_filters_can_be_removed_one_by_one_or_all(client, roles):
    QualificationFactory(category="craft", prk_level=PrkLevel.objects.get(level=5))
    html = search(client, q="kwalifikacja", category="craft", level="5").content.decode()
    assert 'href="?q=kwalifikacja&amp;category=craft"' in html  # removes level 5
    assert 'href="?q=kwalifikacja&amp;level=5"' in html  # removes the category
    assert 'href="/kwalifikacje/?q=kwalifikacja">Wyczyść wszystkie filtry' in html


def test_empty_state_gives_advice(client, roles):
    html = search(client, q="xyzzyqwerty").content.decode()
    assert "0 kwalifikacji" in html
    assert 'class="empty-state"' in html


def test_result_shows_its_key_facts(client, roles):
    right = CertificationRightFactory(qualification__name_pl="Zdun", qualification__category="craft")
    right.qualification.status = "functioning"
    right.qualification.save()
    html = search(client, q="zdun").content.decode()
    assert "rzemieślnicza" in html
    assert 'class="tag tag--functioning"' in html
    assert "<dt>Instytucje certyfikujące</dt><dd>1</dd>" in html


def test_english_page_marks_polish_only_names(client, roles):
    QualificationFactory(name_pl="Zdun", name_en="")
    html = client.get("/en/qualifications/", {"q": "zdun"}).content.decode()
    assert '<html lang="en">' in html
    assert '<span lang="pl"><mark>Zdun</mark></span>' in html
    assert "in Polish only" in html


def test_search_pages_link_their_other_language_with_the_query(client, roles):
    html = search(client, q="zdun", level="4").content.decode()
    assert 'hreflang="en" href="http://testserver/en/qualifications/?q=zdun&amp;level=4"' in html
    assert '<html lang="pl">' in html


def test_result_links_carry_the_search_back(client, roles):
    qualification = QualificationFactory(name_pl="Zdun")
    html = search(client, q="zdun").content.decode()
    assert f'/kwalifikacje/{qualification.zrk_id}-zdun/?back=q%3Dzdun"' in html


def _populate(count: int):
    institution = OrganisationFactory()
    for _ in range(count):
        right = CertificationRightFactory(institution=institution)
        LearningOutcomeFactory(outcome_set__qualification=right.qualification)


@pytest.mark.parametrize("params", [{}, {"q": "kwalifikacja", "level": "4", "region": "14"}])
def test_query_count_does_not_grow_with_the_page_size(client, roles, params):
    _populate(10)
    with CaptureQueriesContext(connection) as ten:
        assert len(result_titles(client.get(SEARCH, {**params, "per_page": "10"}))) == 10
    _populate(40)
    with CaptureQueriesContext(connection) as fifty:
        assert len(result_titles(client.get(SEARCH, {**params, "per_page": "50"}))) == 50
    assert len(ten.captured_queries) == len(fifty.captured_queries)
    # A text search also reads the register version of its cached thesaurus units and matches, and
    # the first one of a register version builds the copies the next ones read (text_pages.py)
    # and probes for a match through the indexes in a transaction of its own (text._exists).
    assert len(fifty.captured_queries) <= (17 if params else 8)


def test_the_competent_ministers_name_and_department_and_the_framework_are_searchable(client):
    from institutions.models import Ministry
    from qualifications.models import SectorFramework

    sport = Ministry.objects.get(name_pl="Ministerstwo Sportu i Turystyki")
    coach = QualificationFactory(name_pl="Prowadzenie zajęć na ściance wspinaczkowej", ministry=sport)
    QualificationFactory(name_pl="Prowadzenie ksiąg rachunkowych")
    assert result_titles(search(client, q="sport")) == [coach.name_pl]
    assert result_titles(search(client, q="turystyki")) == [coach.name_pl]
    assert result_titles(search(client, q="kultura fizyczna")) == [coach.name_pl]
    assert result_titles(client.get("/en/qualifications/", {"q": "tourism"})) == [coach.name_en]

    # A ministry renamed, a framework attached: the document follows without saving the qualification.
    sport.name_pl = "Ministerstwo Rekreacji"
    sport.save()
    assert result_titles(search(client, q="rekreacji")) == [coach.name_pl]
    framework = SectorFramework.objects.create(
        abbreviation="SRK TEST",
        name_pl="Sektorowa Rama Kwalifikacji w Alpinizmie",
        name_en="Mountaineering SQF",
        sector_pl="alpinizm",
        sector_en="mountaineering",
    )
    coach.sector_framework = framework
    coach.save()
    assert result_titles(search(client, q="alpinizmie")) == [coach.name_pl]
    framework.name_pl = "Sektorowa Rama Kwalifikacji we Wspinaczce"
    framework.sector_pl = "wspinaczka"
    framework.save()
    assert result_titles(search(client, q="alpinizmie")) == []


def test_superscript_and_other_script_digits_in_numeric_filters_are_ignored_not_a_500(client):
    for params in ({"institution": "²"}, {"institution": "١٢"}, {"level": "²"}, {"region": "١٢"}):
        assert client.get(SEARCH, params).status_code in (200, 400), params
    assert client.get("/instytucje/", {"q": "١٢٣٤٥"}).status_code == 200

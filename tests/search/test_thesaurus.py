"""The search thesaurus: seeded by its migration, kept by registry operators in the back-office,
applied to queries below the words typed, and effective on the next search (no stale cached page)."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from qualifications.models import SynonymSet
from qualifications.search.thesaurus_keys import term_key
from tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db

SEARCH = "/kwalifikacje/"


def titles(response) -> list[str]:
    found = re.findall(r'<h3 class="result__title"><a [^>]*>(.*?)</a>', response.content.decode(), re.S)
    return [re.sub(r"<[^>]+>", "", title).strip() for title in found]


def test_the_migration_seeds_a_few_hundred_terms_of_the_registers_fields():
    sets = list(SynonymSet.objects.all())
    assert len(sets) >= 150 and sum(len(s.terms) for s in sets) >= 800
    everything = {term for s in sets for term in s.terms}
    expected = {"trener", "instruktor", "coach", "IT", "informatyka", "makijaż", "wizaż", "carpenter", "stolarz"}
    assert expected <= everything
    assert all(s.keys == [term_key(term) for term in s.terms] for s in sets)


def test_an_inflected_word_finds_its_set():
    assert term_key("wycieczek") == term_key("wycieczka")
    assert term_key("Impreza Turystyczna") == term_key("imprezy turystycznej")


def test_synonyms_widen_the_search_and_rank_below_the_words_typed(client, roles):
    SynonymSet.objects.all().delete()
    QualificationFactory(name_pl="Prowadzenie zajęć jogi", name_en="")
    QualificationFactory(name_pl="Instruktor jogi", name_en="")
    assert titles(client.get(SEARCH, {"q": "instruktor"})) == ["Instruktor jogi"]
    SynonymSet(terms=["instruktor", "prowadzenie zajęć"]).save()
    response = client.get(SEARCH, {"q": "instruktorem"})
    assert titles(response) == ["Instruktor jogi", "Prowadzenie zajęć jogi"]
    assert "Szukano też: prowadzenie zajęć." in re.sub(r"\s+", " ", response.content.decode())


def test_operator_adds_a_set_in_the_back_office_and_the_next_search_uses_it(operator_client, client, roles):
    SynonymSet.objects.all().delete()
    QualificationFactory(name_pl="Stylizacja paznokci", name_en="")
    assert titles(client.get(SEARCH, {"q": "manicure"})) == []  # and that empty page is now cached
    add = reverse("admin:qualifications_synonymset_add")
    response = operator_client.post(add, {"terms": "manicure, stylizacja paznokci", "note": "salony"})
    assert response.status_code == 302
    assert SynonymSet.objects.get().keys == [term_key("manicure"), term_key("stylizacja paznokci")]
    assert titles(client.get(SEARCH, {"q": "manicure"})) == ["Stylizacja paznokci"]
    changelist = operator_client.get(reverse("admin:qualifications_synonymset_changelist"), {"q": "manicure"})
    assert "manicure ~ stylizacja paznokci" in changelist.content.decode()


@pytest.mark.parametrize(
    ("terms", "message"),
    [("manicure", "Podaj co najmniej dwa różne terminy."), ("manicure, Manicure", "Podaj co najmniej dwa różne")],
)
def test_a_set_needs_two_different_terms(operator_client, roles, terms, message):
    response = operator_client.post(reverse("admin:qualifications_synonymset_add"), {"terms": terms})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_database_refuses_a_set_of_one_term(roles):
    with pytest.raises(IntegrityError), transaction.atomic():
        SynonymSet.objects.create(terms=["sam"])


def test_officers_read_the_thesaurus_but_do_not_change_it(client, officer):
    client.force_login(officer)
    assert client.get(reverse("admin:qualifications_synonymset_changelist")).status_code == 200
    assert client.get(reverse("admin:qualifications_synonymset_add")).status_code == 403

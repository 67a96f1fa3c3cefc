"""The analysis of a text query kept per register version in each process (text.public_search): a
repeated search reuses it, and any edit of the register (records, the thesaurus) gives the next
search a fresh one."""

import pytest

from qualifications.models import SynonymSet
from qualifications.search import text
from tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db

SEARCH = "/kwalifikacje/"


def _names(client, params) -> list[str]:
    return [row.name_pl for row in client.get(SEARCH, params).context["page_obj"]]


def test_a_repeated_search_reuses_the_analysis_and_reads_its_own_rows(settings, monkeypatch):
    settings.PAGE_CACHE = False
    QualificationFactory(name_pl="Obsługa magazynu")
    analysed = []
    search = text.search
    monkeypatch.setattr(text, "search", lambda *args: analysed.append(args[1]) or search(*args))
    first = text.public_search("magazynu")
    second = text.public_search("magazynu")
    assert analysed == ["magazynu"]
    # Each caller gets a queryset of its own: reading one does not fill the kept analysis.
    assert first.queryset is not second.queryset
    assert [q.name_pl for q in first.queryset] == ["Obsługa magazynu"]
    assert second.queryset._result_cache is None


def test_a_word_found_nowhere_is_found_once_a_record_has_it(client, settings):
    settings.PAGE_CACHE = False
    QualificationFactory(name_pl="Obsługa magazynu")
    assert _names(client, {"q": "kotlarstwo"}) == []
    QualificationFactory(name_pl="Kotlarstwo przemysłowe")
    assert _names(client, {"q": "kotlarstwo"}) == ["Kotlarstwo przemysłowe"]


def test_a_synonym_added_to_the_thesaurus_widens_the_next_search(client, settings):
    settings.PAGE_CACHE = False
    QualificationFactory(name_pl="Prowadzenie zajęć fitness")
    assert _names(client, {"q": "kalistenika"}) == []
    SynonymSet(terms=["kalistenika", "fitness"]).save()
    assert _names(client, {"q": "kalistenika"}) == ["Prowadzenie zajęć fitness"]

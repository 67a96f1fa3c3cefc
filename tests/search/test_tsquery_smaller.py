"""The text queries made smaller before the statements read the matches (qualifications/search/
tsquery.py): a record matches the smaller query exactly when it matches the one the database built,
the repeated and covered branches are gone, and anything the rules do not cover is kept as it is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qualifications.models import Qualification
from qualifications.search import text as text_search
from qualifications.search.tsquery import Raw, Term, parse, read, render, simplify, within

pytestmark = pytest.mark.django_db

# As the database writes the query of "sieci komputerowych" (four configurations, families,
# synonyms).
BUILT = (
    "( 'sieć':* | 'sieci':* | 'sieci':* | 'sieci':* | 'siec':* ) & ( 'komputerowy':* | 'komputerowych':* "
    "| 'komputerowych':* | 'komputerow':* | 'komputer':* ) | 'sieć' | 'networks' | 'networking' "
    "| 'administrator' & 'sieć' | 'network' & 'administrator'"
)


def test_repeats_and_covered_branches_are_dropped():
    smaller = render(simplify(parse(BUILT)))
    assert smaller == (
        "( 'sieć':* | 'siec':* ) & 'komputer':* | 'sieć' | 'networks' | 'networking' | 'network' & 'administrator'"
    )


@pytest.mark.parametrize(
    ("built", "smaller"),
    [
        ("'a':* | 'ab' | 'abc':*", "'a':*"),
        ("'ab' | 'ab':*", "'ab':*"),
        ("'ab':* & 'abc'", "'abc'"),
        ("'abc' & ( 'abc' | 'x' )", "'abc'"),
        ("'abc':* & 'ab'", "'abc':* & 'ab'"),  # neither holds the other
        ("'ab' | 'abc'", "'ab' | 'abc'"),  # a whole word is no prefix
    ],
)
def test_rules(built, smaller):
    assert render(simplify(parse(built))) == smaller


@pytest.mark.parametrize("text", ["'a' <-> 'b' & 'c'", "!'a' & 'b'", "'a':A | 'b'", "'a' & ("])
def test_queries_outside_the_rules_are_kept_whole(text):
    assert read(text) == Raw(text)
    assert render(simplify(read(text))) == text


def test_within_is_only_true_when_certain():
    assert within(Term("komputerowy", True), Term("komputer", True))
    assert within(Term("komputer", False), Term("komputer", True))
    assert not within(Term("komputer", True), Term("komputer", False))
    assert not within(Raw("'a' <-> 'b'"), Term("a", True))


def test_smaller_query_matches_the_same_records_in_the_database():
    """The database's own @@ over documents made for the branches: the built and the smaller query
    agree on each."""
    documents = ["sieć komputer", "sieci komputerowych", "siec", "networks", "administrator sieć", "komputer"]
    with connection.cursor() as cursor:
        for document in documents:
            cursor.execute(
                "SELECT to_tsvector('simple', %s) @@ %s::tsquery, to_tsvector('simple', %s) @@ %s::tsquery",
                [document, BUILT, document, render(simplify(parse(BUILT)))],
            )
            built, smaller = cursor.fetchone()
            assert built == smaller, document


def test_search_statements_carry_the_smaller_queries(demo_register):
    """The probe and the page's statements get the query as a value, each branch once, and the
    words are looked up in the dictionaries once for all of them (kept for the next search)."""
    with CaptureQueriesContext(connection) as first:
        found = text_search.search(Qualification.objects.public(), "ksiegowych")
    assert found.mode == "exact"
    built = [query["sql"] for query in first.captured_queries if "to_tsquery" in query["sql"]]
    assert len(built) == 1, built
    sql, params = found.queryset.query.sql_with_params()
    assert "to_tsquery" not in sql
    queries = [param for param in params if isinstance(param, str) and "':*" in param]
    assert queries
    for query in queries:
        assert simplify(parse(query)) == parse(query)
    with CaptureQueriesContext(connection) as again:
        text_search.search(Qualification.objects.public(), "ksiegowych")
    assert not [query for query in again.captured_queries if "to_tsquery" in query["sql"]]


@pytest.mark.parametrize(
    "words", ["sport", "turystyki", "zdrowia", "kultura fizyczna", "tourism", "ministerstwo", "rzemiosło"]
)
def test_ministers_and_frameworks_matched_here_as_the_database_matches_them(demo_register, words):
    """The ministries' and frameworks' documents are read once per register version and the query is
    tested on their words here: the same ones as @@ in the database."""
    from qualifications.page_cache import register_version

    version = register_version()
    terms = text_search.parse_terms(words)
    resolved = text_search._resolve(text_search._units(terms, version), terms, version)
    tree = simplify(text_search.tsquery.combine("&", resolved.words))
    database = text_search._context_ids(text_search.ResolvedQuery(render(tree)))
    here = {"m": [], "f": []}
    for kind, pk, lexemes in text_search._context_documents(version):
        if text_search.tsquery.matches(tree, lexemes):
            here[kind].append(pk)
    assert {kind: sorted(ids) for kind, ids in here.items()} == {kind: sorted(ids) for kind, ids in database.items()}
    if words == "sport":
        assert here["m"]


def test_a_search_of_the_same_words_reads_no_synonym_sets_again(demo_register):
    text_search.search(Qualification.objects.public(), "pilot wycieczek")
    with CaptureQueriesContext(connection) as again:
        text_search.search(Qualification.objects.public(), "pilot wycieczek")
    assert not [query for query in again.captured_queries if "synonymset" in query["sql"]]

"""Marking the query's words in names and snippets (text.highlight), and the pipeline's ranked rows
built only when read, in the order of the language active when the search ran."""

import pytest
from django.http import QueryDict
from django.utils import translation

from qualifications.search import pipeline
from qualifications.search.text import highlight
from tests.factories import QualificationFactory


def test_marked_words_and_the_text_between_them_are_escaped():
    text = 'Obsługa <b>&</b> "kas" fiskalnych; OBSŁUGI i obsługiwanie'
    assert str(highlight(text, ["obsluga"])) == (
        "<mark>Obsługa</mark> &lt;b&gt;&amp;&lt;/b&gt; &quot;kas&quot; fiskalnych; "
        "<mark>OBSŁUGI</mark> i <mark>obsługiwanie</mark>"
    )
    assert str(highlight("Łódź i okolice", ["lodz", "okol"])) == "<mark>Łódź</mark> i <mark>okolice</mark>"
    assert str(highlight("bez trafień <tu>", ["kwiat"])) == "bez trafień &lt;tu&gt;"
    assert str(highlight("a' b", [])) == "a&#x27; b"
    assert str(highlight("", ["x"])) == ""


@pytest.mark.django_db
def test_the_rows_follow_the_language_the_search_ran_in():
    QualificationFactory(name_pl="Alfa magazynu", name_en="Zulu warehouse")
    QualificationFactory(name_pl="Zeta magazynu", name_en="Alpha warehouse")
    with translation.override("en"):
        found = pipeline.run(QueryDict("q=magazynu&sort=name"))
    with translation.override("pl"):
        assert [row.name_en for row in found.rows] == ["Alpha warehouse", "Zulu warehouse"]
    with translation.override("pl"):
        found = pipeline.run(QueryDict("q=magazynu&sort=name"))
    with translation.override("en"):
        assert [row.name_pl for row in found.rows] == ["Alfa magazynu", "Zeta magazynu"]

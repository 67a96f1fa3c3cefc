"""Similar qualifications: the index, the ranking for a draft with its reasons, the overlap report,
the duplicate-name warning, incremental refresh on publication, the related block of the public
page, and a floor on the evaluation pairs."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from institutions.models import Ministry
from qualifications.management.commands import eval_similar
from qualifications.models import PrkLevel, Qualification, QualificationTerm, SimilarityIndex, SimilarityTerm
from qualifications.similarity.engine import duplicate_names, overlap_report, similar_entries
from qualifications.similarity.evaluation import evaluate_all
from qualifications.similarity.index import rebuild
from tests.factories import LearningOutcomeFactory, LearningOutcomeSetFactory, QualificationFactory

pytestmark = pytest.mark.django_db

ACCOUNTING = [
    "Ewidencjonuje operacje gospodarcze na kontach księgowych",
    "Sporządza zestawienie obrotów i sald kont księgowych",
    "Rozlicza podatek od towarów i usług",
    "Sprawdza dowody księgowe pod względem formalnym",
]
BAKERY = [
    "Przygotowuje ciasto chlebowe na zakwasie",
    "Wypieka pieczywo w piecu opalanym drewnem",
    "Dobiera mąkę do rodzaju pieczywa",
]
HAIR = ["Strzyże włosy damskie i męskie", "Farbuje włosy", "Układa fryzury okolicznościowe"]


def qualification(name, outcomes, level=4, status="included", ministry="mf", isced="0411", name_en=""):
    record = QualificationFactory(
        name_pl=name,
        name_en=name_en,
        status=status,
        prk_level=PrkLevel.objects.get(level=level) if level else None,
        ministry=Ministry.objects.get(code=ministry),
        isced_code=isced,
        characteristic_pl=f"Osoba posiadająca kwalifikację zajmuje się obszarem: {name.lower()}.",
    )
    outcome_set = LearningOutcomeSetFactory(qualification=record, position=1, name_pl="Zestaw 1")
    for position, text in enumerate(outcomes, start=1):
        LearningOutcomeFactory(outcome_set=outcome_set, position=position, text_pl=text)
    return record


@pytest.fixture
def register(roles):
    records = {
        "support": qualification("Wspomaganie obsługi procesów księgowych", ACCOUNTING[:3], level=3),
        "service": qualification("Obsługa procesów księgowych", ACCOUNTING, level=4),
        "manage": qualification("Zarządzanie procesami księgowymi", ACCOUNTING[1:] + ["Nadzoruje księgi"], level=5),
        "baker": qualification("Piekarz - dyplom mistrzowski", BAKERY, level=5, ministry="mrirw", isced="0721"),
        "hair": qualification("Wykonywanie usług fryzjerskich", HAIR, level=3, ministry="mrit", isced="1012"),
        "archived": qualification("Prowadzenie ksiąg rachunkowych", ACCOUNTING, level=4, status="archived"),
    }
    records["draft"] = qualification(
        "Obsługa procesów księgowych w firmie", ACCOUNTING[:2] + ["Rozlicza podatek VAT"], status="draft", level=None
    )
    rebuild()
    return records


def test_the_build_command_indexes_public_records_only_and_shows_progress(register):
    out, err = StringIO(), StringIO()
    call_command("build_similarity", stdout=out, stderr=err)
    assert "Indexed 6 qualifications" in out.getvalue()
    assert "lexemes" in err.getvalue() and "100%" in err.getvalue()
    indexed = set(QualificationTerm.objects.values_list("qualification_id", flat=True))
    assert register["draft"].pk not in indexed and register["service"].pk in indexed
    assert SimilarityIndex.objects.get(pk=1).documents == 6
    # Lemmatised Polish: "księgowych" and "księgowe" are one lexeme, held by the four accounting records.
    assert SimilarityTerm.objects.get(lexeme="księgowy").documents == 4
    # Every stored vector has length 1, so a dot product is a cosine.
    for pk in indexed:
        weights = QualificationTerm.objects.filter(qualification_id=pk).values_list("weight", flat=True)
        assert sum(w * w for w in weights) == pytest.approx(1.0)


def test_a_draft_finds_its_family_first_with_the_reasons(register):
    matches = similar_entries(register["draft"])
    names = [match.entry.name_pl for match in matches]
    assert names[0] == "Obsługa procesów księgowych"
    assert set(names[:4]) == {
        "Obsługa procesów księgowych",
        "Wspomaganie obsługi procesów księgowych",
        "Zarządzanie procesami księgowymi",
        "Prowadzenie ksiąg rachunkowych",
    }
    assert "Obsługa procesów księgowych w firmie" not in names  # never the draft itself, nor any draft
    best = matches[0]
    assert 0 < best.score <= 1 and best.percent > 30
    assert "księgowy" in best.shared_words
    assert best.shared_outcomes >= 2
    assert best.best_pair is not None
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_the_overlap_report_pairs_each_outcome_with_its_nearest_outcomes(register):
    report = overlap_report(register["draft"])
    assert [item.text for item in report] == ACCOUNTING[:2] + ["Rozlicza podatek VAT"]
    first = report[0]
    assert first.nearest[0].text == ACCOUNTING[0] and first.nearest[0].percent == 100
    assert len(first.nearest) == 3
    assert all(n.entry.status != "draft" for item in report for n in item.nearest)
    assert report[2].nearest[0].text == "Rozlicza podatek od towarów i usług"


def test_a_near_identical_name_is_a_duplicate_and_a_different_one_is_not(register):
    twin = qualification("Obsługa procesu księgowego", ["Coś innego"], status="draft", level=None)
    assert [m.entry.name_pl for m in duplicate_names(twin)] == []  # same words, different endings: below 0.8
    twin = qualification("Obsługa procesów księgowych.", ["Coś innego"], status="draft", level=None)
    assert [m.entry.name_pl for m in duplicate_names(twin)] == ["Obsługa procesów księgowych"]
    assert duplicate_names(register["hair"]) == []


def test_publication_and_withdrawal_refresh_the_index_on_commit(register, django_capture_on_commit_callbacks):
    draft = register["draft"]
    documents = SimilarityIndex.objects.get(pk=1).documents
    with django_capture_on_commit_callbacks(execute=True):
        draft.status = "included"
        draft.prk_level = PrkLevel.objects.get(level=4)
        draft.save()
    assert QualificationTerm.objects.filter(qualification=draft).exists()
    assert SimilarityIndex.objects.get(pk=1).documents == documents + 1
    assert SimilarityTerm.objects.get(lexeme="księgowy").documents == 5
    assert draft.pk in [m.entry.pk for m in similar_entries(register["support"])]
    # An edited outcome is re-read; a record back to draft leaves the index.
    with django_capture_on_commit_callbacks(execute=True):
        LearningOutcomeFactory(outcome_set=draft.outcome_sets.get(), position=9, text_pl="Wycenia dzieła sztuki")
    assert QualificationTerm.objects.filter(qualification=draft, lexeme="dzieło").exists()
    with django_capture_on_commit_callbacks(execute=True):
        Qualification.objects.get(pk=draft.pk).save()  # a plain save refreshes too
        Qualification.objects.filter(pk=draft.pk).update(status="draft")
        draft.refresh_from_db()
        draft.save()
    assert not QualificationTerm.objects.filter(qualification=draft).exists()
    assert SimilarityTerm.objects.get(lexeme="księgowy").documents == 4
    assert SimilarityIndex.objects.get(pk=1).documents == documents


def page(client, record, language="pl"):
    prefix = "/kwalifikacje" if language == "pl" else "/en/qualifications"
    response = client.get(f"{prefix}/{record.zrk_id}-{record.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def related_block(html):
    match = re.search(r'<section aria-labelledby="related">(.*?)</section>', html, re.S)
    return match[1] if match else ""


def test_the_public_page_shows_related_qualifications_in_both_languages(client, register):
    block = related_block(page(client, register["service"]))
    assert "Powiązane kwalifikacje" in block
    assert "Wspomaganie obsługi procesów księgowych" in block and "Zarządzanie procesami księgowymi" in block
    assert "poprzedni poziom w tej dziedzinie" in block  # level 3 of the same field
    assert "następny poziom w tej dziedzinie" in block  # level 5
    assert "Obsługa procesów księgowych w firmie" not in block  # a draft never
    assert "Piekarz" not in block and "fryzjerskich" not in block  # nothing in common
    assert block.count("<li>") <= 5
    english = related_block(page(client, register["service"], "en"))
    assert "Related qualifications" in english and "the previous level in this field" in english
    assert f'href="/en/qualifications/{register["support"].zrk_id}-' in english


def test_links_recorded_in_the_register_come_first(client, register):
    register["service"].related_qualifications.add(register["hair"])
    block = related_block(page(client, register["service"]))
    items = re.findall(r"<li>(.*?)</li>", block, re.S)
    assert "Wykonywanie usług fryzjerskich" in items[0]
    assert any("Zarządzanie procesami księgowymi" in item for item in items[1:])


def test_the_related_block_costs_a_constant_number_of_queries(client, register):
    lonely = qualification("Tresura sokołów", ["Układa sokoła do polowania"], ministry="mrirw", isced="0811")
    rebuild()
    with CaptureQueriesContext(connection) as few:
        page(client, lonely)
    with CaptureQueriesContext(connection) as many:
        html = page(client, register["service"])
    assert related_block(html).count("<li>") >= 3
    assert related_block(page(client, lonely)) == ""
    assert len(few.captured_queries) == len(many.captured_queries)


def test_evaluation_pairs_stay_above_the_floor(demo_register, monkeypatch):
    call_command(
        "generate_data",
        qualifications=300,
        organisations=5,
        rights=0,
        near_duplicates=24,
        no_similarity=True,
        verbosity=0,
    )
    rebuild()
    demo, planted, overall = evaluate_all()
    assert demo.queries == 26 and planted.queries == 48
    assert planted.precision == planted.recall == 1.0
    # Measured at 0.86 / 0.89 here (0.89 / 0.91 among 20,000 generated records): room for tuning, not for a regression.
    assert demo.precision >= 0.75 and demo.recall >= 0.8
    # The command reports these same scores: computed once (they take seconds), not twice.
    monkeypatch.setattr(eval_similar, "evaluate_all", lambda: [demo, planted, overall])
    out = StringIO()
    call_command("eval_similar", stdout=out, min_precision=0.8, min_recall=0.8)
    assert "precision@5" in out.getvalue() and "planted near-duplicates" in out.getvalue()

import datetime
from pathlib import Path

import pytest
from lxml import etree

from institutions.models import Voivodeship
from tests.factories import (
    CertificationRightFactory,
    LearningOutcomeFactory,
    LearningOutcomeSetFactory,
    OrganisationFactory,
    PzzjEntryFactory,
    QualificationFactory,
    right_on_a_draft,
)

SCHEMA = Path(__file__).resolve().parents[1] / "data" / "elm-loq" / "loq.xsd"


@pytest.fixture(scope="session")
def loq_schema():
    """The official Europass ELM v3 LOQ schema (copied into tests/data/elm-loq)."""
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


@pytest.fixture
def register(db):
    """A small register: a rich public qualification, a second public one, one without a PRK level,
    one without outcomes, a draft; institutions with active, withdrawn and draft-only rights; a PZZJ."""
    lodz = Voivodeship.objects.get(code="10")
    bookkeeping = QualificationFactory(
        code="OPK-01",
        name_pl="Obsługa procesów księgowych",
        name_en="Handling accounting processes",
        characteristic_pl="Osoba posiadająca kwalifikację prowadzi księgi rachunkowe.",
        characteristic_en="The holder keeps the books of account.",
        entry_conditions_pl="Wykształcenie średnie.",
        isced_code="0411",
        workload_hours=120,
        prk_level_id=5,
        included_on=datetime.date(2021, 3, 1),
        mp_year=2021,
        mp_position=250,
        status="functioning",
    )
    first_set = LearningOutcomeSetFactory(qualification=bookkeeping, position=1, name_pl="Ewidencja", name_en="Records")
    LearningOutcomeFactory(outcome_set=first_set, position=1, text_pl="Ewidencjonuje operacje gospodarcze.")
    LearningOutcomeFactory(
        outcome_set=first_set, position=2, text_pl="Sporządza zestawienia.", text_en="Prepares statements."
    )
    second_set = LearningOutcomeSetFactory(qualification=bookkeeping, position=2, name_pl="Rozliczenia")
    LearningOutcomeFactory(outcome_set=second_set, position=1, text_pl="Rozlicza podatki <VAT> & CIT.")

    lodz_ic = OrganisationFactory(
        name_pl="Centrum Szkoleń Księgowych w Łodzi",
        name_en="Łódź Accounting Training Centre",
        street="ul. Piotrkowska 100",
        postal_code="90-001",
        city="Łódź",
        voivodeship=lodz,
        email="biuro@example.invalid",
        phone="+48 42 000 00 00",
        website="https://example.invalid/csk",
    )
    warsaw_ic = OrganisationFactory(
        name_pl="Warszawski Instytut Certyfikacji", street="ul. Długa 5", postal_code="00-950"
    )
    withdrawn_ic = OrganisationFactory(name_pl="Instytucja Wycofana")
    draft_only_ic = OrganisationFactory(name_pl="Instytucja Tylko Projektu")
    pzzj = OrganisationFactory(name_pl="Podmiot Zapewniania Jakości")
    PzzjEntryFactory(organisation=pzzj)
    CertificationRightFactory(qualification=bookkeeping, institution=lodz_ic, pzzj=pzzj)
    CertificationRightFactory(qualification=bookkeeping, institution=warsaw_ic)
    CertificationRightFactory(
        qualification=bookkeeping, institution=withdrawn_ic, status="withdrawn", ended_on=datetime.date(2024, 6, 1)
    )

    baker = QualificationFactory(
        code="PIEK-01", name_pl="Piekarz", name_en="", isced_code="", prk_level_id=3, characteristic_pl="Piecze."
    )
    LearningOutcomeFactory(outcome_set=LearningOutcomeSetFactory(qualification=baker), text_pl="Wypieka chleb.")
    CertificationRightFactory(qualification=baker, institution=lodz_ic)

    no_outcomes = QualificationFactory(code="BEZ-01", name_pl="Kwalifikacja bez efektów", isced_code="0418")
    no_level = QualificationFactory(
        code="DYP-01", name_pl="Dyplom bez poziomu", category="regulated", prk_level=None, status="included"
    )
    draft = QualificationFactory(code="PROJ-01", name_pl="Projekt tajny", status="draft")
    right_on_a_draft(draft, institution=draft_only_ic)
    return {
        "bookkeeping": bookkeeping,
        "baker": baker,
        "no_outcomes": no_outcomes,
        "no_level": no_level,
        "draft": draft,
        "lodz_ic": lodz_ic,
        "warsaw_ic": warsaw_ic,
        "withdrawn_ic": withdrawn_ic,
        "draft_only_ic": draft_only_ic,
        "pzzj": pzzj,
    }

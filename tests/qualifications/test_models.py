import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from qualifications.models import MAX_PZZJ_PER_QUALIFICATION, CertificationRight, PrkLevel, Qualification
from tests.factories import CertificationRightFactory, OrganisationFactory, PzzjEntryFactory, QualificationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def test_reference_prk_levels_are_eight_with_both_languages():
    levels = list(PrkLevel.objects.all())
    assert [level.level for level in levels] == list(range(1, 9))
    assert all(
        level.knowledge_pl and level.knowledge_en and level.skills_en and level.social_competence_pl for level in levels
    )


def test_prk_level_9_is_rejected_with_a_clear_message():
    qualification = QualificationFactory.build()
    qualification.prk_level_id = 9
    with pytest.raises(ValidationError) as error:
        qualification.full_clean()
    assert "PRK level is a number from 1 to 8" in str(error.value)


def test_prk_level_9_cannot_be_created_in_the_database_either():
    with pytest.raises(IntegrityError), transaction.atomic():
        PrkLevel.objects.create(level=9, name="Poziom 9")


def test_new_qualification_gets_a_public_id_from_the_sequence_and_a_code():
    first = QualificationFactory()
    second = QualificationFactory()
    assert first.zrk_id >= 100_000
    assert second.zrk_id == first.zrk_id + 1
    assert Qualification.objects.get(pk=first.pk).code == str(first.zrk_id)


def test_partial_qualification_cannot_be_a_higher_education_diploma():
    qualification = QualificationFactory.build(type="partial", category="higher_education")
    with pytest.raises(ValidationError, match="full"):
        qualification.full_clean()


def test_document_cannot_be_both_indefinite_and_time_limited():
    qualification = QualificationFactory.build(validity_indefinite=True, validity_months=60)
    with pytest.raises(ValidationError, match="indefinitely"):
        qualification.full_clean()


def test_monitor_polski_reference_needs_year_and_position():
    qualification = QualificationFactory.build(mp_year=2020, mp_position=None)
    with pytest.raises(ValidationError, match="Monitor Polski"):
        qualification.full_clean()
    assert QualificationFactory(mp_year=2020, mp_position=997).mp_reference == "M.P. 2020 poz. 997"


def test_srk_level_must_fit_its_framework():
    from qualifications.models import SectorFramework

    sport = SectorFramework.objects.get(abbreviation="SRKS")
    qualification = QualificationFactory.build(sector_framework=sport, srk_level=8)
    with pytest.raises(ValidationError) as error:
        qualification.full_clean()
    assert "srk_level" in error.value.message_dict


def _rights_with_distinct_pzzj(qualification, count):
    return [CertificationRightFactory(qualification=qualification, pzzj=OrganisationFactory()) for _ in range(count)]


def test_sixth_distinct_pzzj_is_rejected_with_a_clear_message():
    qualification = QualificationFactory()
    _rights_with_distinct_pzzj(qualification, MAX_PZZJ_PER_QUALIFICATION)
    listed = PzzjEntryFactory(decision_date=datetime.date(2020, 1, 1))  # on the list on the decision date
    listed.ministries.add(qualification.ministry)
    sixth = CertificationRightFactory.build(
        qualification=qualification, institution=OrganisationFactory(), pzzj=listed.organisation
    )
    with pytest.raises(ValidationError) as error:
        sixth.full_clean()
    assert "at most 5 different PZZJ" in " ".join(error.value.message_dict["pzzj"])


def test_database_trigger_refuses_a_sixth_pzzj_whatever_the_path():
    qualification = QualificationFactory()
    _rights_with_distinct_pzzj(qualification, MAX_PZZJ_PER_QUALIFICATION)
    with pytest.raises(IntegrityError, match="at most 5"), transaction.atomic():
        CertificationRight.objects.create(
            qualification=qualification,
            institution=OrganisationFactory(),
            pzzj=OrganisationFactory(),
            decision_date=datetime.date(2024, 1, 1),
        )


def test_a_pzzj_already_assigned_may_be_reused_and_withdrawn_rights_do_not_count():
    qualification = QualificationFactory()
    rights = _rights_with_distinct_pzzj(qualification, MAX_PZZJ_PER_QUALIFICATION)
    CertificationRightFactory(qualification=qualification, pzzj=rights[0].pzzj)  # same PZZJ again: fine
    rights[1].status, rights[1].ended_on = "withdrawn", datetime.date(2025, 1, 1)
    rights[1].save()
    CertificationRightFactory(qualification=qualification, pzzj=OrganisationFactory())  # frees a place


def test_one_current_right_per_institution_and_qualification():
    right = CertificationRightFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificationRightFactory(qualification=right.qualification, institution=right.institution)


def test_withdrawn_right_needs_an_end_date_not_before_the_decision():
    right = CertificationRightFactory.build(
        status="withdrawn", qualification=QualificationFactory(), institution=OrganisationFactory()
    )
    with pytest.raises(ValidationError, match="date it ended"):
        right.full_clean()
    right.ended_on = right.decision_date - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="before its decision date"):
        right.full_clean()

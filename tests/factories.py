import datetime

import factory
from factory.django import DjangoModelFactory

from institutions.models import Ministry, Organisation, PzzjEntry, Voivodeship
from qualifications.models import (
    CertificationRight,
    LearningOutcome,
    LearningOutcomeSet,
    PrkLevel,
    Qualification,
    VerificationCriterion,
)


def valid_nip(seed: int) -> str:
    """A NIP with a correct check digit, different for each seed."""
    from institutions.validators import NIP_WEIGHTS

    for n in range(seed * 10, seed * 10 + 10):
        digits = f"{100000000 + n:09d}"
        check = sum(int(d) * w for d, w in zip(digits, NIP_WEIGHTS, strict=True)) % 11
        if check != 10:
            return digits + str(check)
    raise AssertionError("unreachable: one of ten consecutive prefixes has a valid check digit")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name_pl = factory.Sequence(lambda n: f"Organizacja testowa {n}")
    name_en = factory.Sequence(lambda n: f"Test organisation {n}")
    city = "Warszawa"
    voivodeship = factory.LazyFunction(lambda: Voivodeship.objects.get(code="14"))


class PzzjEntryFactory(DjangoModelFactory):
    class Meta:
        model = PzzjEntry

    organisation = factory.SubFactory(OrganisationFactory)
    decision_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=365))


class QualificationFactory(DjangoModelFactory):
    class Meta:
        model = Qualification

    name_pl = factory.Sequence(lambda n: f"Kwalifikacja testowa {n}")
    name_en = factory.Sequence(lambda n: f"Test qualification {n}")
    category = "free_market"
    type = "partial"
    status = "included"
    prk_level = factory.LazyFunction(lambda: PrkLevel.objects.get(level=4))
    ministry = factory.LazyFunction(lambda: Ministry.objects.get(code="mrit"))
    characteristic_pl = "Osoba posiadająca kwalifikację wykonuje zadania."


class LearningOutcomeSetFactory(DjangoModelFactory):
    class Meta:
        model = LearningOutcomeSet

    qualification = factory.SubFactory(QualificationFactory)
    position = factory.Sequence(lambda n: n + 1)
    name_pl = factory.Sequence(lambda n: f"Zestaw {n}")


class LearningOutcomeFactory(DjangoModelFactory):
    class Meta:
        model = LearningOutcome

    outcome_set = factory.SubFactory(LearningOutcomeSetFactory)
    position = factory.Sequence(lambda n: n + 1)
    text_pl = "Charakteryzuje zasady pracy."


class VerificationCriterionFactory(DjangoModelFactory):
    class Meta:
        model = VerificationCriterion

    outcome = factory.SubFactory(LearningOutcomeFactory)
    position = factory.Sequence(lambda n: n + 1)
    text_pl = "omawia zasady pracy"


class CertificationRightFactory(DjangoModelFactory):
    class Meta:
        model = CertificationRight

    qualification = factory.SubFactory(QualificationFactory)
    institution = factory.SubFactory(OrganisationFactory)
    decision_date = datetime.date(2024, 1, 15)
    status = "active"


def complete_description(qualification, prk_level=4):
    """Fill in every element of an art. 15 description (qualifications/completeness.py), with one
    set of learning outcomes holding one outcome and its criterion."""
    values = {
        "characteristic_pl": "Osoba posiadająca kwalifikację samodzielnie wykonuje zadania.",
        "target_groups_pl": "Osoby pracujące w branży.",
        "entry_conditions_pl": "Brak.",
        "validation_requirements_pl": "Walidacja składa się z części teoretycznej i praktycznej.",
        "demand_pl": "Pracodawcy zgłaszają zapotrzebowanie.",
        "document_name_pl": "Certyfikat kwalifikacji wolnorynkowej",
        "validity_indefinite": True,
        "validity_months": None,  # the two are exclusive
        "workload_hours": 120,
        "isced_code": "1012",
        "pkd_code": "96.02.Z",
    }
    if prk_level is not None:
        values["prk_level"] = PrkLevel.objects.get(level=prk_level)
    for name, value in values.items():
        setattr(qualification, name, value)
    qualification.save()
    if not qualification.outcome_sets.exists():
        VerificationCriterionFactory(
            outcome=LearningOutcomeFactory(outcome_set=LearningOutcomeSetFactory(qualification=qualification))
        )
    return qualification


def right_on_a_draft(qualification, **kwargs):
    """A right left on a qualification that is a draft. The grant rules and a database trigger refuse a
    new right on a draft, so only data written before them can look like this: the right is made on
    the qualification while it is included, which then goes back to draft behind the rules' back."""
    Qualification.objects.filter(pk=qualification.pk).update(status="included")
    right = CertificationRightFactory(qualification=qualification, **kwargs)
    Qualification.objects.filter(pk=qualification.pk).update(status="draft")
    qualification.status = "draft"
    return right


def ensure_roles() -> None:
    """The role groups, created once for the session by tests/conftest.py; set up again only after a
    transactional test emptied the database."""
    from django.contrib.auth.models import Group

    from applications.roles import ROLES, setup_roles

    if Group.objects.filter(name__in=ROLES, permissions__isnull=False).distinct().count() < len(ROLES):
        setup_roles()

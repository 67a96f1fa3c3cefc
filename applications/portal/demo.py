"""The applicant portal's demo: a half-filled inclusion draft of the demo applicant organisation, so
that the demo applicant account opens a task list with some sections complete and others not. Kept
apart from ``applications.demo`` (the back-office's demo applications); ``load_demo`` calls both.
Idempotent: the draft is found again by its code."""

from django.db import transaction

from applications.demo import DEMO_APPLICANT, DEMO_EMAIL, DEMO_MINISTRY
from applications.models import InclusionApplication, State
from institutions.models import Ministry, Organisation
from qualifications.models import (
    LearningOutcome,
    LearningOutcomeSet,
    PrkLevel,
    Qualification,
    QualificationType,
    Status,
)

DRAFT_CODE = "DEMO-WN-PROJEKT"
DRAFT_NAME = "Przykładowa kwalifikacja w przygotowaniu: pielęgnacja ogrodów społecznych (demo)"
PROSE = "(demo) Tekst przykładowy wpisany w portalu wnioskodawcy; nie pochodzi z żadnego wniosku."


def load_portal_demo() -> dict[str, int]:
    """The demo draft: the minister, the qualification, the document and the codes are complete;
    the learning outcomes are begun (one outcome without its criteria); validation, demand and the fee
    are not started."""
    applicant = Organisation.objects.filter(name_pl=DEMO_APPLICANT).first()
    if applicant is None:
        return {}
    with transaction.atomic():
        if not Qualification.objects.filter(code=DRAFT_CODE).exists():
            ministry = Ministry.objects.get(code=DEMO_MINISTRY)
            draft = Qualification.objects.create(
                code=DRAFT_CODE,
                name_pl=DRAFT_NAME,
                status=Status.DRAFT,
                type=QualificationType.PARTIAL,
                category="free_market",
                applicant=applicant,
                ministry=ministry,
                characteristic_pl=PROSE,
                target_groups_pl=PROSE,
                prk_level=PrkLevel.objects.get(level=4),
                document_name_pl="Certyfikat kwalifikacji (demo)",
                validity_indefinite=True,
                workload_hours=120,
                isced_code="0812",
                pkd_code="81.30.Z",
            )
            outcome_set = LearningOutcomeSet.objects.create(
                qualification=draft, position=1, name_pl="Planowanie prac w ogrodzie (demo)"
            )
            LearningOutcome.objects.create(
                outcome_set=outcome_set, position=1, text_pl="Planuje prace pielęgnacyjne w ogrodzie (demo)."
            )
            InclusionApplication.objects.create(
                applicant=applicant, draft=draft, ministry=ministry, contact_email=DEMO_EMAIL, state=State.DRAFT
            )
    return {"portal drafts": InclusionApplication.objects.filter(applicant=applicant, state=State.DRAFT).count()}

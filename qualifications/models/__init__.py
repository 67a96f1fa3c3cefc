from qualifications.alerts.models import SignupAttempt, Subscription
from qualifications.models.frameworks import PrkLevel, SectorFramework
from qualifications.models.outcomes import LearningOutcome, LearningOutcomeSet, VerificationCriterion
from qualifications.models.qualification import (
    ACT_IN_FORCE,
    PUBLIC_STATUSES,
    Category,
    Qualification,
    QualificationType,
    Status,
)
from qualifications.models.reports import Quarter, QuarterlyReport
from qualifications.models.right_events import RightAction, RightEvent
from qualifications.models.rights import (
    AWARDABLE_STATUSES,
    CURRENT_RIGHT_STATUSES,
    MAX_PZZJ_PER_QUALIFICATION,
    CertificationRight,
    RightStatus,
    certifying_condition,
)
from qualifications.models.search_rows import SearchRow
from qualifications.models.similarity import QualificationTerm, SimilarityIndex, SimilarityTerm
from qualifications.models.thesaurus import SynonymSet
from qualifications.models.version import RegisterVersion

__all__ = [
    "ACT_IN_FORCE",
    "AWARDABLE_STATUSES",
    "CURRENT_RIGHT_STATUSES",
    "MAX_PZZJ_PER_QUALIFICATION",
    "PUBLIC_STATUSES",
    "Category",
    "CertificationRight",
    "LearningOutcome",
    "LearningOutcomeSet",
    "PrkLevel",
    "Qualification",
    "QualificationTerm",
    "QualificationType",
    "Quarter",
    "QuarterlyReport",
    "RegisterVersion",
    "SearchRow",
    "SynonymSet",
    "RightAction",
    "RightEvent",
    "RightStatus",
    "SectorFramework",
    "SignupAttempt",
    "SimilarityIndex",
    "SimilarityTerm",
    "Status",
    "Subscription",
    "VerificationCriterion",
    "certifying_condition",
]

"""The applications' models, one module per kind; everything is re-exported here so that
``from applications.models import X`` names any of them."""

from applications.models.base import (
    DUE_SOON_DAYS,
    ApplicationQuerySet,
    AssignedOfficerRule,
    BaseApplication,
    FeeAndDatesRule,
    OfficerProfile,
    officers_of,
)
from applications.models.events import (
    AppendOnlyEvent,
    ApplicationEvent,
    PzzjApplicationEvent,
    RightsApplicationEvent,
)
from applications.models.inclusion import (
    FEE,
    MINISTRY_STATES,
    OPERATOR_STATES,
    TERMINAL_STATES,
    ApplicationAttachment,
    Consultation,
    ConsultationComment,
    InclusionApplication,
    InclusionApplicationQuerySet,
    Moderation,
    State,
    attachment_path,
)
from applications.models.pzzj import (
    PZZJ_FEE,
    PZZJ_OPERATOR_STATES,
    PZZJ_TERMINAL_STATES,
    PzzjApplication,
    PzzjState,
)
from applications.models.rights import (
    RIGHTS_FEE,
    RIGHTS_FEE_JOINT,
    RIGHTS_OPERATOR_STATES,
    RIGHTS_TERMINAL_STATES,
    CertificationRightsApplication,
    RightsState,
)
from applications.models.uploads import APPLICATION_FIELDS, ApplicantFile

__all__ = [
    "DUE_SOON_DAYS",
    "ApplicationQuerySet",
    "AssignedOfficerRule",
    "BaseApplication",
    "FeeAndDatesRule",
    "OfficerProfile",
    "officers_of",
    "FEE",
    "MINISTRY_STATES",
    "OPERATOR_STATES",
    "TERMINAL_STATES",
    "ApplicationAttachment",
    "Consultation",
    "ConsultationComment",
    "InclusionApplication",
    "InclusionApplicationQuerySet",
    "Moderation",
    "State",
    "attachment_path",
    "RIGHTS_FEE",
    "RIGHTS_FEE_JOINT",
    "RIGHTS_OPERATOR_STATES",
    "RIGHTS_TERMINAL_STATES",
    "CertificationRightsApplication",
    "RightsState",
    "PZZJ_FEE",
    "PZZJ_OPERATOR_STATES",
    "PZZJ_TERMINAL_STATES",
    "PzzjApplication",
    "PzzjState",
    "AppendOnlyEvent",
    "ApplicationEvent",
    "PzzjApplicationEvent",
    "RightsApplicationEvent",
    "APPLICATION_FIELDS",
    "ApplicantFile",
]

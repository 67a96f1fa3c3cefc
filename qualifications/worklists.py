"""The register's work lists for the back-office: quarterly reports still to enter, records lacking
their English text, rights whose PZZJ entry has lapsed. Each is one queryset, shared by the admin
list filter that shows the rows and the landing page that counts them, so both always agree."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from qualifications.completeness import _blank
from qualifications.models import CertificationRight, LearningOutcome, Qualification, QuarterlyReport
from qualifications.models.reports import quarter_end
from qualifications.models.rights import RightStatus


def last_ended_quarter(today: datetime.date | None = None) -> tuple[int, int]:
    """The latest calendar quarter that has ended by ``today`` (its reports are due)."""
    today = today or timezone.localdate()
    quarter = (today.month - 1) // 3  # the current quarter's number minus one
    if quarter == 0:
        return today.year - 1, 4
    return today.year, quarter


def rights_without_last_report(today: datetime.date | None = None):
    """Active rights, granted before the last ended quarter closed, with no report for it yet."""
    year, quarter = last_ended_quarter(today)
    reported = QuarterlyReport.objects.filter(right=OuterRef("pk"), year=year, quarter=quarter)
    return CertificationRight.objects.filter(
        status=RightStatus.ACTIVE, decision_date__lte=quarter_end(year, quarter)
    ).filter(~Exists(reported))


def rights_with_lapsed_pzzj(today: datetime.date | None = None):
    """Active rights whose designated PZZJ has no valid list entry for the qualification's group
    today: the competent minister must designate another one."""
    return (
        CertificationRight.objects.filter(status=RightStatus.ACTIVE, pzzj__isnull=False)
        .with_pzzj_validity(today)
        .filter(pzzj_valid=False)
    )


# Learning outcomes in English: an outcome whose English text is empty counts as missing.
_OUTCOME_WITHOUT_ENGLISH = LearningOutcome.objects.filter(outcome_set__qualification=OuterRef("pk")).filter(
    _blank("text_en")
)


def lacking_english() -> Q:
    """Public records lacking their English short characteristic or an outcome's English text."""
    return _blank("characteristic_en") | Q(Exists(_OUTCOME_WITHOUT_ENGLISH))


def english_coverage_queue():
    """The public records whose English content is to be completed, oldest in the register first."""
    return Qualification.objects.public().filter(lacking_english())

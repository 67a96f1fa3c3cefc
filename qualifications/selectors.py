"""Read-side compositions of the register used by pages."""

from django.db.models import Count, Q

from institutions.models import Organisation, PzzjEntry
from qualifications.models import CertificationRight, Qualification, Status


def register_counts() -> dict[str, int]:
    """Headline numbers for the home page, in three queries."""
    qualifications = Qualification.objects.public().aggregate(
        total=Count("pk"),
        functioning=Count("pk", filter=Q(status=Status.FUNCTIONING)),
    )
    institutions = CertificationRight.objects.certifying_on().values("institution").distinct().count()
    pzzj = Organisation.objects.filter(pzzj_entries__in=PzzjEntry.objects.valid_on()).distinct().count()
    return {
        "qualifications": qualifications["total"],
        "functioning": qualifications["functioning"],
        "institutions": institutions,
        "pzzj": pzzj,
    }

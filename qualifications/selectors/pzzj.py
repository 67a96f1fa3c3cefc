"""Read-side query of the public list of external quality-assurance bodies (PZZJ)."""

from institutions.models import PzzjEntry, PzzjValidity
from qualifications.selectors.common import by_name


def pzzj_list(today):
    """The coordinating minister's list of external quality-assurance bodies, as the public sees it:
    (entries in force or not yet in force, expired entries), each entry with its validity on ``today``
    and its groups of qualifications; by the body's name, then newest decision first."""
    entries = list(
        PzzjEntry.objects.select_related("organisation")
        .prefetch_related("ministries")
        .order_by(by_name("organisation__"), "-decision_date", "pk")
    )
    for entry in entries:
        entry.state = entry.validity(today)
        entry.days_left = (entry.valid_until - today).days
    current = [entry for entry in entries if entry.state != PzzjValidity.EXPIRED]
    expired = [entry for entry in entries if entry.state == PzzjValidity.EXPIRED]
    return current, expired

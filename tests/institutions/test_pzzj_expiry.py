"""Expiring PZZJ list entries stand out for the coordinator in the back-office."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from institutions.models import PZZJ_EXPIRY_WARNING_DAYS, PzzjEntry, PzzjValidity
from tests.factories import OrganisationFactory, PzzjEntryFactory

pytestmark = pytest.mark.django_db


def entry_ending_in(days: int, name: str) -> PzzjEntry:
    today = timezone.localdate()
    return PzzjEntryFactory(
        organisation=OrganisationFactory(name_pl=name),
        decision_date=today - datetime.timedelta(days=2000),
        valid_until=today + datetime.timedelta(days=days),
    )


def test_validity_has_four_states_around_the_warning_window():
    today = datetime.date(2026, 6, 1)
    entry = PzzjEntry(decision_date=datetime.date(2021, 1, 1), valid_until=datetime.date(2027, 1, 1))
    assert entry.validity(today) == PzzjValidity.VALID
    assert entry.validity(datetime.date(2027, 1, 1) - datetime.timedelta(days=PZZJ_EXPIRY_WARNING_DAYS - 1)) == (
        PzzjValidity.EXPIRING
    )
    assert entry.validity(datetime.date(2027, 1, 1)) == PzzjValidity.EXPIRING  # its last valid day
    assert entry.validity(datetime.date(2027, 1, 2)) == PzzjValidity.EXPIRED
    assert entry.validity(datetime.date(2020, 12, 31)) == PzzjValidity.NOT_YET


def test_the_coordinator_sees_expiring_entries_highlighted_counted_and_filtered(client, coordinator):
    entry_ending_in(30, "Soon Ending Body")
    entry_ending_in(400, "Long Valid Body")
    entry_ending_in(-10, "Lapsed Body")
    client.force_login(coordinator)
    url = reverse("admin:institutions_pzzjentry_changelist")
    html = client.get(url).content.decode()  # the back-office speaks Polish
    assert '<span class="validity validity--expiring">wygasa za 30 dni</span>' in html
    assert '<span class="validity validity--valid">ważny</span>' in html
    assert '<span class="validity validity--expired">wygasły</span>' in html
    assert f"1 wpis na liście PZZJ wygasa w ciągu {PZZJ_EXPIRY_WARNING_DAYS} dni." in html
    assert "institutions/admin.css" in html
    only_expiring = client.get(url, {"validity": "expiring"}).content.decode()
    assert "Soon Ending Body" in only_expiring
    assert "Long Valid Body" not in only_expiring and "Lapsed Body" not in only_expiring
    expired = client.get(url, {"validity": "expired"}).content.decode()
    assert "Lapsed Body" in expired and "Soon Ending Body" not in expired

"""The public PZZJ list: every entry with its decision, validity and groups, those in force apart
from the expired ones, in both languages."""

import datetime

import pytest
from django.utils import timezone

from institutions.models import Ministry
from tests.factories import OrganisationFactory, PzzjEntryFactory

pytestmark = pytest.mark.django_db


def _entry(name, decision, until=None, ministries=("mrit",), number=""):
    entry = PzzjEntryFactory(
        organisation=OrganisationFactory(name_pl=name, name_en=""),
        decision_date=decision,
        valid_until=until,
        decision_number=number,
    )
    entry.ministries.set(Ministry.objects.filter(code__in=ministries))
    return entry


def test_the_list_shows_entries_in_force_with_validity_and_groups_and_expired_ones_apart(client):
    today = timezone.localdate()
    valid = _entry("Zetes Jakość", today - datetime.timedelta(days=400), number="DZ/7/2024")
    expiring = _entry("Alfa Audyt", today - datetime.timedelta(days=2000), today + datetime.timedelta(days=30))
    expired = _entry(
        "Łódzki Ośrodek Jakości", today - datetime.timedelta(days=3000), today - datetime.timedelta(days=1)
    )
    html = client.get("/en/pzzj-list/").content.decode()
    assert html.count("<tr>") == 1 + 2 + 1 + 1  # two header rows, three entries
    current, past = html.split('id="pzzj-expired-heading"')
    assert "Zetes Jakość" in current and "Alfa Audyt" in current and "Łódzki" not in current
    assert "Łódzki Ośrodek Jakości" in past
    # Alphabetical by name, newest decision first within a body.
    assert current.index("Alfa Audyt") < current.index("Zetes Jakość")
    assert "DZ/7/2024" in current
    assert f'<time datetime="{valid.valid_until:%Y-%m-%d}">' in current
    assert "expiring soon" in current and "(30 days left)" in current
    assert f'href="/en/institutions/{expiring.organisation_id}/"' in current
    assert f'href="/en/institutions/{expired.organisation_id}/"' in past
    department = Ministry.objects.get(code="mrit").department_en or Ministry.objects.get(code="mrit").name_en
    assert department in current
    # A scrollable table can be reached by keyboard and is named by its caption.
    assert '<div class="table-wrap" role="region" tabindex="0" aria-labelledby="pzzj-current-caption">' in html


def test_the_polish_list_and_its_links(client):
    _entry("Instytut Jakości", timezone.localdate() - datetime.timedelta(days=10))
    html = client.get("/lista-pzzj/").content.decode()
    assert "Instytut Jakości" in html and "ważny" in html
    assert 'href="/slowniczek/#pzzj"' in html
    # The institution list points to it.
    assert 'href="/lista-pzzj/"' in client.get("/instytucje/").content.decode()


def test_an_empty_list_says_so(client):
    html = client.get("/en/pzzj-list/").content.decode()
    assert "No entry on the list is in force today." in html

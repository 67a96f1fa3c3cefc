"""Lifecycle of a right: suspend, reinstate, withdraw, expire, each with a reason and a date, logged;
through the admin's actions (intermediate page) as the registry operator; refused otherwise."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone

from qualifications.models import CertificationRight, RightEvent, RightStatus
from qualifications.rights import RightChangeRefused, expire, reinstate, suspend, withdraw
from tests.factories import CertificationRightFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:qualifications_certificationright_changelist"


def run_action(client, action, rights, **form):
    ids = [str(r.pk) for r in rights]
    url = reverse(CHANGELIST)
    page = client.post(url, {"action": action, "_selected_action": ids})
    return page, client.post(url, {"action": action, "_selected_action": ids, "apply": "1", **form})


def test_each_step_records_who_when_why_and_the_date(operator):
    right = CertificationRightFactory()
    suspend(right, "Kontrola PZZJ (test).", datetime.date(2025, 2, 1), user=operator)
    assert right.status == RightStatus.SUSPENDED and right.ended_on is None
    assert right.reason_pl == "Kontrola PZZJ (test)."
    reinstate(right, "Nieprawidłowości usunięte.", datetime.date(2025, 3, 1), user=operator)
    assert right.status == RightStatus.ACTIVE and right.reason_pl == ""
    withdraw(right, "Decyzja ministra (test).", datetime.date(2025, 4, 1), user=operator)
    assert right.status == RightStatus.WITHDRAWN and right.ended_on == datetime.date(2025, 4, 1)
    events = list(right.events.values_list("action", "from_status", "to_status", "effective_on", "actor"))
    assert events == [
        ("suspend", "active", "suspended", datetime.date(2025, 2, 1), operator.pk),
        ("reinstate", "suspended", "active", datetime.date(2025, 3, 1), operator.pk),
        ("withdraw", "active", "withdrawn", datetime.date(2025, 4, 1), operator.pk),
    ]


@pytest.mark.usefixtures("in_english")
def test_expiry_needs_no_reason_but_a_date_after_the_decision():
    right = CertificationRightFactory(decision_date=datetime.date(2024, 1, 15))
    with pytest.raises(RightChangeRefused, match="before the decision"):
        expire(right, datetime.date(2023, 12, 31))
    expire(right, datetime.date(2025, 1, 15))
    assert right.status == RightStatus.EXPIRED and right.ended_on == datetime.date(2025, 1, 15)


@pytest.mark.usefixtures("in_english")
def test_refusals_change_nothing():
    right = CertificationRightFactory()
    with pytest.raises(RightChangeRefused, match="reason"):
        suspend(right, "  ", datetime.date(2025, 1, 20))
    with pytest.raises(RightChangeRefused, match="cannot be changed"):
        reinstate(right, "Nie był zawieszony.", datetime.date(2025, 1, 20))
    withdraw(right, "Test.", datetime.date(2025, 1, 20))
    with pytest.raises(RightChangeRefused, match="cannot be changed"):
        suspend(right, "Za późno.", datetime.date(2025, 1, 21))
    assert right.events.count() == 1
    right.refresh_from_db()
    assert right.status == RightStatus.WITHDRAWN


def test_events_are_append_only_in_the_model_and_the_database():
    right = CertificationRightFactory()
    suspend(right, "Test.", datetime.date(2025, 1, 20))
    event = RightEvent.objects.get()
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        RightEvent.objects.filter(pk=event.pk).update(reason="zmienione")
    with pytest.raises(DatabaseError), transaction.atomic():
        RightEvent.objects.filter(pk=event.pk).delete()


def test_operator_suspends_through_the_admin_action_with_an_intermediate_page(operator_client):
    rights = [CertificationRightFactory(), CertificationRightFactory()]
    page, response = run_action(
        operator_client, "suspend_rights", rights, reason="Kontrola (test).", effective_on="2025-05-05"
    )
    assert page.status_code == 200
    assert 'name="effective_on"' in page.content.decode() and 'name="reason"' in page.content.decode()
    # Prefilled with today in the only format a browser's date picker shows (not "25.11.2026").
    today = timezone.localdate().isoformat()
    assert f'type="date" name="effective_on" value="{today}"' in page.content.decode()
    assert response.status_code == 302
    assert {r.status for r in CertificationRight.objects.all()} == {RightStatus.SUSPENDED}
    assert RightEvent.objects.filter(action="suspend", effective_on=datetime.date(2025, 5, 5)).count() == 2
    change = operator_client.get(reverse("admin:qualifications_certificationright_change", args=[rights[0].pk]))
    assert "Kontrola (test)." in change.content.decode()  # the log inline


def test_the_admin_action_without_a_reason_shows_the_form_again(operator_client):
    right = CertificationRightFactory()
    _, response = run_action(operator_client, "withdraw_rights", [right], reason="", effective_on="2025-05-05")
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    right.refresh_from_db()
    assert right.status == RightStatus.ACTIVE and not right.events.exists()


@pytest.mark.usefixtures("in_english")
def test_a_refused_right_is_reported_and_the_others_change(operator_client):
    active, withdrawn = CertificationRightFactory(), CertificationRightFactory()
    withdraw(withdrawn, "Test.", datetime.date(2025, 1, 20))
    _, response = run_action(operator_client, "expire_rights", [active, withdrawn], effective_on="2025-06-30")
    levels = sorted(m.level_tag for m in get_messages(response.wsgi_request))
    assert levels == ["error", "success"]
    active.refresh_from_db()
    assert active.status == RightStatus.EXPIRED


def test_status_is_read_only_on_the_change_form(operator_client):
    right = CertificationRightFactory()
    page = operator_client.get(reverse("admin:qualifications_certificationright_change", args=[right.pk]))
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()


@pytest.mark.parametrize("role", ["officer", "coordinator"])
def test_other_roles_cannot_change_the_status(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    right = CertificationRightFactory()
    listing = client.get(reverse(CHANGELIST))
    assert listing.status_code == 200
    assert "suspend_rights" not in listing.content.decode()
    _, response = run_action(client, "suspend_rights", [right], reason="x", effective_on="2025-05-05")
    right.refresh_from_db()
    assert right.status == RightStatus.ACTIVE and not right.events.exists()

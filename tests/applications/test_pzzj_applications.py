"""PZZJ list applications: formal check by the registry operator, entry on the list (6 years, the
groups applied for) or refusal by the coordinator; officers see none of them."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import PzzjApplication, PzzjState
from applications.workflow.pzzj import submit
from institutions.models import PzzjEntry, six_years_after
from qualifications.rights import eligible_pzzj
from tests.factories import OrganisationFactory, QualificationFactory
from tests.workflow_steps import step

pytestmark = pytest.mark.django_db

CHANGE = "admin:applications_pzzjapplication_change"
TRANSITION = "admin:applications_pzzjapplication_transition"


def make_pzzj_application(ministries, state=PzzjState.SUBMITTED, **fields):
    today = timezone.localdate()
    fields.setdefault("fee_paid_on", today)
    application = PzzjApplication(applicant=OrganisationFactory(), submitted_on=today, **fields)
    submit(application, None)
    application.ministries.set(ministries)
    updates = {"state": state}
    if state == PzzjState.FORWARDED:
        updates.update(forwarded_on=today, minister_due=today + datetime.timedelta(days=30))
    PzzjApplication.objects.filter(pk=application.pk).update(**updates)
    application.refresh_from_db()
    return application


def test_the_full_path_to_an_entry_on_the_list(clients, ministry, other_ministry):
    op, coord = clients["operator"], clients["coordinator"]
    application = make_pzzj_application([ministry, other_ministry])
    assert application.fee == Decimal("2000.00") and application.number.startswith("PZZJ/")
    step(op, application, "start_formal_check")
    step(op, application, "request_completion", comment="Brak dokumentów o 10 latach działalności.")
    step(op, application, "receive_completion")
    step(op, application, "forward")
    assert application.state == PzzjState.FORWARDED and application.minister_due > application.forwarded_on
    decided = timezone.localdate() - datetime.timedelta(days=2)
    step(coord, application, "enter", decision_date=decided.isoformat())
    assert application.state == PzzjState.ENTERED
    entry = application.entry
    assert entry.organisation == application.applicant and entry.valid_until == six_years_after(decided)
    assert set(entry.ministries.all()) == {ministry, other_ministry}
    # It may now be designated for qualifications of those ministries.
    assert eligible_pzzj(QualificationFactory(ministry=ministry)).filter(pk=entry.organisation_id).exists()


def test_refusal_and_the_missing_decision_date(clients, ministry):
    application = make_pzzj_application([ministry], PzzjState.FORWARDED)
    step(clients["coordinator"], application, "enter", expect_ok=False)
    step(clients["coordinator"], application, "refuse", expect_ok=False, reason="")
    step(clients["coordinator"], application, "refuse", reason="Mniej niż 10 lat działalności.")
    assert application.state == PzzjState.REFUSED and not PzzjEntry.objects.exists()


def test_forwarding_needs_the_fee(clients, ministry):
    application = make_pzzj_application([ministry], PzzjState.FORMAL_CHECK, fee_paid_on=None)
    step(clients["operator"], application, "forward", expect_ok=False)
    assert application.state == PzzjState.FORMAL_CHECK


def test_role_restrictions(clients, ministry):
    submitted = make_pzzj_application([ministry])
    forwarded = make_pzzj_application([ministry], PzzjState.FORWARDED)
    # The coordinator takes no formal-check step; the operator does not decide.
    start = reverse(TRANSITION, args=[submitted.pk, "start_formal_check"])
    assert start.encode() not in clients["coordinator"].get(reverse(CHANGE, args=[submitted.pk])).content
    clients["coordinator"].post(start, {"start_formal_check-expected_state": "submitted"})
    enter = reverse(TRANSITION, args=[forwarded.pk, "enter"])
    assert enter.encode() not in clients["operator"].get(reverse(CHANGE, args=[forwarded.pk])).content
    clients["operator"].post(
        enter, {"enter-expected_state": "forwarded", "enter-decision_date": timezone.localdate().isoformat()}
    )
    submitted.refresh_from_db()
    forwarded.refresh_from_db()
    assert (submitted.state, forwarded.state) == (PzzjState.SUBMITTED, PzzjState.FORWARDED)
    # Ministry officers do not see PZZJ list applications at all.
    assert clients["officer"].get(reverse(CHANGE, args=[submitted.pk])).status_code in (403, 404)
    assert clients["officer"].get(reverse("admin:applications_pzzjapplication_changelist")).status_code == 403

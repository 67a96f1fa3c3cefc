"""Certification-rights applications: every path of their transition table through the admin as the
right role, the fee, PZZJ designation (list entry valid today and covering the ministry, at most 5
distinct PZZJ), and the role restrictions."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from applications.models import CertificationRightsApplication, RightsState
from applications.workflow.rights import _ready_to_forward, submit
from institutions.models import Ministry
from qualifications.models import CertificationRight, Qualification, RightEvent, Status
from qualifications.rights import RightChangeRefused, grant, pzzj_limit_message, pzzj_refusal
from tests.applications.conftest import make_application
from tests.factories import CertificationRightFactory, OrganisationFactory, PzzjEntryFactory, QualificationFactory
from tests.workflow_steps import step

pytestmark = pytest.mark.django_db


def polish(function, *args):
    """What the back-office says (its pages are Polish: unprefixed addresses), for comparison."""
    with translation.override("pl"):
        return str(function(*args))


CHANGE = "admin:applications_certificationrightsapplication_change"
TRANSITION = "admin:applications_certificationrightsapplication_transition"


def today():
    return timezone.localdate()


def pzzj_for(ministry, **entry):
    pzzj = OrganisationFactory()
    PzzjEntryFactory(organisation=pzzj, **entry).ministries.add(ministry)
    return pzzj


def make_rights_application(ministry, state=RightsState.SUBMITTED, qualification=None, **fields):
    qualification = qualification or QualificationFactory(ministry=ministry, status=Status.INCLUDED)
    fields.setdefault("fee_paid_on", today())
    application = CertificationRightsApplication(
        applicant=OrganisationFactory(email="ic@example.com"),
        qualification=qualification,
        submitted_on=today(),
        **fields,
    )
    submit(application, None)
    updates = {"state": state}
    if state == RightsState.COMPLETION_REQUESTED:
        updates["completion_due"] = today() + datetime.timedelta(days=30)
    if state == RightsState.FORWARDED:
        updates.update(forwarded_on=today(), minister_due=today() + datetime.timedelta(days=30))
    CertificationRightsApplication.objects.filter(pk=application.pk).update(**updates)
    application.refresh_from_db()
    return application


def test_the_full_path_to_a_granted_right(clients, users, ministry):
    op, off = clients["operator"], clients["officer"]
    application = make_rights_application(ministry)
    pzzj = pzzj_for(ministry)
    assert application.fee == Decimal("10000.00") and application.formal_check_due > today()
    step(op, application, "start_formal_check")
    step(op, application, "request_completion", comment="Brak opisu zasobów kadrowych.")
    assert application.state == RightsState.COMPLETION_REQUESTED and application.completion_due > today()
    step(op, application, "receive_completion", comment="Uzupełniono.")
    step(op, application, "forward", officer=users["officer"].pk)
    assert application.state == RightsState.FORWARDED and application.assigned_officer == users["officer"]
    assert application.minister_due > application.forwarded_on
    step(off, application, "grant", decision_number="DZ/7/2025", decision_date=today().isoformat(), pzzj=pzzj.pk)
    assert application.state == RightsState.GRANTED
    right = application.right
    assert (right.institution, right.pzzj, right.status, right.decision_number) == (
        application.applicant,
        pzzj,
        "active",
        "DZ/7/2025",
    )
    assert Qualification.objects.get(pk=application.qualification_id).status == Status.FUNCTIONING
    assert RightEvent.objects.filter(right=right, action="grant", actor=users["officer"]).exists()
    assert list(application.events.values_list("action", flat=True)) == [
        "submit",
        "start_formal_check",
        "request_completion",
        "receive_completion",
        "forward",
        "grant",
    ]
    page = off.get(reverse(CHANGE, args=[application.pk])).content.decode()
    assert reverse("admin:qualifications_certificationright_change", args=[right.pk]) in page


def test_refusal_needs_a_reason(clients, ministry):
    application = make_rights_application(ministry, RightsState.FORWARDED)
    message = step(clients["officer"], application, "refuse", expect_ok=False, reason=" ")
    assert message == polish(gettext, "Give the reason for refusal.")
    assert application.state == RightsState.FORWARDED
    step(clients["officer"], application, "refuse", reason="Brak warunków organizacyjnych.")
    assert application.state == RightsState.REFUSED and application.refusal_reason
    assert not CertificationRight.objects.exists()


@pytest.mark.parametrize("state", [RightsState.SUBMITTED, RightsState.FORMAL_CHECK, RightsState.FORWARDED])
def test_withdrawal_by_the_applicant(clients, ministry, state):
    application = make_rights_application(ministry, state)
    step(clients["operator"], application, "withdraw", comment="Pismo wnioskodawcy.")
    assert application.state == RightsState.WITHDRAWN


def test_left_unprocessed_only_after_the_completion_deadline(clients, ministry):
    application = make_rights_application(ministry, RightsState.COMPLETION_REQUESTED)
    step(clients["operator"], application, "leave_unprocessed", expect_ok=False)
    assert application.state == RightsState.COMPLETION_REQUESTED
    CertificationRightsApplication.objects.filter(pk=application.pk).update(
        completion_due=today() - datetime.timedelta(days=1)
    )
    step(clients["operator"], application, "leave_unprocessed")
    assert application.state == RightsState.LEFT_UNPROCESSED


def test_forwarding_needs_the_fee_and_a_qualification_in_the_register(clients, ministry):
    application = make_rights_application(ministry, RightsState.FORMAL_CHECK, fee_paid_on=None)
    assert step(clients["operator"], application, "forward", expect_ok=False) == polish(
        gettext, "The fee has not been recorded as paid: enter the payment date before forwarding."
    )
    inclusion = make_application(ministry)
    joint = make_rights_application(
        ministry, RightsState.FORMAL_CHECK, qualification=inclusion.draft, inclusion_application=inclusion
    )
    assert joint.fee == Decimal("5000.00")
    assert step(clients["operator"], joint, "forward", expect_ok=False) == polish(_ready_to_forward, joint, {}, today())
    Qualification.objects.filter(pk=inclusion.draft_id).update(status=Status.INCLUDED)
    step(clients["operator"], joint, "forward")
    assert joint.state == RightsState.FORWARDED


def test_operator_files_applications_with_the_statutory_fee(clients, ministry):
    qualification = QualificationFactory(ministry=ministry, status=Status.INCLUDED)
    applicant = OrganisationFactory()
    add = reverse("admin:applications_certificationrightsapplication_add")
    response = clients["operator"].post(
        add,
        {
            "applicant": applicant.pk,
            "qualification": qualification.pk,
            "submitted_on": today().isoformat(),
            "contact_email": "",
            "inclusion_application": "",
            "fee_paid_on": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    application = CertificationRightsApplication.objects.get()
    assert application.fee == Decimal("10000.00") and application.ministry == ministry
    assert application.number.startswith(f"IC/{today().year}/")
    inclusion = make_application(ministry)
    response = clients["operator"].post(
        add,
        {
            "applicant": inclusion.applicant_id,
            "qualification": inclusion.draft_id,
            "submitted_on": today().isoformat(),
            "inclusion_application": inclusion.pk,
        },
    )
    assert response.status_code == 302
    assert CertificationRightsApplication.objects.get(inclusion_application=inclusion).fee == Decimal("5000.00")
    draft_alone = clients["operator"].post(
        add,
        {
            "applicant": applicant.pk,
            "qualification": inclusion.draft_id,
            "submitted_on": today().isoformat(),
        },
    )
    assert draft_alone.status_code == 200 and "errorlist" in draft_alone.content.decode()


def test_only_a_pzzj_with_a_valid_entry_covering_the_ministry_may_be_designated(clients, ministry, other_ministry):
    application = make_rights_application(ministry, RightsState.FORWARDED)
    expired = pzzj_for(ministry, decision_date=today() - datetime.timedelta(days=7 * 365))
    elsewhere = pzzj_for(other_ministry)
    page = clients["officer"].get(reverse(CHANGE, args=[application.pk])).content.decode()
    assert f'value="{expired.pk}"' not in page and f'value="{elsewhere.pk}"' not in page
    for pzzj in (expired, elsewhere):
        message = step(
            clients["officer"], application, "grant", expect_ok=False, decision_date=today().isoformat(), pzzj=pzzj.pk
        )
        assert "PZZJ" in message  # the form refuses it (not a choice), or the guard does
    assert step(clients["officer"], application, "grant", expect_ok=False, decision_date=today().isoformat()) == (
        polish(pzzj_refusal, application.qualification, None)
    )
    valid = pzzj_for(ministry)
    assert f'value="{valid.pk}"' in clients["officer"].get(reverse(CHANGE, args=[application.pk])).content.decode()
    step(clients["officer"], application, "grant", decision_date=today().isoformat(), pzzj=valid.pk)
    assert application.state == RightsState.GRANTED


def test_at_most_five_distinct_pzzj_per_qualification(clients, ministry):
    qualification = QualificationFactory(ministry=ministry, status=Status.INCLUDED)
    five = [pzzj_for(ministry) for _ in range(5)]
    for pzzj in five:
        CertificationRightFactory(qualification=qualification, pzzj=pzzj)
    sixth = pzzj_for(ministry)
    application = make_rights_application(ministry, RightsState.FORWARDED, qualification=qualification)
    message = step(
        clients["officer"], application, "grant", expect_ok=False, decision_date=today().isoformat(), pzzj=sixth.pk
    )
    assert message == polish(pzzj_limit_message, 5)
    assert application.state == RightsState.FORWARDED and application.right is None
    step(clients["officer"], application, "grant", decision_date=today().isoformat(), pzzj=five[0].pk)
    assert application.state == RightsState.GRANTED


@pytest.mark.usefixtures("in_english")
@pytest.mark.usefixtures("in_english")
def test_the_database_trigger_backs_the_limit_with_the_same_clear_message(ministry):
    qualification = QualificationFactory(ministry=ministry, status=Status.INCLUDED)
    for _ in range(5):
        CertificationRightFactory(qualification=qualification, pzzj=OrganisationFactory())
    sixth = PzzjEntryFactory()  # on the list for the group: only the limit stands in the way
    sixth.ministries.add(ministry)
    with pytest.raises(RightChangeRefused, match="the most the law allows"):
        grant(qualification, OrganisationFactory(), decision_date=today(), pzzj=sixth.organisation)
    assert qualification.certification_rights.count() == 5


def test_role_restrictions(clients, ministry, other_ministry):
    application = make_rights_application(ministry, RightsState.SUBMITTED)
    change = reverse(CHANGE, args=[application.pk])
    url = reverse(TRANSITION, args=[application.pk, "start_formal_check"])
    # The officer sees the application of their ministry but has no operator step.
    page = clients["officer"].get(change)
    assert page.status_code == 200 and url.encode() not in page.content
    clients["officer"].post(url, {"start_formal_check-expected_state": "submitted"})
    application.refresh_from_db()
    assert application.state == RightsState.SUBMITTED
    # Another ministry's officer: as if it did not exist.
    assert clients["other_officer"].get(change).status_code == 404
    assert clients["other_officer"].post(url, {"start_formal_check-expected_state": "submitted"}).status_code == 404
    listing = clients["other_officer"].get(reverse("admin:applications_certificationrightsapplication_changelist"))
    assert application.number not in listing.content.decode()
    # The coordinator reads, takes no step.
    page = clients["coordinator"].get(change)
    assert page.status_code == 200 and b"/transition/" not in page.content
    # The operator may not grant.
    forwarded = make_rights_application(ministry, RightsState.FORWARDED)
    pzzj = pzzj_for(ministry)
    grant_url = reverse(TRANSITION, args=[forwarded.pk, "grant"])
    assert grant_url.encode() not in clients["operator"].get(reverse(CHANGE, args=[forwarded.pk])).content
    response = clients["operator"].post(
        grant_url,
        {"grant-expected_state": "forwarded", "grant-pzzj": pzzj.pk, "grant-decision_date": today().isoformat()},
    )
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]
    forwarded.refresh_from_db()
    assert forwarded.state == RightsState.FORWARDED
    # Nobody deletes an application.
    delete = reverse("admin:applications_certificationrightsapplication_delete", args=[application.pk])
    assert clients["operator"].get(delete).status_code == 403
    assert Ministry.objects.count() > 1


def test_a_pzzj_may_not_certify_in_its_own_group(clients, ministry):
    application = make_rights_application(ministry, RightsState.FORWARDED)
    PzzjEntryFactory(organisation=application.applicant).ministries.add(ministry)
    message = step(
        clients["officer"],
        application,
        "grant",
        expect_ok=False,
        decision_date=today().isoformat(),
        pzzj=pzzj_for(ministry).pk,
    )
    with translation.override("pl"):
        assert message == gettext(
            "The applicant is a PZZJ for this group of qualifications: it may not certify in its own group."
        )
    assert application.state == RightsState.FORWARDED

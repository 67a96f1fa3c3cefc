"""What the back-office refuses on applications: an assigned officer of another ministry, a PRK level
changed after the decision without a logged step, impossible dates and fees, a rights application for
a qualification without a competent minister, attachments added to a closed application."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from applications import pzzj_workflow, rights_workflow
from applications.models import (
    ApplicationAttachment,
    CertificationRightsApplication,
    InclusionApplication,
    PzzjApplication,
    PzzjState,
    RightsState,
    State,
)
from applications.workflow import TransitionRefused, perform
from qualifications.models import PrkLevel, Qualification, Status
from tests.applications.conftest import make_application
from tests.applications.test_pzzj_applications import make_pzzj_application
from tests.applications.test_rights_applications import make_rights_application
from tests.factories import OrganisationFactory, QualificationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
INCLUSION = "admin:applications_inclusionapplication"
RIGHTS = "admin:applications_certificationrightsapplication"


def today():
    return timezone.localdate()


def form_data(client, url, **changes):
    """The change form as the page shows it, with some fields changed."""
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data = {name: (value.pk if hasattr(value, "pk") else value) for name, value in data.items()}
    data.update({"attachments-TOTAL_FORMS": 0, "attachments-INITIAL_FORMS": 0})
    data.update(changes)
    return data


# --- the assigned officer ---------------------------------------------------------------------------


def test_a_rights_application_is_assigned_only_to_an_officer_of_its_ministry(clients, users, ministry):
    application = make_rights_application(ministry, RightsState.FORWARDED)
    url = reverse(f"{RIGHTS}_change", args=[application.pk])
    offered = clients["operator"].get(url).context["adminform"].form.fields["assigned_officer"].queryset
    assert list(offered) == [users["officer"]]  # not the other ministry's officer, nor the operator
    refused = clients["operator"].post(
        url, form_data(clients["operator"], url, assigned_officer=users["other_officer"].pk)
    )
    assert refused.status_code == 200 and "assigned_officer" in refused.context["adminform"].form.errors
    application.refresh_from_db()
    assert application.assigned_officer is None
    done = clients["operator"].post(url, form_data(clients["operator"], url, assigned_officer=users["officer"].pk))
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.assigned_officer == users["officer"]


def test_a_change_of_ministry_unassigns_the_former_ministrys_officer(clients, users, ministry, other_ministry):
    application = make_application(ministry, State.FORMAL_CHECK)
    InclusionApplication.objects.filter(pk=application.pk).update(assigned_officer=users["officer"])
    url = reverse(f"{INCLUSION}_change", args=[application.pk])
    response = clients["operator"].post(url, form_data(clients["operator"], url, ministry=other_ministry.pk))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.ministry == other_ministry and application.assigned_officer is None


def test_the_model_refuses_an_officer_of_another_ministry(users, ministry):
    application = make_rights_application(ministry)
    application.assigned_officer = users["other_officer"]
    with pytest.raises(ValidationError):
        application.full_clean()
    application.assigned_officer = users["officer"]
    application.full_clean()


# --- the PRK level after the decision -----------------------------------------------------------------


def decided(ministry, level=4):
    application = make_application(ministry, State.DECIDED)
    # As the decision step left it (a direct save of the level is refused once decided).
    Qualification.objects.filter(pk=application.draft_id).update(prk_level=PrkLevel.objects.get(level=level))
    application.refresh_from_db()
    return application


def test_the_decided_prk_level_is_read_only_in_the_admin(clients, ministry):
    review = make_application(ministry, State.EXPERT_REVIEW, name="Przed decyzją (test)")
    application = decided(ministry)
    page = clients["operator"].get(reverse("admin:qualifications_qualification_change", args=[review.draft_id]))
    assert "prk_level" in page.context["adminform"].form.fields  # still a proposal before the decision
    page = clients["operator"].get(reverse("admin:qualifications_qualification_change", args=[application.draft_id]))
    assert "prk_level" not in page.context["adminform"].form.fields


def test_a_decided_prk_level_is_not_changed_by_a_direct_save(ministry):
    application = decided(ministry)
    draft = application.draft
    draft.prk_level = PrkLevel.objects.get(level=6)
    with pytest.raises(ValidationError):
        draft.save()
    draft.refresh_from_db()
    assert draft.prk_level.level == 4
    draft.name_pl = "Inna nazwa (test)"
    draft.save()  # other fields stay editable


def test_the_prk_level_changes_by_the_logged_step_with_a_reason(clients, users, ministry):
    application = decided(ministry)
    level6 = PrkLevel.objects.get(level=6)
    page = clients["officer"].get(reverse(f"{INCLUSION}_change", args=[application.pk]))
    assert reverse(f"{INCLUSION}_transition", args=[application.pk, "change_prk_level"]).encode() in page.content
    events = application.events.count()
    with pytest.raises(TransitionRefused):  # no reason given
        perform(application.pk, "change_prk_level", users["officer"], prk_level=level6)
    with pytest.raises(TransitionRefused):  # the same level
        perform(application.pk, "change_prk_level", users["officer"], prk_level=4, comment="Korekta (test).")
    for who in ("operator", "other_officer"):
        with pytest.raises(TransitionRefused):
            perform(application.pk, "change_prk_level", users[who], prk_level=level6, comment="Korekta (test).")
    assert application.events.count() == events
    perform(application.pk, "change_prk_level", users["officer"], prk_level=level6, comment="Korekta (test).")
    application.refresh_from_db()
    assert application.draft.prk_level == level6 and application.state == State.DECIDED
    event = application.events.last()
    assert (event.action, event.comment, event.actor) == ("change_prk_level", "Korekta (test).", users["officer"])


# --- dates and fees ---------------------------------------------------------------------------------


def new_inclusion(client, ministry, **changes):
    data = {
        "proposed_name": "Animacja czasu wolnego (test)",
        "category": "free_market",
        "applicant": OrganisationFactory().pk,
        "contact_email": "biuro@example.com",
        "ministry": ministry.pk,
        "submitted_on": today().isoformat(),
        "fee": "2000.00",
        "fee_paid_on": today().isoformat(),
    }
    data.update(changes)
    return client.post(reverse(f"{INCLUSION}_add"), data)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("submitted_on", "2099-01-02"),
        ("fee_paid_on", "2099-01-02"),
        ("submitted_on", "2010-01-04"),
        ("fee", "0.00"),
        ("fee", "1999.99"),
    ],
)
def test_a_new_inclusion_application_with_an_impossible_date_or_fee_is_refused(clients, ministry, field, value):
    response = new_inclusion(clients["operator"], ministry, **{field: value})
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not InclusionApplication.objects.exists()


def test_a_valid_new_inclusion_application_is_numbered_by_its_year(clients, ministry):
    assert new_inclusion(clients["operator"], ministry).status_code == 302
    assert InclusionApplication.objects.get().number.startswith(f"ZSK/{today().year}/")


def test_pzzj_and_rights_applications_owe_their_statutory_fee(ministry):
    pzzj = PzzjApplication(applicant=OrganisationFactory(), fee=Decimal("0.00"), submitted_on=today())
    with pytest.raises(ValidationError) as refused:
        pzzj.full_clean()
    assert "fee" in refused.value.message_dict
    rights = make_rights_application(ministry)
    assert rights.fee == Decimal("10000.00")
    rights.fee = Decimal("5000.00")  # the joint fee, without an inclusion application
    rights.fee_paid_on = today() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError) as refused:
        rights.full_clean()
    assert set(refused.value.message_dict) == {"fee", "fee_paid_on"}


def test_a_new_pzzj_application_with_no_fee_is_refused_in_the_admin(clients, ministry):
    response = clients["operator"].post(
        reverse("admin:applications_pzzjapplication_add"),
        {
            "applicant": OrganisationFactory().pk,
            "ministries": [ministry.pk],
            "submitted_on": today().isoformat(),
            "fee": "0.00",
            "fee_paid_on": today().isoformat(),
        },
    )
    assert response.status_code == 200 and "fee" in response.context["adminform"].form.errors
    assert not PzzjApplication.objects.exists()


def test_forwarding_needs_a_fee_actually_paid(users, ministry):
    operator = users["operator"]
    future = today() + datetime.timedelta(days=10)
    inclusion = make_application(ministry, State.FORMAL_CHECK)
    for change in ({"fee_paid_on": future}, {"fee_paid_on": today(), "fee": Decimal("0")}):
        InclusionApplication.objects.filter(pk=inclusion.pk).update(**change)
        with pytest.raises(TransitionRefused):
            perform(inclusion.pk, "forward", operator)
    rights = make_rights_application(ministry, RightsState.FORMAL_CHECK, fee_paid_on=future)
    with pytest.raises(TransitionRefused):
        rights_workflow.perform(rights.pk, "forward", operator)
    pzzj = make_pzzj_application([ministry], PzzjState.FORMAL_CHECK, fee_paid_on=future)
    with pytest.raises(TransitionRefused):
        pzzj_workflow.perform(pzzj.pk, "forward", operator)
    assert InclusionApplication.objects.get().state == State.FORMAL_CHECK


def test_the_database_refuses_a_negative_pzzj_fee(ministry):
    pzzj = make_pzzj_application([ministry])
    with pytest.raises(IntegrityError), transaction.atomic():
        PzzjApplication.objects.filter(pk=pzzj.pk).update(fee=Decimal("-1"))


# --- a rights application needs a competent minister ------------------------------------------------


def test_rights_for_a_qualification_without_a_ministry_is_a_form_error(clients):
    qualification = QualificationFactory(ministry=None, status=Status.INCLUDED)
    response = clients["operator"].post(
        reverse(f"{RIGHTS}_add"),
        {
            "applicant": OrganisationFactory().pk,
            "qualification": qualification.pk,
            "submitted_on": today().isoformat(),
            "fee_paid_on": today().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "qualification" in response.context["adminform"].form.errors
    assert not CertificationRightsApplication.objects.exists()


# --- attachments of a closed application ---------------------------------------------------------------


def test_no_attachment_is_added_to_a_closed_application(clients, ministry):
    application = make_application(ministry, State.REFUSED)
    url = reverse(f"{INCLUSION}_change", args=[application.pk])
    page = clients["operator"].get(url)
    assert not page.context["inline_admin_formsets"][0].has_add_permission
    data = form_data(clients["operator"], url)
    data.update(
        {
            "attachments-TOTAL_FORMS": 1,
            "attachments-0-title": "Spóźniony załącznik",
            "attachments-0-file": SimpleUploadedFile("opis.pdf", PDF),
        }
    )
    clients["operator"].post(url, data)
    assert not ApplicationAttachment.objects.exists()
    late = ApplicationAttachment(
        application=application, title="Spóźniony załącznik", file=SimpleUploadedFile("opis.pdf", PDF)
    )
    with pytest.raises(ValidationError):
        late.save()
    assert not ApplicationAttachment.objects.exists()

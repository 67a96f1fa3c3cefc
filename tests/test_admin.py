"""The registry operator's admin: every model's changelist, add and change pages, and history."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse

from qualifications.models import Qualification, QuarterlyReport
from tests.factories import (
    CertificationRightFactory,
    LearningOutcomeFactory,
    PzzjEntryFactory,
    VerificationCriterionFactory,
)

pytestmark = pytest.mark.django_db

REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in {"qualifications", "institutions"}
)


@pytest.fixture
def one_of_each(db):
    right = CertificationRightFactory(pzzj=PzzjEntryFactory().organisation)
    QuarterlyReport.objects.create(
        right=right, year=2024, quarter=2, documents_issued=3, average_fee=Decimal("900"), revenue=Decimal("2700")
    )
    VerificationCriterionFactory(outcome=LearningOutcomeFactory())
    # The applicant portal's members, invitations and membership requests.
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from institutions.models import Invitation, Membership, MembershipRequest

    person = get_user_model().objects.create_user("applicant", "applicant@example.org", "x-Strong-pass-91")
    Membership.objects.create(organisation=right.institution, user=person, role="owner")
    Invitation.objects.create(
        organisation=right.institution, email="a@example.org", nonce="n", expires_at=timezone.now() + timedelta(days=7)
    )
    MembershipRequest.objects.create(organisation=right.pzzj, user=person)


@pytest.mark.parametrize(("app_label", "model_name"), REGISTERED)
def test_operator_can_open_every_admin_page_they_are_entitled_to(
    operator_client, operator, one_of_each, app_label, model_name
):
    model = next(m for m in admin.site._registry if m._meta.model_name == model_name)
    obj = model._default_manager.first()
    can = {action: operator.has_perm(f"{app_label}.{action}_{model_name}") for action in ("view", "add", "change")}
    pages = [
        (reverse(f"admin:{app_label}_{model_name}_changelist"), can["view"] or can["change"]),
        (reverse(f"admin:{app_label}_{model_name}_add"), can["add"]),
        (reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk]), can["view"] or can["change"]),
    ]
    for url, allowed in pages:
        assert operator_client.get(url).status_code == (200 if allowed else 403), url


def test_operator_reads_the_pzzj_list_and_only_the_coordinator_edits_it(client, operator, coordinator):
    entry = PzzjEntryFactory()
    client.force_login(operator)
    assert client.get(reverse("admin:institutions_pzzjentry_change", args=[entry.pk])).status_code == 200
    assert client.get(reverse("admin:institutions_pzzjentry_add")).status_code == 403
    client.force_login(coordinator)
    assert client.get(reverse("admin:institutions_pzzjentry_add")).status_code == 200


def test_officer_reads_registry_records_but_cannot_change_them(client, officer):
    qualification = CertificationRightFactory().qualification
    client.force_login(officer)
    url = reverse("admin:qualifications_qualification_change", args=[qualification.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name_pl": "Zmieniona"})
    assert response.status_code == 403
    assert client.get(reverse("admin:qualifications_qualification_add")).status_code == 403


def test_history_records_an_admin_change_with_its_user(operator_client, operator):
    qualification = CertificationRightFactory().qualification
    url = reverse("admin:qualifications_qualification_change", args=[qualification.pk])
    form = operator_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
    data.update(
        {
            "name_pl": "Nowa nazwa kwalifikacji",
            "name_en": "New qualification name",
            "related_qualifications": [],
            "outcome_sets-TOTAL_FORMS": 0,
            "outcome_sets-INITIAL_FORMS": 0,
            "certification_rights-TOTAL_FORMS": 0,
            "certification_rights-INITIAL_FORMS": 0,
        }
    )
    data = {k: v for k, v in data.items() if k not in {"zrk_id", "created_at", "updated_at"}}
    response = operator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    qualification.refresh_from_db()
    assert qualification.name_pl == "Nowa nazwa kwalifikacji"
    latest = qualification.history.first()
    assert latest.history_user == operator
    changed = {change.field for change in latest.diff_against(latest.prev_record).changes}
    assert "name_pl" in changed
    history_page = operator_client.get(reverse("admin:qualifications_qualification_history", args=[qualification.pk]))
    assert history_page.status_code == 200
    assert "operator" in history_page.content.decode()


def test_admin_search_and_facets_on_qualifications(operator_client):
    CertificationRightFactory(qualification__name_pl="Piekarz - dyplom mistrzowski")
    response = operator_client.get(reverse("admin:qualifications_qualification_changelist"), {"q": "piekarz"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    assert Qualification.objects.count() == 1
    assert "(1)" in response.content.decode()  # facet counts shown next to filter options


def test_admin_pages_load_no_asset_from_another_host(operator_client):
    qualification = CertificationRightFactory().qualification
    html = operator_client.get(reverse("admin:qualifications_qualification_change", args=[qualification.pk])).content
    assert b"//ajax.googleapis.com" not in html
    assert b"vendor/jquery-ui/jquery-ui.min.js" in html


@pytest.mark.parametrize(
    "model_name",
    [
        "qualifications/qualification",
        "qualifications/certificationright",
        "qualifications/quarterlyreport",
        "institutions/organisation",
    ],
)
def test_history_pages_with_a_bad_id_are_404_not_500(operator_client, model_name):
    right = CertificationRightFactory()
    for path in ("abc/history/", "9999999/history/", f"{right.pk}/history/x/", "abc/history/1/"):
        response = operator_client.get(f"/admin/{model_name}/{path}")
        assert response.status_code in (302, 404), (path, response.status_code)

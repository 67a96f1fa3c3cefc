"""A ministry officer never reaches another ministry's unpublished draft through any admin page.

The test walks the admin registry: every registered model admin whose model reaches a qualification
(itself or through a chain of foreign keys) must be scoped by the shared rule, and for each one an
officer of another ministry gets a 404 on the change, history and delete pages of a record tied to the
draft, and finds none of the draft's content in any changelist, filter or autocomplete answer. A new
admin without a sample record below fails the test, so it cannot be forgotten.
"""

import json
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db.models import Q
from django.test import Client
from django.urls import NoReverseMatch, reverse

from applications.models import CertificationRightsApplication, ConsultationComment, State
from applications.roles import COORDINATOR, MINISTRY_OFFICER, REGISTRY_OPERATOR
from applications.workflow.rights import submit
from institutions.models import Ministry
from qualifications.models import Qualification, QuarterlyReport
from qualifications.scoping import QualificationScopedAdmin, prefixed
from tests.applications.conftest import make_application, make_user
from tests.factories import (
    LearningOutcomeFactory,
    LearningOutcomeSetFactory,
    OrganisationFactory,
    QualificationFactory,
    VerificationCriterionFactory,
    right_on_a_draft,
)

pytestmark = pytest.mark.django_db

# Every piece of the draft's content starts with "Tajn", the term the searches use.
SECRETS = ("Tajny projekt cudzy", "Tajny zestaw", "Tajny efekt", "Tajne kryterium", "TAJNE/2026/1")
TERM = "Tajn"


def path_to_qualification(model, depth=5):
    """The foreign-key path from ``model`` to ``Qualification`` ("" for itself), or None."""
    if model is Qualification:
        return ""
    if depth == 0:
        return None
    for field in model._meta.get_fields():
        if field.concrete and (field.many_to_one or field.one_to_one) and field.related_model is not None:
            rest = path_to_qualification(field.related_model, depth - 1)
            if rest is not None:
                return f"{field.name}__{rest}" if rest else field.name
    return None


def leads_to_qualification(model, path):
    for name in filter(None, path.split("__")):
        model = model._meta.get_field(name).related_model
    return model is Qualification


def scoped_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if path_to_qualification(model) is not None
    ]


@pytest.fixture
def owner_ministry(db):
    return Ministry.objects.get(code="msit")


@pytest.fixture
def people(owner_ministry):
    outsider_ministry = Ministry.objects.get(code="mrit")
    users = {
        "outsider": make_user("outsider", MINISTRY_OFFICER, outsider_ministry),
        "owner": make_user("owner", MINISTRY_OFFICER, owner_ministry),
        "operator": make_user("op", REGISTRY_OPERATOR),
        "coordinator": make_user("coord", COORDINATOR),
    }
    clients = {}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user)
    return clients


@pytest.fixture
def draft_records(owner_ministry):
    """One record of every kind tied to another ministry's draft (in consultation, with everything)."""
    application = make_application(owner_ministry, State.CONSULTATION, name="Tajny projekt cudzy (test)")
    draft = application.draft
    outcome_set = LearningOutcomeSetFactory(qualification=draft, name_pl="Tajny zestaw (test)")
    outcome = LearningOutcomeFactory(outcome_set=outcome_set, text_pl="Tajny efekt (test)")
    VerificationCriterionFactory(outcome=outcome, text_pl="Tajne kryterium (test)")
    right = right_on_a_draft(draft, decision_number="TAJNE/2026/1")
    report = QuarterlyReport.objects.create(
        right=right, year=2024, quarter=2, documents_issued=1, average_fee=Decimal("100"), revenue=Decimal("100")
    )
    comment = ConsultationComment.objects.create(
        consultation=application.consultation, author_name="Jan Test", email="jan@example.com", text="Uwaga."
    )
    rights_application = CertificationRightsApplication(
        applicant=OrganisationFactory(),
        qualification=draft,
        inclusion_application=application,
        ministry=owner_ministry,
    )
    submit(rights_application, None)
    records = [draft, application, outcome_set, outcome, right, report, comment, rights_application]
    return {type(record): record for record in records}


def urls_of(record):
    info = f"admin:{record._meta.app_label}_{record._meta.model_name}"
    urls = {
        "change": reverse(f"{info}_change", args=[record.pk]),
        "history": reverse(f"{info}_history", args=[record.pk]),
        "delete": reverse(f"{info}_delete", args=[record.pk]),
    }
    if hasattr(type(record), "history"):
        try:
            version = record.history.latest().history_id
            urls["history version"] = reverse(f"{info}_simple_history", args=[record.pk, version])
        except NoReverseMatch:
            pass
    return urls


def leaks(response):
    content = response.content.decode()
    return [secret for secret in SECRETS if secret in content]


def test_every_admin_reaching_a_qualification_uses_the_shared_scope(draft_records):
    admins = scoped_admins()
    assert {model for model, _ in admins} >= {Qualification, QuarterlyReport}  # the walk finds the chains
    for model, model_admin in admins:
        assert isinstance(model_admin, QualificationScopedAdmin), f"{model.__name__}: not scoped"
        assert leads_to_qualification(model, model_admin.qualification_path), f"{model.__name__}: wrong path"
        assert model in draft_records, f"add a sample {model.__name__} tied to the draft to this test"


def test_another_ministrys_officer_gets_404_on_every_record_page(people, draft_records):
    outsider = people["outsider"]
    for model, _ in scoped_admins():
        for label, url in urls_of(draft_records[model]).items():
            response = outsider.get(url)
            assert response.status_code == 404, (model.__name__, label, response.status_code)
            assert not leaks(response), (model.__name__, label)


def test_changelists_filters_and_searches_hide_the_draft(people, draft_records):
    outsider = people["outsider"]
    draft = draft_records[Qualification]
    for model in admin.site._registry:
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        queries = ["", f"?q={TERM}"]
        path = path_to_qualification(model)
        if path is not None:
            queries.append(f"?{path}__id__exact={draft.pk}" if path else f"?id__exact={draft.pk}")
        for query in queries:
            response = outsider.get(changelist + query)
            assert response.status_code in (200, 400, 403), (changelist + query, response.status_code)
            assert not leaks(response), (changelist + query, leaks(response))
            if response.status_code == 200 and path is not None:
                shown = {obj.pk for obj in response.context["cl"].result_list}
                assert draft_records[model].pk not in shown, changelist + query


def autocomplete_queries():
    """Every autocomplete field of every registered admin and its inlines whose choices reach a
    qualification."""
    for model, model_admin in admin.site._registry.items():
        sources = [(model, model_admin.autocomplete_fields)]
        sources += [(inline.model, inline.autocomplete_fields) for inline in model_admin.inlines]
        for source, field_names in sources:
            for name in field_names:
                remote = source._meta.get_field(name).related_model
                if path_to_qualification(remote) is not None:
                    yield (
                        reverse("admin:autocomplete")
                        + f"?app_label={source._meta.app_label}&model_name={source._meta.model_name}"
                        f"&field_name={name}&term={TERM}"
                    )


def test_autocomplete_hides_the_draft_from_others_and_shows_it_to_its_ministry(people, draft_records):
    queries = list(autocomplete_queries())
    assert len(queries) >= 4  # outcome set -> qualification, outcome -> set, report -> right, right -> ...
    seen_by_owner = 0
    for url in queries:
        response = people["outsider"].get(url)
        assert response.status_code in (200, 403), url
        assert not leaks(response), url
        owner = people["owner"].get(url)
        assert owner.status_code in (200, 403), url
        if owner.status_code == 200:
            seen_by_owner += bool(json.loads(owner.content)["results"])
    assert seen_by_owner  # the ministry's own officer finds their draft's records


@pytest.mark.parametrize("who", ["owner", "operator", "coordinator"])
def test_the_draft_is_open_to_its_ministry_the_operator_and_the_coordinator(people, draft_records, who):
    client = people[who]
    for model, _ in scoped_admins():
        for label, url in urls_of(draft_records[model]).items():
            if label == "delete":
                continue  # deleting follows the role matrix, not the scope
            response = client.get(url)
            assert response.status_code == 200, (who, model.__name__, label, response.status_code)
    listing = client.get(reverse("admin:qualifications_learningoutcomeset_changelist"))
    assert b"Tajny zestaw" in listing.content


def test_history_of_a_deleted_record_stays_open_to_the_operator_only(people, owner_ministry):
    draft = QualificationFactory(name_pl="Tajny projekt cudzy (usunięty)", status="draft", ministry=owner_ministry)
    pk = draft.pk
    draft.delete()
    url = reverse("admin:qualifications_qualification_history", args=[pk])
    assert people["outsider"].get(url).status_code == 404
    assert people["operator"].get(url).status_code == 200


def test_the_rule_is_asked_through_the_path_of_each_model():
    condition = ~Q(status="draft") | Q(inclusion_application__ministry_id=7)
    assert prefixed(condition, "right__qualification") == (
        ~Q(right__qualification__status="draft") | Q(right__qualification__inclusion_application__ministry_id=7)
    )
    assert prefixed(condition, "") is condition


def test_an_officer_without_a_ministry_sees_no_draft_at_all(draft_records):
    stray = QualificationFactory(name_pl="Tajny projekt bez wniosku", status="draft")
    register = QualificationFactory(status="included")
    client = Client()
    client.force_login(make_user("nobody", MINISTRY_OFFICER))
    page = client.get(reverse("admin:qualifications_qualification_changelist"))
    shown = {obj.pk for obj in page.context["cl"].result_list}
    assert register.pk in shown and stray.pk not in shown and draft_records[Qualification].pk not in shown


def test_a_register_entry_does_not_name_a_related_draft_to_others(people, draft_records):
    register = QualificationFactory(name_pl="Kwalifikacja w rejestrze (test)", status="included")
    register.related_qualifications.add(draft_records[Qualification])
    url = reverse("admin:qualifications_qualification_change", args=[register.pk])
    page = people["outsider"].get(url)
    assert page.status_code == 200 and b"Kwalifikacja w rejestrze" in page.content
    assert not leaks(page)
    assert b"Tajny projekt cudzy" in people["owner"].get(url).content

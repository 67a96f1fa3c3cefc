import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from applications.models import Consultation, InclusionApplication, OfficerProfile, State
from applications.roles import COORDINATOR, MINISTRY_OFFICER, REGISTRY_OPERATOR
from applications.workflow import submit
from institutions.models import Ministry
from qualifications.models import Qualification
from tests.factories import OrganisationFactory, QualificationFactory, complete_description, ensure_roles


@pytest.fixture
def ministry(db):
    return Ministry.objects.get(code="mrit")


@pytest.fixture
def other_ministry(db):
    return Ministry.objects.get(code="msit")


def make_user(username, role=None, ministry=None):
    ensure_roles()
    user = get_user_model().objects.create_user(username=username, password="pw-for-tests-only", is_staff=True)
    if role:
        user.groups.add(Group.objects.get(name=role))
    if ministry:
        OfficerProfile.objects.create(user=user, ministry=ministry)
    return user


@pytest.fixture
def users(db, ministry, other_ministry):
    return {
        "operator": make_user("op", REGISTRY_OPERATOR),
        "officer": make_user("off", MINISTRY_OFFICER, ministry),
        "other_officer": make_user("other", MINISTRY_OFFICER, other_ministry),
        "coordinator": make_user("coord", COORDINATOR),
    }


@pytest.fixture
def clients(users):
    result = {}
    for name, user in users.items():
        client = Client()
        client.force_login(user)
        result[name] = client
    return result


def make_application(ministry, state=State.SUBMITTED, name="Stylizowanie paznokci (test)", complete=True, **fields):
    """An application put directly into a state, with the dates that state implies. Its draft has
    a complete description (with a proposed PRK level) unless ``complete=False``."""
    today = timezone.localdate()
    applicant = OrganisationFactory(email="wnioskodawca@example.com")
    draft = QualificationFactory(
        name_pl=name, name_en="", status="draft", prk_level=None, ministry=ministry, applicant=applicant
    )
    if complete:
        complete_description(draft)
    else:  # the name alone, as an application may arrive
        Qualification.objects.filter(pk=draft.pk).update(characteristic_pl="")
        draft.refresh_from_db()
    application = InclusionApplication(
        applicant=applicant, ministry=ministry, draft=draft, fee_paid_on=today, submitted_on=today, **fields
    )
    submit(application, None)
    updates = {"state": state}
    if state in (State.COMPLETION_REQUESTED,):
        updates["completion_due"] = today + datetime.timedelta(days=30)
    if state in (
        State.FORWARDED,
        State.CONSULTATION,
        State.EXPERT_REVIEW,
        State.DECIDED,
        State.PUBLISHED,
        State.REFUSED,
    ):
        updates["forwarded_on"] = today
        updates["minister_due"] = today + datetime.timedelta(days=120)
    if state == State.REFUSED:
        updates["refusal_reason"] = "Brak zapotrzebowania (test)."
    if state == State.DRAFT:  # a portal draft: not filed, so no number and no deadline yet
        updates.update(number="", formal_check_due=None)
    if state in (State.CONSULTATION, State.EXPERT_REVIEW, State.DECIDED, State.PUBLISHED):
        Consultation.objects.create(
            application=application,
            opens_on=today - datetime.timedelta(days=40),
            closes_on=today - datetime.timedelta(days=10),
        )
    InclusionApplication.objects.filter(pk=application.pk).update(**updates)
    application.refresh_from_db()
    return application


@pytest.fixture
def new_application(ministry):
    return make_application(ministry)

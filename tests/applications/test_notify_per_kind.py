"""The engine hands each kind's own application to that kind's notifier: a notifying step on a
certification-rights application must never be written up from the inclusion table, where a row with
the same id may well exist."""

import dataclasses

import pytest

from applications.models import RightsState
from applications.workflow import INCLUSION, Workflow, perform
from applications.workflow.rights import RIGHTS
from tests.applications.conftest import make_application
from tests.applications.test_rights_applications import make_rights_application

pytestmark = pytest.mark.django_db


def test_a_notifying_rights_step_reaches_the_rights_notifier_with_the_rights_application(
    ministry, users, django_capture_on_commit_callbacks
):
    inclusion = make_application(ministry)
    rights_application = make_rights_application(ministry, state=RightsState.FORMAL_CHECK)
    sent = []
    transitions = dict(RIGHTS.transitions)
    transitions["request_completion"] = dataclasses.replace(transitions["request_completion"], notify=True)
    workflow = dataclasses.replace(
        RIGHTS, transitions=transitions, notifier=lambda application, event: sent.append((application, event))
    )
    with django_capture_on_commit_callbacks(execute=True):
        perform(
            rights_application.pk, "request_completion", users["operator"], workflow=workflow, comment="Brak podpisu."
        )
    [(application, event)] = sent
    assert type(application) is type(rights_application) and application.pk == rights_application.pk
    assert application.number.startswith("IC/") and application.number != inclusion.number
    assert event.application_id == rights_application.pk and event in application.events.all()
    assert event.action == "request_completion" and event.comment == "Brak podpisu."


def test_a_table_with_notifying_steps_and_no_notifier_is_refused():
    with pytest.raises(ValueError):
        Workflow(INCLUSION.model, INCLUSION.transitions)

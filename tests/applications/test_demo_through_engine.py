"""The demo register's applications went through the workflow's rules: each step an allowed one from
the state before it, by someone whose role takes it, and nothing forwarded or published without the
complete description the formal check requires."""

import pytest
from django.utils import timezone

from applications.demo import DEMO_APPLICANT
from applications.models import (
    CertificationRightsApplication,
    InclusionApplication,
    PzzjApplication,
    PzzjState,
    State,
)
from applications.workflow import INCLUSION
from applications.workflow.pzzj import PZZJ
from applications.workflow.rights import RIGHTS
from qualifications.completeness import description_gaps
from qualifications.rights import eligible_pzzj

pytestmark = pytest.mark.django_db

KINDS = [(InclusionApplication, INCLUSION), (CertificationRightsApplication, RIGHTS), (PzzjApplication, PZZJ)]


def test_every_demo_event_is_a_step_of_the_table_from_the_state_before_it(demo_register):
    for model, workflow in KINDS:
        # Drafts being prepared in the applicant portal have not been filed: no step has been taken.
        applications = model.objects.exclude(state="draft").prefetch_related("events")
        assert applications.exists(), model.__name__
        for application in applications:
            events = list(application.events.all())
            assert events[0].action == "submit"
            state = events[0].to_state
            for event in events[1:]:
                transition = workflow.transitions[event.action]
                assert event.from_state == state and state in transition.sources, (application, event.action)
                assert event.to_state == (transition.target or state)
                state = event.to_state
            assert state == application.state


def test_nothing_reached_the_minister_without_a_complete_description(demo_register):
    past_the_formal_check = InclusionApplication.objects.exclude(
        state__in=[
            State.DRAFT,
            State.SUBMITTED,
            State.FORMAL_CHECK,
            State.COMPLETION_REQUESTED,
            State.WITHDRAWN,
            State.LEFT_UNPROCESSED,
        ]
    )
    assert past_the_formal_check.count() >= 6
    for application in past_the_formal_check.select_related("draft"):
        assert description_gaps(application.draft) == [], application.draft.code
    # The completion request names what the description lacks, as the rules write it.
    asked = InclusionApplication.objects.get(draft__code="DEMO-WN-03").events.get(action="request_completion")
    assert "Brakujące elementy opisu kwalifikacji:" in asked.comment


def test_the_demo_applicants_cases_keep_their_states(demo_register):
    cases = InclusionApplication.objects.filter(draft__code__in=[f"DEMO-WN-0{n}" for n in range(1, 5)])
    assert {a.draft.code: (a.state, a.applicant.name_pl) for a in cases} == {
        "DEMO-WN-01": (State.SUBMITTED, DEMO_APPLICANT),
        "DEMO-WN-02": (State.FORMAL_CHECK, DEMO_APPLICANT),
        "DEMO-WN-03": (State.COMPLETION_REQUESTED, DEMO_APPLICANT),
        "DEMO-WN-04": (State.FORWARDED, DEMO_APPLICANT),
    }


def test_the_granted_right_designates_a_pzzj_entered_through_its_own_application(demo_register):
    granted = CertificationRightsApplication.objects.get(state="granted")
    pzzj = granted.right.pzzj
    assert pzzj is not None and pzzj.name_pl.endswith("(demo)")
    assert eligible_pzzj(granted.qualification, timezone.localdate()).filter(pk=pzzj.pk).exists()
    entered = PzzjApplication.objects.get(state=PzzjState.ENTERED)
    assert entered.applicant == pzzj and entered.entry.organisation == pzzj
    assert set(PzzjApplication.objects.values_list("state", flat=True)) >= {
        PzzjState.SUBMITTED,
        PzzjState.COMPLETION_REQUESTED,
        PzzjState.FORWARDED,
        PzzjState.ENTERED,
        PzzjState.REFUSED,
    }
    # Without demo accounts the steps were taken by the system: recorded as no one.
    assert not granted.events.exclude(actor=None).exists()

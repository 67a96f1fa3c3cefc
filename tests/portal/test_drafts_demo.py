"""The demo's half-filled draft: the demo applicant organisation has an inclusion draft with some
sections complete and others not, labelled demo, hidden from the back-office, loaded once."""

import pytest
from django.core.management import call_command

from applications.models import InclusionApplication, State
from applications.portal.demo import DRAFT_CODE, load_portal_demo
from applications.portal.sections import COMPLETE, IN_PROGRESS, NOT_STARTED, section_states
from qualifications.models import Qualification

pytestmark = pytest.mark.django_db


def test_the_demo_applicant_has_a_half_filled_draft(demo_register):
    application = InclusionApplication.objects.get(draft__code=DRAFT_CODE)
    assert application.state == State.DRAFT and application.number == ""
    assert application.applicant.name_pl == "Stowarzyszenie Przykładowych Wnioskodawców (demo)"
    assert "(demo)" in application.draft.name_pl and "(demo)" in application.draft.characteristic_pl
    statuses = {state.section.slug: state.status for state in section_states(application)}
    assert statuses == {
        "minister": COMPLETE,
        "general": COMPLETE,
        "document": COMPLETE,
        "outcomes": IN_PROGRESS,
        "validation": NOT_STARTED,
        "demand": NOT_STARTED,
        "codes": COMPLETE,
        "fee": NOT_STARTED,
    }
    # Not in the register, not on any public list.
    assert not Qualification.objects.public().filter(code=DRAFT_CODE).exists()


def test_loading_the_demo_again_adds_no_second_draft(demo_register):
    before = InclusionApplication.objects.filter(state=State.DRAFT).count()
    assert load_portal_demo() == {"portal drafts": before}
    call_command("load_demo", verbosity=0)
    assert InclusionApplication.objects.filter(state=State.DRAFT).count() == before == 1

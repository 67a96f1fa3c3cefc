"""Withdrawing an application online: the confirmation page, the engine step from every filed state
that has not ended, the event in the log; refused to viewers and for closed applications."""

import pytest

from applications.portal.kinds import KINDS
from tests.portal.case_support import KIND_SLUGS, MemberRole, case_url, client_for, filed, member

pytestmark = pytest.mark.django_db

REASON = "Organizacja rezygnuje z prowadzenia walidacji."


def non_terminal(kind):
    return KINDS[kind].workflow.transitions["withdraw_online"].sources


def test_the_confirmation_page_explains_and_asks_for_confirmation():
    application = filed("inclusion", "formal_check")
    client = client_for(member(application.applicant, MemberRole.OWNER, "owner"))
    url = case_url("inclusion", application, "portal:case_withdraw")
    assert url in client.get(case_url("inclusion", application)).content.decode()
    page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Wycofania nie można cofnąć." in text and 'name="confirm"' in text
    # Without the confirmation nothing happens.
    response = client.post(url, {"expected_state": "formal_check", "comment": REASON})
    assert response.status_code == 400 and "Potwierdź, że chcesz wycofać wniosek." in response.content.decode()
    application.refresh_from_db()
    assert application.state == "formal_check" and application.events.count() == 1


@pytest.mark.parametrize(("kind", "state"), [(kind, state) for kind in KIND_SLUGS for state in non_terminal(kind)])
def test_an_owner_or_editor_withdraws_from_every_open_state(kind, state):
    application = filed(kind, state)
    role = MemberRole.OWNER if state == "submitted" else MemberRole.EDITOR
    user = member(application.applicant, role, "member")
    response = client_for(user).post(
        case_url(kind, application, "portal:case_withdraw"),
        {"expected_state": state, "comment": REASON, "confirm": "on"},
    )
    assert response.status_code == 302 and response.url.endswith("?done=withdrawn#state")
    application.refresh_from_db()
    assert application.state == "withdrawn"
    event = application.events.order_by("-created_at", "-pk").first()
    assert (event.action, event.from_state, event.to_state, event.actor, event.comment) == (
        "withdraw_online",
        state,
        "withdrawn",
        user,
        REASON,
    )
    text = client_for(user).get(response.url).content.decode()
    assert "Wniosek został wycofany." in text and REASON in text


def test_a_viewer_cannot_withdraw():
    application = filed("rights", "forwarded")
    viewer = client_for(member(application.applicant, MemberRole.VIEWER, "viewer"))
    url = case_url("rights", application, "portal:case_withdraw")
    assert viewer.get(url).status_code == 403
    assert viewer.post(url, {"expected_state": "forwarded", "confirm": "on"}).status_code == 403
    application.refresh_from_db()
    assert application.state == "forwarded" and application.events.count() == 1


@pytest.mark.parametrize("state", ["published", "refused", "withdrawn", "left_unprocessed"])
def test_a_closed_application_cannot_be_withdrawn(state):
    application = filed("inclusion", state)
    client = client_for(member(application.applicant, MemberRole.OWNER, "owner"))
    response = client.post(
        case_url("inclusion", application, "portal:case_withdraw"), {"expected_state": state, "confirm": "on"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == state and application.events.count() == 1


def test_a_stale_page_withdraws_nothing():
    application = filed("pzzj", "formal_check")
    client = client_for(member(application.applicant, MemberRole.OWNER, "owner"))
    response = client.post(
        case_url("pzzj", application, "portal:case_withdraw"), {"expected_state": "submitted", "confirm": "on"}
    )
    assert response.status_code == 400 and "error-summary" in response.content.decode()
    application.refresh_from_db()
    assert application.state == "formal_check"

"""The case pages on the demo register: every application of the demo applicant opens in both
languages, and the one waiting for completion (DEMO-WN-03) is answered online."""

import pytest
from django.utils import translation

from applications.demo import DEMO_APPLICANT
from applications.models import InclusionApplication
from applications.portal.kinds import KINDS, portal_url
from institutions.models import Organisation
from tests.portal.case_support import MemberRole, client_for, member, use_media
from tests.security.test_csp import assert_strict, inline_code


@pytest.fixture
def demo_member(demo_register):
    organisation = Organisation.objects.get(name_pl=DEMO_APPLICANT)
    return organisation, member(organisation, MemberRole.EDITOR, "demo-editor")


def test_every_demo_application_of_the_applicant_opens_in_both_languages_under_the_strict_policy(demo_member):
    organisation, user = demo_member
    client = client_for(user)
    applications = [
        application
        for kind in KINDS.values()
        for application in kind.model.objects.filter(applicant=organisation).exclude(state="draft")
    ]
    assert len(applications) >= 4
    for application in applications:
        for language in ("pl", "en"):
            with translation.override(language):
                url = portal_url(application)
            pages = [client.get(url)]
            if not application.is_terminal:
                pages.append(client.get(f"{url}{'wycofaj' if language == 'pl' else 'withdraw'}/"))
            for response in pages:
                assert response.status_code == 200, (url, response.status_code)
                assert application.number in response.content.decode()
                assert_strict(response)
                assert inline_code(response.content.decode()) == [], url


def test_the_demo_completion_request_is_answered_online(demo_member, settings, tmp_path):
    use_media(settings, tmp_path)
    organisation, user = demo_member
    application = InclusionApplication.objects.get(draft__code="DEMO-WN-03")
    client = client_for(user)
    url = portal_url(application)
    page = client.get(url).content.decode()
    assert "Proszę uzupełnić kryteria weryfikacji efektów (demo)." in page and 'name="message"' in page
    response = client.post(
        url + "odpowiedz/", {"expected_state": "completion_requested", "message": "Uzupełniliśmy kryteria (demo)."}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == "formal_check"
    assert application.events.last().action == "answer_completion"

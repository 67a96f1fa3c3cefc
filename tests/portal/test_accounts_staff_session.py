"""A staff member signed in at the back-office cannot use the applicant portal with that session: the
portal refuses staff accounts at its login, and its pages refuse a staff session too, so nobody files
or edits an application with a staff account."""

import pytest
from django.test import Client
from django.urls import reverse

from applications.models import InclusionApplication
from tests.portal.accounts_helpers import PASSWORD, applicant, login, organisation

pytestmark = pytest.mark.django_db


def staff_client(email="urzednik@example.org", **extra):
    user = applicant(email, is_staff=True, **extra)
    client = Client()
    response = client.post(reverse("admin:login"), {"username": user.username, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    return user, client


@pytest.mark.parametrize("name", ["portal:dashboard", "portal:organisations", "portal:organisation_create"])
def test_a_staff_session_is_refused_by_the_portal_pages(name):
    _, client = staff_client()
    response = client.get(reverse(name))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Portal wnioskodawcy służy kontom wnioskodawców" in page
    assert reverse("admin:index") in page


def test_a_staff_member_of_an_organisation_cannot_start_a_draft_for_it():
    user, client = staff_client("kadry@example.org", is_superuser=True)
    org = organisation(owner=user)
    response = client.post(reverse("portal:new", args=["inclusion"]), {"organisation": org.pk})
    assert response.status_code == 403
    assert InclusionApplication.objects.filter(applicant=org).count() == 0
    assert client.get(reverse("portal:organisation", args=[org.pk])).status_code == 403


def test_an_applicant_still_reaches_the_portal():
    applicant("wnioskodawca@example.org")
    client = Client()
    login(client, "wnioskodawca@example.org")
    assert client.get(reverse("portal:dashboard")).status_code == 200


def test_the_eligibility_check_stays_open_to_everyone():
    _, client = staff_client()
    assert client.get(reverse("portal:eligibility")).status_code == 200

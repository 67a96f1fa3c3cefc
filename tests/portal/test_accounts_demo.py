"""The demo applicant of `make run`: printed with the other demo accounts, verified, owner of the demo
applicant organisation, able to log in to the portal in demo mode only."""

import io

from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from applications.demo import DEMO_APPLICANT
from applications.demo_accounts import DEMO_APPLICANT_EMAIL, DEMO_APPLICANT_PASSWORD
from institutions.models import MemberRole, Membership


def test_load_demo_creates_and_prints_the_demo_applicant(settings, demo_register):
    settings.ZRK_DEMO = True
    out = io.StringIO()
    call_command("load_demo", users=True, stdout=out)
    call_command("load_demo", users=True, stdout=io.StringIO())  # idempotent
    printed = out.getvalue()
    assert DEMO_APPLICANT_EMAIL in printed and DEMO_APPLICANT_PASSWORD in printed and "/konto/login/" in printed
    membership = Membership.objects.get(user__email=DEMO_APPLICANT_EMAIL)
    assert membership.organisation.name_pl == DEMO_APPLICANT and membership.role == MemberRole.OWNER
    assert EmailAddress.objects.get(email=DEMO_APPLICANT_EMAIL).verified
    client = Client()
    client.post("/konto/login/", {"login": DEMO_APPLICANT_EMAIL, "password": DEMO_APPLICANT_PASSWORD})
    page = client.get(reverse("portal:dashboard"))
    assert page.status_code == 200 and DEMO_APPLICANT in page.content.decode()
    # Outside demo mode the same database lets nobody in with the published password.
    settings.ZRK_DEMO = False
    refused = Client()
    refused.post("/konto/login/", {"login": DEMO_APPLICANT_EMAIL, "password": DEMO_APPLICANT_PASSWORD})
    assert "_auth_user_id" not in refused.session

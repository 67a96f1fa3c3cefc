"""Shared helpers of the case-page tests (tests/portal/test_case_*.py): filed applications of the three
kinds moved through the real workflow steps, members of the applying organisation, and the pages."""

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from applications.models import PzzjState, RightsState, State
from applications.workflow.engine import perform
from institutions.models import MemberRole, Membership, Ministry
from tests.applications.conftest import make_application, make_user
from tests.applications.test_pzzj_applications import make_pzzj_application
from tests.applications.test_rights_applications import make_rights_application

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PDF_2 = PDF.replace(b"1.4", b"1.5")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 17 + b"\x00\x00\x00\x00IEND\xaeB`\x82"
REQUEST = "Brak potwierdzenia opłaty i podpisu osoby upoważnionej."
INTERNAL = "Notatka wewnętrzna: zadzwonić do Kowalskiego w sprawie opłaty."


def pdf(name="uzupelnienie.pdf", body=PDF):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def member(organisation, role, username):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", "x-Strong-pass-91", first_name="Anna", last_name=username.title()
    )
    Membership.objects.create(organisation=organisation, user=user, role=role)
    return user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def mrit():
    return Ministry.objects.get(code="mrit")


def filed(kind, state="submitted"):
    """A filed application of ``kind`` put in ``state`` (no events beyond the submission)."""
    if kind == "inclusion":
        return make_application(mrit(), state)
    if kind == "rights":
        return make_rights_application(mrit(), state)
    return make_pzzj_application([mrit()], state)


def workflow_of(kind):
    from applications.portal.kinds import KINDS

    return KINDS[kind].workflow


def completion_requested(kind, operator, comment=REQUEST):
    """A filed application taken by the operator through the formal check to a completion request."""
    application = filed(kind)
    workflow = workflow_of(kind)
    perform(application.pk, "start_formal_check", operator, workflow=workflow)
    perform(application.pk, "request_completion", operator, workflow=workflow, comment=comment)
    application.refresh_from_db()
    return application


def case_url(kind, application, name="portal:case"):
    return reverse(name, args=[kind, application.pk])


STATES = {"inclusion": State, "rights": RightsState, "pzzj": PzzjState}
KIND_SLUGS = ("inclusion", "rights", "pzzj")


def staff_users():
    from applications.roles import COORDINATOR, MINISTRY_OFFICER, REGISTRY_OPERATOR

    operator = make_user("op", REGISTRY_OPERATOR)
    operator.email = "operator@ibe.example"
    operator.save()
    officer = make_user("off", MINISTRY_OFFICER, mrit())
    officer.email = "officer@ministerstwo.example"
    officer.first_name, officer.last_name = "Jan", "Urzędnik"
    officer.save()
    coordinator = make_user("coord", COORDINATOR)
    return {"operator": operator, "officer": officer, "coordinator": coordinator}


def use_media(settings, tmp_path):
    """Applicants' files in the test's own folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


__all__ = [
    "INTERNAL",
    "KIND_SLUGS",
    "PDF",
    "PDF_2",
    "PNG",
    "REQUEST",
    "STATES",
    "MemberRole",
    "case_url",
    "client_for",
    "completion_requested",
    "filed",
    "member",
    "pdf",
    "staff_users",
    "use_media",
    "workflow_of",
]

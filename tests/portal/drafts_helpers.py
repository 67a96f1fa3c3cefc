"""Shared set-up of the draft tests (tests/portal/test_drafts_*.py): an organisation with an owner,
an editor, a viewer and a stranger, drafts of each kind, and what makes a draft complete."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import CertificationRightsApplication, InclusionApplication, PzzjApplication
from applications.portal.kinds import DRAFT
from applications.uploads import store_upload
from institutions.models import MemberRole, Membership, Ministry
from qualifications.models import Qualification, Status
from tests.factories import OrganisationFactory, QualificationFactory, complete_description, valid_nip

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 17 + b"\x00\x00\x00\x00IEND\xaeB`\x82"


def pdf(name="dowod.pdf", marker="1"):
    """A small valid PDF; ``marker`` makes its content (and hash) differ."""
    return SimpleUploadedFile(name, PDF + f"% {marker}\n".encode(), content_type="application/pdf")


def member(organisation, role, username):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "x-Strong-pass-91")
    if role:
        Membership.objects.create(organisation=organisation, user=user, role=role)
    return user


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def organisation(db):
    return OrganisationFactory(nip=valid_nip(7), email="biuro@example.org")


@pytest.fixture
def people(organisation):
    other = OrganisationFactory(nip=valid_nip(8))
    return {
        "owner": member(organisation, MemberRole.OWNER, "owner"),
        "editor": member(organisation, MemberRole.EDITOR, "editor"),
        "viewer": member(organisation, MemberRole.VIEWER, "viewer"),
        "stranger": member(other, MemberRole.OWNER, "stranger"),
    }


@pytest.fixture
def ministry(db):
    return Ministry.objects.get(code="mrit")


@pytest.fixture
def in_register(db):
    return QualificationFactory(status=Status.INCLUDED)


def inclusion_draft(organisation, name="Projektowanie ogrodów (test)"):
    draft = Qualification.objects.create(
        name_pl=name, status=Status.DRAFT, type="partial", category="free_market", applicant=organisation
    )
    return InclusionApplication.objects.create(applicant=organisation, draft=draft, state=DRAFT)


def rights_draft(organisation, qualification):
    return CertificationRightsApplication.objects.create(
        applicant=organisation, qualification=qualification, state=DRAFT
    )


def pzzj_draft(organisation):
    return PzzjApplication.objects.create(applicant=organisation, state=DRAFT)


def pay(application, user=None):
    application.fee_reference = "Opłata za wniosek"
    application.fee_paid_on = timezone.localdate() - datetime.timedelta(days=1)
    application.save()
    store_upload(application, pdf(marker=f"fee-{application.pk}"), section="fee", user=user)


def complete_inclusion(application, ministry):
    application.ministry = ministry
    application.save()
    complete_description(application.draft)
    pay(application)
    return application


def complete_rights(application):
    for name in ("validation_staff", "validation_conditions", "quality_system"):
        setattr(application, name, "Opis (test).")
    application.no_arrears_declared = True
    application.save()
    pay(application)
    return application


def complete_pzzj(application, ministry):
    for name in ("experience", "staff", "quality_system"):
        setattr(application, name, "Opis (test).")
    application.no_arrears_declared = True
    application.save()
    application.ministries.set([ministry])
    pay(application)
    return application


def url(name, application, *more):
    from applications.portal.kinds import kind_of

    return reverse(f"portal:{name}", args=[kind_of(application).slug, application.pk, *more])

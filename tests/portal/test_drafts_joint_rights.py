"""A certification-rights application filed jointly with the organisation's own inclusion application
(art. 43): started from that draft, it goes to the same minister, costs 5,000 zł instead of 10,000 zł,
asks for no fee before the notice in Monitor Polski, and is submitted after its inclusion application."""

from decimal import Decimal

import pytest
from django.urls import reverse

from applications.models import CertificationRightsApplication, State
from applications.portal.kinds import DRAFT
from tests.factories import OrganisationFactory, valid_nip
from tests.portal.drafts_helpers import client_for, complete_inclusion, inclusion_draft, url

pytestmark = pytest.mark.django_db

NEW = reverse("portal:new", args=["rights"])


def start(client, organisation, **data):
    return client.post(NEW, {"organisation": organisation.pk, **data})


def give_minister(application, ministry):
    application.ministry = ministry
    application.save()
    application.draft.ministry = ministry
    application.draft.save()


def joint_draft(organisation, people, ministry, *, filled: bool = True):
    """The organisation's inclusion draft (its minister chosen) and, started jointly with it by the
    editor, a rights draft whose sections are filled: (editor's client, inclusion draft, rights draft)."""
    inclusion = inclusion_draft(organisation)
    give_minister(inclusion, ministry)
    editor = client_for(people["editor"])
    start(editor, organisation, inclusion_application=inclusion.pk)
    rights = CertificationRightsApplication.objects.get(applicant=organisation)
    if filled:
        fill_rights_sections(editor, rights)
    return editor, inclusion, rights


def fill_rights_sections(client, application):
    for section, data in [
        ("staff", {"validation_staff": "Dwóch asesorów (test).", "contact_email": ""}),
        ("conditions", {"validation_conditions": "Pracownia (test)."}),
        ("quality", {"quality_system": "Procedura (test)."}),
        ("declarations", {"no_arrears_declared": "on"}),
    ]:
        response = client.post(url("section", application, section), {**data, "then": "list"})
        assert response.status_code == 302, (section, response.content.decode()[:2000])


def test_a_rights_draft_is_started_jointly_with_the_organisations_inclusion_draft(organisation, people, ministry):
    editor = client_for(people["editor"])
    page = editor.get(NEW + f"?organisation={organisation.pk}").content.decode()
    assert 'name="inclusion_application"' not in page  # nothing to join yet
    inclusion = inclusion_draft(organisation)
    page = editor.get(NEW + f"?organisation={organisation.pk}").content.decode()
    assert 'name="inclusion_application"' in page and "Projektowanie ogrodów (test)" in page
    # The minister is chosen in the inclusion application first: this one goes to the same.
    response = start(editor, organisation, inclusion_application=inclusion.pk)
    assert response.status_code == 400
    assert "Najpierw wskaż właściwego ministra" in response.content.decode()
    give_minister(inclusion, ministry)
    response = start(editor, organisation, inclusion_application=inclusion.pk)
    assert response.status_code == 302
    rights = CertificationRightsApplication.objects.get(applicant=organisation)
    assert rights.inclusion_application == inclusion and rights.qualification == inclusion.draft
    assert rights.ministry == ministry and rights.fee == Decimal("5000.00") and rights.state == DRAFT
    assert rights.filed_jointly


def test_either_a_qualification_or_the_inclusion_application_not_both_nor_neither(organisation, people, ministry):
    inclusion = inclusion_draft(organisation)
    give_minister(inclusion, ministry)
    editor = client_for(people["editor"])
    neither = start(editor, organisation, qualification="")
    assert neither.status_code == 400 and "Podaj identyfikator ZRK lub kod kwalifikacji" in neither.content.decode()
    both = start(editor, organisation, qualification="13859", inclusion_application=inclusion.pk)
    assert both.status_code == 400
    assert not CertificationRightsApplication.objects.exists()


def test_another_organisations_inclusion_application_cannot_be_joined(organisation, people, ministry):
    other = OrganisationFactory(nip=valid_nip(11))
    theirs = inclusion_draft(other, name="Cudza kwalifikacja (test)")
    give_minister(theirs, ministry)
    mine = inclusion_draft(organisation)
    give_minister(mine, ministry)
    editor = client_for(people["editor"])
    page = editor.get(NEW + f"?organisation={organisation.pk}").content.decode()
    assert "Cudza kwalifikacja (test)" not in page
    response = start(editor, organisation, inclusion_application=theirs.pk)
    assert response.status_code == 400
    assert not CertificationRightsApplication.objects.exists()


def test_the_joint_draft_asks_no_fee_and_is_submitted_after_its_inclusion_application(
    organisation, people, ministry, media, django_capture_on_commit_callbacks
):
    editor, inclusion, rights = joint_draft(organisation, people, ministry)
    task_list = editor.get(url("draft", rights)).content.decode()
    assert "5 z 5 sekcji ukończonych" in task_list  # the fee section asks for nothing now
    assert "opłata wynosi 5000 zł" in task_list or "opłata wynosi 5 000 zł" in task_list
    fee_page = editor.get(url("section", rights, "fee")).content.decode()
    assert "po ogłoszeniu obwieszczenia w Monitorze Polskim" in fee_page
    # Not before its inclusion application.
    refused = editor.post(url("submit", rights))
    assert refused.status_code == 400 and "Najpierw złóż wniosek o włączenie" in refused.content.decode()
    rights.refresh_from_db()
    assert rights.state == DRAFT and rights.number == ""
    complete_inclusion(inclusion, ministry)
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(url("submit", inclusion)).status_code == 302
        assert editor.post(url("submit", rights)).status_code == 302
    rights.refresh_from_db()
    assert rights.state == "submitted" and rights.number.startswith("IC/")
    assert rights.fee == Decimal("5000.00") and rights.fee_paid_on is None


def test_a_joint_draft_cannot_be_submitted_once_its_inclusion_application_has_ended(organisation, people, ministry):
    editor, inclusion, rights = joint_draft(organisation, people, ministry)
    type(inclusion).objects.filter(pk=inclusion.pk).update(state=State.WITHDRAWN, number="ZSK/2026/9999")
    refused = editor.post(url("submit", rights))
    assert refused.status_code == 400 and "nie może już zostać złożony" in refused.content.decode()


def test_the_joint_draft_follows_the_minister_chosen_in_the_inclusion_application(organisation, people, ministry):
    from institutions.models import Ministry

    editor, inclusion, _rights = joint_draft(organisation, people, ministry, filled=False)
    other = Ministry.objects.exclude(pk=ministry.pk).filter(active=True).first()
    response = editor.post(
        url("section", inclusion, "minister"), {"ministry": other.pk, "contact_email": "", "then": "list"}
    )
    assert response.status_code == 302
    assert CertificationRightsApplication.objects.get(applicant=organisation).ministry == other

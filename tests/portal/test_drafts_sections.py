"""The section pages of a draft: server-side validation with the error summary (nothing stored on a
refusal), save and return / save and continue, the learning-outcome editor, uploads per section, the
fee section and the members' download of the files."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.models import ApplicantFile
from applications.portal.sections import COMPLETE, IN_PROGRESS, NOT_STARTED, section_states
from applications.uploads import MAX_UPLOAD_BYTES
from qualifications.models import LearningOutcome, LearningOutcomeSet, VerificationCriterion
from tests.portal.drafts_helpers import (
    PDF,
    PNG,
    client_for,
    inclusion_draft,
    pdf,
    pzzj_draft,
    rights_draft,
    url,
)

pytestmark = pytest.mark.django_db


def status_of(application, slug):
    fresh = type(application).objects.get(pk=application.pk)  # as the next page will read it
    return next(state.status for state in section_states(fresh) if state.section.slug == slug)


@pytest.fixture
def draft(organisation):
    return inclusion_draft(organisation)


def test_each_section_page_lists_its_fields_and_what_is_missing(draft, people):
    client = client_for(people["viewer"])
    for slug in ("minister", "general", "document", "outcomes", "validation", "demand", "codes", "fee"):
        page = client.get(url("section", draft, slug))
        assert page.status_code == 200, slug
    page = client_for(people["editor"]).get(url("section", draft, "fee")).content.decode()
    assert "2000,00 zł" in page or "2 000,00 zł" in page or "2\xa0000,00 zł" in page  # the statutory fee
    assert 'name="fee_reference"' in page and 'type="file"' in page
    assert client.get(url("section", draft, "nonsense")).status_code == 404


@pytest.mark.parametrize(
    ("slug", "data", "field"),
    [
        ("codes", {"isced_code": "abc", "pkd_code": "96.02.Z"}, "isced_code"),
        ("codes", {"isced_code": "1012", "pkd_code": "96-02"}, "pkd_code"),
        (
            "document",
            {"document_name_pl": "Certyfikat", "validity_months": "24", "validity_indefinite": "on"},
            "validity_indefinite",
        ),
        ("document", {"document_name_pl": "Certyfikat", "workload_hours": "0"}, "workload_hours"),
        ("general", {"name_pl": "", "category": "free_market"}, "name_pl"),
        ("general", {"name_pl": "Nazwa", "category": "vocational"}, "category"),
        ("general", {"name_pl": "Nazwa", "category": "free_market", "prk_level": "9"}, "prk_level"),
        ("minister", {"ministry": "", "contact_email": "x@example.org"}, "ministry"),
        ("minister", {"ministry": "999999", "contact_email": "nie-adres"}, "contact_email"),
        ("demand", {"demand_pl": "x" * 20_001}, "demand_pl"),
    ],
)
def test_a_refused_inclusion_section_shows_the_error_summary_and_stores_nothing(draft, people, slug, data, field):
    qualifications = type(draft.draft).objects.filter(pk=draft.draft_id)
    before = (qualifications.values().get(), draft.__class__.objects.filter(pk=draft.pk).values().get())
    response = client_for(people["editor"]).post(url("section", draft, slug), {**data, "then": "list"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page
    assert f'href="#id_{field}"' in page or f'id="id_{field}"' in page  # linked to the field
    assert "error-message" in page  # the message next to the field
    assert qualifications.values().get() == before[0]
    assert draft.__class__.objects.filter(pk=draft.pk).values().get() == before[1]


def test_save_and_continue_opens_the_next_section_and_save_and_return_the_task_list(draft, people, ministry):
    client = client_for(people["editor"])
    response = client.post(
        url("section", draft, "minister"), {"ministry": ministry.pk, "contact_email": "", "then": "continue"}
    )
    assert response.status_code == 302 and response["Location"] == url("section", draft, "general")
    draft.refresh_from_db()
    assert draft.ministry == ministry and draft.draft.ministry == ministry
    assert status_of(draft, "minister") == COMPLETE
    response = client.post(url("section", draft, "codes"), {"isced_code": "1012", "pkd_code": "", "then": "list"})
    assert response["Location"] == url("draft", draft)
    assert status_of(draft, "codes") == IN_PROGRESS
    assert status_of(draft, "validation") == NOT_STARTED
    page = client.get(url("section", draft, "codes")).content.decode()
    assert "kod PKD" in page  # what is still missing, in words


def test_the_description_sections_complete_the_rule_of_the_back_office(draft, people):
    client = client_for(people["owner"])
    client.post(
        url("section", draft, "general"),
        {
            "name_pl": "Projektowanie ogrodów",
            "category": "free_market",
            "characteristic_pl": "Osoba posiadająca kwalifikację projektuje ogrody.",
            "prk_level": "4",
            "target_groups_pl": "Ogrodnicy.",
        },
    )
    client.post(
        url("section", draft, "document"),
        {"document_name_pl": "Certyfikat", "validity_indefinite": "on", "workload_hours": "100"},
    )
    client.post(
        url("section", draft, "validation"),
        {"entry_conditions_pl": "Brak.", "validation_requirements_pl": "Test i obserwacja."},
    )
    client.post(url("section", draft, "demand"), {"demand_pl": "Pracodawcy szukają projektantów."})
    client.post(url("section", draft, "codes"), {"isced_code": "0812", "pkd_code": "71.11.Z"})
    for slug in ("general", "document", "validation", "demand", "codes"):
        assert status_of(draft, slug) == COMPLETE, slug
    from qualifications.completeness import description_gaps

    draft.draft.refresh_from_db()
    assert [gap.code for gap in description_gaps(draft.draft)] == ["outcome_sets"]


def test_the_outcome_editor_adds_edits_and_removes_rows(draft, people):
    client = client_for(people["editor"])
    assert status_of(draft, "outcomes") == NOT_STARTED
    response = client.post(url("row_add", draft, "set"), {"name_pl": "Planowanie", "workload_hours": "10"})
    assert response["Location"] == url("section", draft, "outcomes")
    outcome_set = LearningOutcomeSet.objects.get(qualification=draft.draft)
    client.post(url("row_add", draft, "outcome"), {"parent": outcome_set.pk, "text_pl": "Planuje prace."})
    outcome = LearningOutcome.objects.get(outcome_set=outcome_set)
    assert status_of(draft, "outcomes") == IN_PROGRESS
    client.post(url("row_add", draft, "criterion"), {"parent": outcome.pk, "text_pl": "sporządza plan"})
    assert status_of(draft, "outcomes") == COMPLETE
    criterion = VerificationCriterion.objects.get(outcome=outcome)
    page = client.get(url("section", draft, "outcomes")).content.decode()
    assert "Planuje prace." in page and "sporządza plan" in page
    client.post(url("row_edit", draft, "criterion", criterion.pk), {"text_pl": "sporządza harmonogram"})
    criterion.refresh_from_db()
    assert criterion.text_pl == "sporządza harmonogram"
    # Refused: empty text; nothing changes.
    response = client.post(url("row_edit", draft, "outcome", outcome.pk), {"text_pl": ""})
    assert response.status_code == 400 and 'class="error-summary"' in response.content.decode()
    outcome.refresh_from_db()
    assert outcome.text_pl == "Planuje prace."
    client.post(url("row_add", draft, "outcome"), {"parent": outcome_set.pk, "text_pl": "Drugi efekt."})
    assert list(outcome_set.outcomes.values_list("position", flat=True)) == [1, 2]
    client.post(url("row_delete", draft, "criterion", criterion.pk))
    assert status_of(draft, "outcomes") == IN_PROGRESS
    client.post(url("row_delete", draft, "set", outcome_set.pk))
    assert not LearningOutcomeSet.objects.filter(qualification=draft.draft).exists()
    assert status_of(draft, "outcomes") == NOT_STARTED


def test_the_outcome_editor_refuses_rows_of_another_draft(organisation, draft, people):
    other = inclusion_draft(organisation, "Inna kwalifikacja (test)")
    foreign_set = LearningOutcomeSet.objects.create(qualification=other.draft, position=1, name_pl="Obcy")
    client = client_for(people["editor"])
    assert client.post(url("row_add", draft, "outcome"), {"parent": foreign_set.pk, "text_pl": "x"}).status_code == 404
    assert client.get(url("row_edit", draft, "set", foreign_set.pk)).status_code == 404
    assert client.post(url("row_delete", draft, "set", foreign_set.pk)).status_code == 404
    assert client.post(url("row_add", draft, "nonsense"), {"text_pl": "x"}).status_code == 404
    assert client.post(url("row_add", draft, "outcome"), {"parent": "x", "text_pl": "x"}).status_code == 404
    assert LearningOutcomeSet.objects.filter(pk=foreign_set.pk).exists()
    assert not LearningOutcome.objects.exists()
    # A viewer reads but does not edit.
    viewer = client_for(people["viewer"])
    assert viewer.post(url("row_add", draft, "set"), {"name_pl": "Z"}).status_code == 403
    assert not LearningOutcomeSet.objects.filter(qualification=draft.draft).exists()


def test_uploads_are_stored_per_section_listed_and_removed(draft, people, media):
    client = client_for(people["editor"])
    response = client.post(
        url("section", draft, "fee"),
        {
            "fee_reference": "Opłata ZSK",
            "fee_paid_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
            "file": pdf("potwierdzenie wpłaty.pdf"),
            "then": "list",
        },
    )
    assert response.status_code == 302
    stored = ApplicantFile.objects.get()
    assert stored.section == "fee" and stored.inclusion_application == draft
    assert status_of(draft, "fee") == COMPLETE
    page = client.get(url("section", draft, "fee")).content.decode()
    assert "potwierdzenie wpłaty.pdf" in page and url("file", draft, stored.pk) in page
    assert url("file_delete", draft, stored.pk) in page
    # The same content again: refused next to the file field, nothing else stored either.
    response = client.post(
        url("section", draft, "fee"),
        {"fee_reference": "Zmieniony tytuł", "fee_paid_on": "", "file": pdf("kopia.pdf"), "then": "list"},
    )
    assert response.status_code == 400 and "potwierdzenie wpłaty.pdf" in response.content.decode()
    draft.refresh_from_db()
    assert draft.fee_reference == "Opłata ZSK" and ApplicantFile.objects.count() == 1
    # A viewer cannot remove it; an editor can.
    assert client_for(people["viewer"]).post(url("file_delete", draft, stored.pk)).status_code == 403
    response = client.post(url("file_delete", draft, stored.pk))
    assert response["Location"] == url("section", draft, "fee")
    assert not ApplicantFile.objects.exists()
    assert status_of(draft, "fee") == IN_PROGRESS


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("program.exe", b"MZ\x90\x00"),
        ("skan.png", PDF),  # the content decides, not the name
        ("pusty.pdf", b""),
        ("strona.pdf", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_refused_uploads_store_nothing(draft, people, media, name, body):
    response = client_for(people["editor"]).post(
        url("section", draft, "demand"),
        {"demand_pl": "Zapotrzebowanie.", "file": SimpleUploadedFile(name, body), "then": "list"},
    )
    assert response.status_code == 400
    assert 'href="#id_file"' in response.content.decode()
    assert not ApplicantFile.objects.exists()
    draft.draft.refresh_from_db()
    assert not draft.draft.demand_pl  # the section's text is not saved either
    assert not list(media.rglob("*.*"))


def test_a_file_over_the_size_limit_is_refused(draft, people, media):
    big = SimpleUploadedFile("duzy.png", PNG[:-12] + b"\x00" * (MAX_UPLOAD_BYTES) + PNG[-12:])
    response = client_for(people["editor"]).post(url("section", draft, "demand"), {"file": big, "then": "list"})
    assert response.status_code == 400 and "10 MB" in response.content.decode()
    assert not ApplicantFile.objects.exists()


def test_members_download_files_as_attachments_with_their_names(draft, people, media, client):
    client_for(people["editor"]).post(
        url("section", draft, "codes"), {"isced_code": "", "pkd_code": "", "file": pdf("Dowód „wpłaty”.pdf")}
    )
    stored = ApplicantFile.objects.get()
    response = client_for(people["viewer"]).get(url("file", draft, stored.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Dow%C3%B3d%20%E2%80%9Ewp%C5%82aty%E2%80%9D.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert client_for(people["stranger"]).get(url("file", draft, stored.pk)).status_code == 404
    anonymous = client.get(url("file", draft, stored.pk))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    # A file id of another application of the same organisation: 404 through this one.
    other = pzzj_draft(draft.applicant)
    from django.urls import reverse

    assert (
        client_for(people["viewer"]).get(reverse("portal:file", args=["pzzj", other.pk, stored.pk])).status_code == 404
    )


def test_rights_and_pzzj_sections_save_their_answers(organisation, people, ministry, in_register, media):
    rights = rights_draft(organisation, in_register)
    client = client_for(people["owner"])
    client.post(url("section", rights, "staff"), {"validation_staff": "Dwóch egzaminatorów.", "contact_email": ""})
    client.post(url("section", rights, "declarations"), {"no_arrears_declared": "on"})
    rights.refresh_from_db()
    assert rights.validation_staff == "Dwóch egzaminatorów." and rights.no_arrears_declared
    assert status_of(rights, "staff") == COMPLETE and status_of(rights, "conditions") == NOT_STARTED
    pzzj = pzzj_draft(organisation)
    response = client.post(url("section", pzzj, "groups"), {"ministries": ["999999"], "contact_email": ""})
    assert response.status_code == 400 and not pzzj.ministries.exists()
    client.post(url("section", pzzj, "groups"), {"ministries": [ministry.pk], "contact_email": ""})
    assert list(pzzj.ministries.all()) == [ministry]
    assert status_of(pzzj, "groups") == COMPLETE


def test_a_fee_date_in_the_future_is_refused(draft, people):
    response = client_for(people["editor"]).post(
        url("section", draft, "fee"),
        {"fee_reference": "x", "fee_paid_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 400 and 'href="#id_fee_paid_on"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.fee_reference == "" and draft.fee_paid_on is None

"""Answering a completion request online: the engine step, the message kept in the log, the files, the
e-mail to the staff, what the admin shows; refused when late, in another state or from a viewer."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicantFile
from applications.portal import case as rules
from applications.workflow import TransitionRefused
from applications.workflow.engine import perform
from tests.portal.case_support import (
    KIND_SLUGS,
    PDF_2,
    PNG,
    REQUEST,
    MemberRole,
    case_url,
    client_for,
    completion_requested,
    filed,
    member,
    pdf,
    staff_users,
    use_media,
    workflow_of,
)

pytestmark = pytest.mark.django_db

MESSAGE = "Przesyłamy potwierdzenie opłaty i podpisany wniosek."


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    use_media(settings, tmp_path)


def answer(client, kind, application, **data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    payload = {"expected_state": application.state, "message": MESSAGE}
    payload.update(data)
    payload.setdefault("files", [pdf()])
    if payload["files"] is None:
        del payload["files"]
    elif isinstance(payload["files"], SimpleUploadedFile):
        payload["files"] = [payload["files"]]
    return client.post(case_url(kind, application, "portal:case_answer"), payload)


@pytest.mark.parametrize("kind", KIND_SLUGS)
def test_an_editor_answers_with_a_message_and_files(kind, django_capture_on_commit_callbacks):
    staff = staff_users()
    application = completion_requested(kind, staff["operator"])
    editor = member(application.applicant, MemberRole.EDITOR, "editor")
    client = client_for(editor)
    page = client.get(case_url(kind, application))
    text = page.content.decode()
    assert REQUEST in text and 'enctype="multipart/form-data"' in text
    assert application.completion_due.isoformat() in text
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = answer(client, kind, application, files=[pdf(), pdf("skan.png", PNG)])
    assert response.status_code == 302 and response.url.endswith("?done=answered#state")
    application.refresh_from_db()
    assert application.state == "formal_check"
    event = application.events.order_by("-created_at", "-pk").first()
    assert (event.action, event.actor, event.comment) == ("answer_completion", editor, MESSAGE)
    assert event.from_state == "completion_requested" and event.to_state == "formal_check"
    stored = ApplicantFile.objects.filter(section="completion")
    assert sorted(stored.values_list("original_name", flat=True)) == ["skan.png", "uzupelnienie.pdf"]
    assert all(record.uploaded_by == editor and record.application == application for record in stored)
    # The formal check runs again for 14 days from the answer, as after a recorded completion.
    from applications import deadlines

    assert application.formal_check_due == deadlines.formal_check_due(timezone.localdate())
    # The registry operators are told (the answer came during the formal check).
    staff_mail = [m for m in mail.outbox if "operator@ibe.example" in m.to]
    assert len(staff_mail) == 1
    assert application.number in staff_mail[0].subject and MESSAGE in staff_mail[0].body
    assert "uzupelnienie.pdf" in staff_mail[0].body and "/admin/applications/" in staff_mail[0].body
    # The applicant's page shows the answer with its files.
    text = client.get(response.url).content.decode()
    assert MESSAGE in text and "Twoja odpowiedź została wysłana" in text and "uzupelnienie.pdf" in text


def test_the_assigned_officer_is_told_of_a_withdrawal_at_the_ministry(django_capture_on_commit_callbacks):
    staff = staff_users()
    application = filed("inclusion", "forwarded")
    type(application).objects.filter(pk=application.pk).update(assigned_officer=staff["officer"])
    owner = member(application.applicant, MemberRole.OWNER, "owner")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        rules.withdraw(rules.KINDS["inclusion"], application, owner, comment="Rezygnujemy.", expected_state="forwarded")
    to_staff = [m for m in mail.outbox if m.to == ["officer@ministerstwo.example"]]
    assert len(to_staff) == 1 and "Rezygnujemy." in to_staff[0].body


def test_the_answer_is_shown_on_the_admin_change_page_and_in_the_queue(django_capture_on_commit_callbacks):
    staff = staff_users()
    application = completion_requested("inclusion", staff["operator"])
    editor = member(application.applicant, MemberRole.EDITOR, "editor")
    answer(client_for(editor), "inclusion", application)
    stored = ApplicantFile.objects.get()
    operator = client_for(staff["operator"])
    page = operator.get(reverse("admin:applications_inclusionapplication_change", args=[application.pk]))
    text = page.content.decode()
    assert MESSAGE in text and "uzupelnienie.pdf" in text
    download = reverse("admin:applications_inclusionapplication_applicant_file", args=[application.pk, stored.pk])
    assert download in text
    response = operator.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment") and "no-store" in response["Cache-Control"]
    # The queue: a filter on the list and a section of "My work".
    listing = operator.get(reverse("admin:applications_inclusionapplication_changelist") + "?answered=yes")
    assert application.number in listing.content.decode()
    other = completion_requested("inclusion", staff["operator"])
    listing = operator.get(reverse("admin:applications_inclusionapplication_changelist") + "?answered=yes")
    assert other.number not in listing.content.decode()
    my_work = operator.get(reverse("admin:applications_my_work"))
    sections = {str(title): [a.pk for a, badge in rows] for title, rows in my_work.context["sections"]}
    assert sections["Odpowiedzi wnioskodawców"] == [application.pk]
    # Once the operator acts, the answer leaves the queue.
    perform(application.pk, "forward", staff["operator"], workflow=workflow_of("inclusion"))
    listing = operator.get(reverse("admin:applications_inclusionapplication_changelist") + "?answered=yes")
    assert application.number not in listing.content.decode()


@pytest.mark.parametrize("kind", ["rights", "pzzj"])
def test_the_other_kinds_show_the_answer_in_their_admin(kind):
    staff = staff_users()
    application = completion_requested(kind, staff["operator"])
    answer(client_for(member(application.applicant, MemberRole.OWNER, "owner")), kind, application)
    model = application._meta.model_name
    stored = ApplicantFile.objects.get()
    operator = client_for(staff["operator"])
    text = operator.get(reverse(f"admin:applications_{model}_change", args=[application.pk])).content.decode()
    assert MESSAGE in text
    download = reverse(f"admin:applications_{model}_applicant_file", args=[application.pk, stored.pk])
    assert operator.get(download).status_code == 200
    listing = operator.get(reverse(f"admin:applications_{model}_changelist") + "?answered=yes")
    assert application.number in listing.content.decode()


def test_staff_download_follows_the_admin_scoping(settings):
    staff = staff_users()
    from applications.roles import MINISTRY_OFFICER
    from institutions.models import Ministry
    from tests.applications.conftest import make_user

    application = completion_requested("inclusion", staff["operator"])
    answer(client_for(member(application.applicant, MemberRole.OWNER, "owner")), "inclusion", application)
    stored = ApplicantFile.objects.get()
    url = reverse("admin:applications_inclusionapplication_applicant_file", args=[application.pk, stored.pk])
    other_officer = make_user("other", MINISTRY_OFFICER, Ministry.objects.get(code="msit"))
    assert client_for(other_officer).get(url).status_code == 404
    assert client_for(staff["officer"]).get(url).status_code == 200  # the application's own ministry
    # A file of another application through this application's address: 404.
    second = completion_requested("inclusion", staff["operator"])
    wrong = reverse("admin:applications_inclusionapplication_applicant_file", args=[second.pk, stored.pk])
    assert client_for(staff["operator"]).get(wrong).status_code == 404
    # Officers never see PZZJ applications, nor their files.
    pzzj = completion_requested("pzzj", staff["operator"])
    answer(client_for(member(pzzj.applicant, MemberRole.OWNER, "owner2")), "pzzj", pzzj)
    record = ApplicantFile.objects.get(pzzj_application=pzzj)
    url = reverse("admin:applications_pzzjapplication_applicant_file", args=[pzzj.pk, record.pk])
    assert client_for(staff["officer"]).get(url).status_code in (403, 404)
    # Members of the organisation (not staff) do not get through the admin.
    assert client_for(member(application.applicant, MemberRole.EDITOR, "ed")).get(url).status_code == 302


def test_a_late_answer_is_refused_and_nothing_is_stored():
    staff = staff_users()
    application = completion_requested("inclusion", staff["operator"])
    type(application).objects.filter(pk=application.pk).update(
        completion_due=timezone.localdate() - datetime.timedelta(days=1)
    )
    application.refresh_from_db()
    response = answer(client_for(member(application.applicant, MemberRole.EDITOR, "editor")), "inclusion", application)
    assert response.status_code == 400
    assert "Termin uzupełnienia wniosku upłynął" in response.content.decode()
    application.refresh_from_db()
    assert application.state == "completion_requested"
    assert not application.events.filter(action="answer_completion").exists()
    assert not ApplicantFile.objects.exists()
    # The operator then leaves it unprocessed.
    perform(application.pk, "leave_unprocessed", staff["operator"], workflow=workflow_of("inclusion"))


@pytest.mark.parametrize("state", ["submitted", "formal_check", "forwarded", "refused"])
def test_no_answer_outside_a_completion_request(state):
    application = filed("inclusion", state)
    client = client_for(member(application.applicant, MemberRole.OWNER, "owner"))
    assert 'name="message"' not in client.get(case_url("inclusion", application)).content.decode()
    response = answer(client, "inclusion", application)
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.state == state and not ApplicantFile.objects.exists()
    assert not application.events.filter(action="answer_completion").exists()


def test_a_viewer_cannot_answer():
    staff = staff_users()
    application = completion_requested("rights", staff["operator"])
    viewer = client_for(member(application.applicant, MemberRole.VIEWER, "viewer"))
    page = viewer.get(case_url("rights", application)).content.decode()
    assert REQUEST in page and 'name="message"' not in page
    assert answer(viewer, "rights", application).status_code == 403
    application.refresh_from_db()
    assert application.state == "completion_requested" and not ApplicantFile.objects.exists()


def test_refused_files_and_empty_answers_store_nothing():
    staff = staff_users()
    application = completion_requested("inclusion", staff["operator"])
    client = client_for(member(application.applicant, MemberRole.EDITOR, "editor"))
    from django.core.files.uploadedfile import SimpleUploadedFile

    cases = [
        {"message": "", "files": None},  # nothing to send
        {"files": [SimpleUploadedFile("wirus.exe", b"MZ")]},
        {"files": [pdf("a.pdf"), pdf("b.pdf")]},  # the same content twice
        {"files": [SimpleUploadedFile("fake.pdf", b"<script>alert(1)</script>")]},
        {"message": "x" * 10_001},
        {"expected_state": "forwarded"},  # someone moved it meanwhile
    ]
    for data in cases:
        response = answer(client, "inclusion", application, **data)
        assert response.status_code == 400, data
        assert 'class="error-summary"' in response.content.decode(), data
    application.refresh_from_db()
    assert application.state == "completion_requested" and not ApplicantFile.objects.exists()
    assert not application.events.filter(action="answer_completion").exists()


def test_a_file_already_sent_is_refused():
    from applications.uploads import store_upload

    staff = staff_users()
    application = completion_requested("inclusion", staff["operator"])
    editor = member(application.applicant, MemberRole.EDITOR, "editor")
    store_upload(application, pdf("opis.pdf", PDF_2), section="description", user=editor)
    response = answer(client_for(editor), "inclusion", application, files=[pdf("znowu.pdf", PDF_2)])
    assert response.status_code == 400 and "opis.pdf" in response.content.decode()
    assert ApplicantFile.objects.count() == 1


def test_the_engine_refuses_an_applicant_step_from_staff_and_strangers():
    staff = staff_users()
    application = completion_requested("pzzj", staff["operator"])
    for user in (staff["operator"], staff["coordinator"]):
        with pytest.raises(TransitionRefused):
            perform(application.pk, "answer_completion", user, workflow=workflow_of("pzzj"), comment="x")
    application.refresh_from_db()
    assert application.state == "completion_requested"


def test_the_inclusion_applicant_gets_a_receipt_of_the_answer(django_capture_on_commit_callbacks):
    staff = staff_users()
    application = completion_requested("inclusion", staff["operator"])
    client = client_for(member(application.applicant, MemberRole.EDITOR, "editor"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer(client, "inclusion", application)
    receipts = [m for m in mail.outbox if m.to == [application.notice_email]]
    assert len(receipts) == 1 and application.number in receipts[0].subject
    assert "Otrzymaliśmy" in receipts[0].subject and "oceny formalnej" in receipts[0].body

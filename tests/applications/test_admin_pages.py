"""The back-office pages: new application, change page with state, deadlines and timeline, deadline
highlighting in the list, "my work", attachments (PDF only), roles."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationAttachment, InclusionApplication, State
from applications.roles import ROLES, setup_roles
from qualifications.models import Status
from tests.applications.conftest import make_application
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_setup_roles_is_idempotent_and_gives_application_permissions(db):
    first = setup_roles()
    call_command("setup_roles", verbosity=0)
    assert setup_roles() == first
    officer = Group.objects.get(name="ministry_officer")
    codenames = set(officer.permissions.values_list("codename", flat=True))
    assert {"view_inclusionapplication", "change_inclusionapplication", "change_consultationcomment"} <= codenames
    assert "change_qualification" not in codenames and "delete_inclusionapplication" not in codenames
    coordinator = set(Group.objects.get(name="coordinator").permissions.values_list("codename", flat=True))
    assert "view_inclusionapplication" in coordinator and "change_inclusionapplication" not in coordinator
    assert all(("applications", "inclusionapplication") in grants for grants in ROLES.values())


def test_the_operator_enters_an_application_with_its_draft(clients, users, ministry):
    applicant = OrganisationFactory()
    response = clients["operator"].post(
        reverse("admin:applications_inclusionapplication_add"),
        {
            "proposed_name": "Animacja czasu wolnego (test)",
            "category": "free_market",
            "applicant": applicant.pk,
            "contact_email": "biuro@example.com",
            "ministry": ministry.pk,
            "submitted_on": "2025-04-17",
            "fee": "2000.00",
            "fee_paid_on": "2025-04-16",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    application = InclusionApplication.objects.get()
    assert application.number == f"ZSK/2025/{application.pk:04d}"
    assert application.draft.status == Status.DRAFT and application.draft.name_pl == "Animacja czasu wolnego (test)"
    assert application.formal_check_due == datetime.date(2025, 5, 2)  # 14 days land on 1 May
    assert list(application.events.values_list("to_state", "actor__username")) == [("submitted", "op")]


def test_the_change_page_shows_state_deadlines_timeline_and_a_link_to_the_draft(clients, ministry):
    app = make_application(ministry, State.FORWARDED)
    page = clients["officer"].get(reverse("admin:applications_inclusionapplication_change", args=[app.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="workflow-heading"' in html and 'class="workflow__timeline"' in html
    assert app.minister_due.isoformat() in html
    assert reverse("admin:qualifications_qualification_change", args=[app.draft_id]) in html
    assert 'name="open_consultation-closes_on"' in html  # the form for the step's data


def test_overdue_and_due_soon_are_highlighted_and_my_work_lists_them(clients, users, ministry):
    today = timezone.localdate()
    overdue = make_application(ministry, State.FORWARDED, name="Po terminie (test)")
    InclusionApplication.objects.filter(pk=overdue.pk).update(
        forwarded_on=today - datetime.timedelta(days=200),
        minister_due=today - datetime.timedelta(days=3),
        assigned_officer=users["officer"],
    )
    soon = make_application(ministry, State.FORMAL_CHECK, name="Wkrótce termin (test)")
    InclusionApplication.objects.filter(pk=soon.pk).update(formal_check_due=today + datetime.timedelta(days=2))
    later = make_application(ministry, State.FORMAL_CHECK, name="Termin odległy (test)")
    InclusionApplication.objects.filter(pk=later.pk).update(formal_check_due=today + datetime.timedelta(days=30))
    html = clients["operator"].get(reverse("admin:applications_inclusionapplication_changelist")).content.decode()
    assert html.count("deadline--overdue") == 1 and html.count("deadline--due_soon") == 1
    filtered = clients["operator"].get(
        reverse("admin:applications_inclusionapplication_changelist"), {"deadline": "overdue"}
    )
    assert [a.pk for a in filtered.context["cl"].result_list] == [overdue.pk]
    work = clients["officer"].get(reverse("admin:applications_my_work"))
    sections = {str(title): [a.pk for a, badge in rows] for title, rows in work.context["sections"]}
    assert list(sections.values())[0] == [overdue.pk]  # assigned to me
    assert list(sections.values())[1] == [overdue.pk]  # overdue
    operator_work = clients["operator"].get(reverse("admin:applications_my_work"))
    all_rows = [a.pk for title, rows in operator_work.context["sections"] for a, badge in rows]
    assert soon.pk in all_rows and later.pk in all_rows


def test_attachments_are_pdf_only(clients, ministry):
    app = make_application(ministry)
    url = reverse("admin:applications_inclusionapplication_change", args=[app.pk])
    form = clients["operator"].get(url).context["adminform"].form

    def post(upload):
        data = {name: value for name, value in form.initial.items() if value is not None}
        data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
        data.update(
            {
                "attachments-TOTAL_FORMS": 1,
                "attachments-INITIAL_FORMS": 0,
                "attachments-0-title": "Opis kwalifikacji",
                "attachments-0-file": upload,
            }
        )
        return clients["operator"].post(url, data)

    assert post(SimpleUploadedFile("opis.pdf", b"MZ not a pdf at all")).status_code == 200
    assert post(SimpleUploadedFile("opis.exe", PDF)).status_code == 200
    assert post(SimpleUploadedFile("opis.pdf", PDF.replace(b"/Catalog", b"/Catalog /JavaScript"))).status_code == 200
    assert not ApplicationAttachment.objects.exists()
    response = post(SimpleUploadedFile("opis.pdf", PDF))
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    assert ApplicationAttachment.objects.get().title == "Opis kwalifikacji"


def test_demo_data_renders_in_the_back_office(client, settings, demo_register):
    settings.ZRK_DEMO = True
    call_command("load_demo", users=True, verbosity=0)
    from django.contrib.auth import get_user_model

    for username in ("operator", "officer", "coordinator"):
        client.force_login(get_user_model().objects.get(username=username))
        assert client.get(reverse("admin:applications_inclusionapplication_changelist")).status_code == 200
        assert client.get(reverse("admin:applications_my_work")).status_code == 200
        user = get_user_model().objects.get(username=username)
        # Drafts still prepared in the applicant portal are not the back-office's.
        for application in InclusionApplication.objects.filed():
            url = reverse("admin:applications_inclusionapplication_change", args=[application.pk])
            # An officer sees only the applications of their own ministry (the published demo one
            # went to the minister of its time).
            own = username != "officer" or application.ministry == user.officer_profile.ministry
            assert client.get(url).status_code == (200 if own else 404), (username, application.state)

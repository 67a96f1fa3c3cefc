"""A draft is the organisation's own until it is filed: invisible to the back-office (lists, filters,
counts, "my work", change pages, the scoping of qualifications), to statistics and to public pages.
Once filed through the portal it looks like an application typed in by an operator."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse

from applications.statistics import applications_by_state
from applications.workflow.engine import perform
from qualifications.models import Qualification
from tests.applications.conftest import make_application, make_user
from tests.portal.drafts_helpers import (
    client_for,
    complete_inclusion,
    complete_pzzj,
    complete_rights,
    inclusion_draft,
    pzzj_draft,
    rights_draft,
)

pytestmark = pytest.mark.django_db

CHANGELISTS = {
    "inclusion": "admin:applications_inclusionapplication",
    "rights": "admin:applications_certificationrightsapplication",
    "pzzj": "admin:applications_pzzjapplication",
}


@pytest.fixture
def staff(ministry):
    from applications.roles import COORDINATOR, MINISTRY_OFFICER, REGISTRY_OPERATOR

    superuser = get_user_model().objects.create_superuser("root", "root@example.org", "x-Strong-pass-91")
    clients = {}
    for name, user in {
        "operator": make_user("op", REGISTRY_OPERATOR),
        "officer": make_user("off", MINISTRY_OFFICER, ministry),
        "coordinator": make_user("coord", COORDINATOR),
        "superuser": superuser,
    }.items():
        client = Client()
        client.force_login(user)
        clients[name] = client
    return clients


@pytest.fixture
def drafts(organisation, ministry, in_register, media):
    return {
        "inclusion": complete_inclusion(inclusion_draft(organisation, "Tajny projekt (test)"), ministry),
        "rights": complete_rights(rights_draft(organisation, in_register)),
        "pzzj": complete_pzzj(pzzj_draft(organisation), ministry),
    }


def test_the_back_office_does_not_see_drafts(staff, drafts, ministry):
    filed = make_application(ministry, name="Złożony wniosek (test)")
    for role, client in staff.items():
        for kind, name in CHANGELISTS.items():
            if kind == "pzzj" and role == "officer":
                continue  # officers have no PZZJ list at all
            changelist = client.get(reverse(f"{name}_changelist"))
            assert changelist.status_code == 200, (role, kind)
            assert f"/{drafts[kind].pk}/change/" not in changelist.content.decode(), (role, kind)
            assert "w przygotowaniu" not in changelist.content.decode(), (role, kind)  # no such filter
            change = client.get(reverse(f"{name}_change", args=[drafts[kind].pk]))
            assert change.status_code in (302, 404), (role, kind)
        page = client.get(reverse(f"{CHANGELISTS['inclusion']}_changelist")).content.decode()
        assert filed.number in page
        my_work = client.get(reverse("admin:applications_my_work")).content.decode()
        assert "Tajny projekt" not in my_work
        qualifications = client.get(reverse("admin:qualifications_qualification_changelist") + "?q=Tajny")
        assert "Tajny projekt" not in qualifications.content.decode(), role
        draft_page = client.get(
            reverse("admin:qualifications_qualification_change", args=[drafts["inclusion"].draft_id])
        )
        assert draft_page.status_code in (302, 404), role
        filtered = client.get(reverse(f"{CHANGELISTS['inclusion']}_changelist") + "?state__exact=draft")
        assert "Tajny projekt" not in filtered.content.decode()


def test_statistics_and_the_register_version_ignore_drafts(organisation, ministry, drafts, people):
    make_application(ministry)
    assert [row["key"] for row in applications_by_state()] == ["submitted"]

    def version():
        with connection.cursor() as cursor:
            cursor.execute("SELECT value FROM qualifications_registerversion WHERE id = 1")
            return cursor.fetchone()[0]

    application = drafts["inclusion"]
    before = version()
    application.contact_email = "nowy@example.org"
    application.save()
    assert version() == before  # editing a draft leaves the public pages' cache alone
    perform(application.pk, "submit_online", people["owner"], workflow=helpers_workflow("inclusion"))
    assert version() > before
    assert [row["key"] for row in applications_by_state()] == ["submitted"]
    assert applications_by_state()[0]["count"] == 2


def helpers_workflow(kind):
    from applications.portal.kinds import KINDS

    return KINDS[kind].workflow


def test_public_pages_do_not_show_a_drafts_qualification(client, drafts):
    draft = drafts["inclusion"].draft
    assert client.get(f"/kwalifikacje/{draft.zrk_id}/").status_code == 404
    assert "Tajny projekt" not in client.get("/kwalifikacje/?q=Tajny").content.decode()
    assert "Tajny projekt" not in client.get("/api/v1/qualifications/?q=Tajny").content.decode()
    assert client.get(f"/api/v1/qualifications/{draft.zrk_id}/").status_code == 404
    assert "Tajny projekt" not in client.get("/konsultacje/").content.decode()
    assert b"Tajny projekt" not in client.get("/feeds/qualifications.pl.atom").content
    download = client.get("/api/v1/downloads/qualifications.csv")
    assert b"Tajny projekt" not in b"".join(download.streaming_content)
    assert Qualification.objects.public().filter(pk=draft.pk).count() == 0


@pytest.mark.parametrize("kind", ["inclusion", "rights", "pzzj"])
def test_a_filed_application_appears_in_the_back_office_like_an_operators(staff, drafts, people, kind):
    application = drafts[kind]
    response = client_for(people["editor"]).post(reverse("portal:submit", args=[kind, application.pk]))
    assert response.status_code == 302
    application.refresh_from_db()
    operator = staff["operator"]
    changelist = operator.get(reverse(f"{CHANGELISTS[kind]}_changelist")).content.decode()
    assert application.number in changelist
    change = operator.get(reverse(f"{CHANGELISTS[kind]}_change", args=[application.pk]))
    assert change.status_code == 200
    assert application.number in change.content.decode()
    # The registry operator takes it from here, with the same steps as for any other.
    perform(application.pk, "start_formal_check", operator_user(), workflow=helpers_workflow(kind))
    application.refresh_from_db()
    assert application.state == "formal_check"
    if kind == "inclusion":
        qualifications = operator.get(reverse("admin:qualifications_qualification_changelist") + "?q=Tajny")
        assert "Tajny projekt" in qualifications.content.decode()


def operator_user():
    return get_user_model().objects.get(username="op")

"""One rule for "may certify on day D", the date of a right's state, the PZZJ entry's validity, the
rules of the grant step in every path, and records of the register that are never deleted."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from institutions.models import Ministry
from qualifications.models import CertificationRight, Qualification, RightEvent, Status, certifying_condition
from qualifications.rights import RightChangeRefused, archive, grant, suspend, withdraw
from tests.factories import CertificationRightFactory, OrganisationFactory, PzzjEntryFactory, QualificationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.rights.urls")]

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def english(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


# --- the rule, in Python and in SQL ------------------------------------------------------------------


def test_the_queryset_rule_and_the_sql_function_agree_on_every_day():
    qualification = QualificationFactory()
    rows = []
    for status in ("active", "suspended", "withdrawn", "expired"):
        for decided in (TODAY - 10 * DAY, TODAY, TODAY + DAY):
            for ended in (None, TODAY - DAY, TODAY, TODAY + 5 * DAY):
                if status in ("withdrawn", "expired") and (ended is None or ended < decided):
                    continue
                if status in ("active", "suspended"):
                    ended = None
                rows.append(
                    CertificationRight(
                        qualification=qualification,
                        institution=OrganisationFactory(),
                        status=status,
                        decision_date=decided,
                        ended_on=ended,
                    )
                )
    CertificationRight.objects.bulk_create(rows)
    for day in (TODAY - 20 * DAY, TODAY - DAY, TODAY, TODAY + DAY, TODAY + 10 * DAY):
        in_python = set(CertificationRight.objects.filter(certifying_condition(day)).values_list("pk", flat=True))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM qualifications_certificationright "
                "WHERE zrk_right_certifies(status, decision_date, ended_on, %s)",
                [day],
            )
            in_sql = {row[0] for row in cursor.fetchall()}
        assert in_python == in_sql, day
        assert in_python == {right.pk for right in rows if right.certifies_on(day)}, day


# --- a register with a suspended right: the counts, the dates --------------------------------------------


@pytest.fixture
def lodz(db):
    """An institution whose only right is suspended (since a day after its decision), and another that
    may certify."""
    suspended_one = OrganisationFactory(name_pl="Zakład Krawiecki (test)")
    right = CertificationRightFactory(
        institution=suspended_one,
        decision_date=datetime.date(2019, 12, 2),
        qualification=QualificationFactory(name_pl="Krawiec (test)"),
    )
    suspend(right, "Kontrola ministra (test).", datetime.date(2026, 3, 2))
    active_one = CertificationRightFactory(qualification=right.qualification)
    return {"right": right, "suspended_one": suspended_one, "active_one": active_one}


def test_a_suspended_right_is_not_counted_tagged_or_listed_anywhere(client, lodz):
    institution, right = lodz["suspended_one"], lodz["right"]
    detail = page(client, english("institution_detail", institution.pk))
    assert "0 qualifications this institution may certify" in detail
    assert "certifying institution</span>" not in detail  # no role tag
    listing = client.get(english("institution_list"), {"role": "ic"})
    assert institution.pk not in [o.pk for o in listing.context["organisations"]]
    role_count = next(o["count"] for o in listing.context["facets"]["role"] if o["value"] == "ic")
    home = client.get(english("home"))
    assert home.context["counts"]["institutions"] == role_count == 1
    api = json.loads(page(client, "/api/v1/institutions/"))
    entry = next(o for o in api["results"] if o["id"] == institution.pk)
    assert entry["roles"] == [] and entry["qualification_count"] == 0
    api_detail = json.loads(page(client, f"/api/v1/institutions/{institution.pk}/"))
    assert api_detail["certification_rights"][0]["may_certify"] is False
    assert api_detail["certification_rights"][0]["since"] == "2026-03-02"
    download = json.loads(b"".join(client.get("/api/v1/downloads/institutions.json").streaming_content))
    record = next(r for r in download if r["id"] == institution.pk)
    assert record["certifying_institution"] is False and record["certifiable_qualifications"] == 0
    qualification = right.qualification
    assert institution.pk not in Qualification.objects.get(pk=qualification.pk).active_institutions
    search = json.loads(page(client, "/api/v1/qualifications/", institution=institution.pk))
    assert search["count"] == 0


def test_the_date_of_a_suspension_is_the_same_on_every_page(client, lodz):
    right = lodz["right"]
    qualification = right.qualification
    detail = page(client, english("qualification_detail", qualification.zrk_id, qualification.slug))
    assert "since 2 March 2026" in detail and "since 2 December 2019" not in detail
    check = page(
        client, english("certification_check"), qualification=qualification.zrk_id, institution=right.institution_id
    )
    assert '<h2 id="answer-heading">No</h2>' in check and "since 2 March 2026" in check
    institution = page(client, english("institution_detail", right.institution_id))
    assert 'datetime="2026-03-02"' in institution
    api = json.loads(page(client, f"/api/v1/qualifications/{qualification.zrk_id}/"))
    rights = {r["institution"]["id"]: r for r in api["certification_rights"]}
    assert rights[right.institution_id]["since"] == "2026-03-02"
    assert rights[right.institution_id]["may_certify"] is False
    assert api["institution_count"] == 1


def test_a_right_decided_for_a_later_day_counts_from_that_day_only(client):
    """A row written before the rules refused future decisions: judged by its dates on each day."""
    later = CertificationRightFactory(decision_date=TODAY + 30 * DAY)
    qualification = Qualification.objects.get(pk=later.qualification_id)
    assert qualification.status == Status.INCLUDED and qualification.active_institutions == []
    assert not CertificationRight.objects.certifying_on().exists()
    assert CertificationRight.objects.certifying_on(TODAY + 30 * DAY).exists()
    check = page(
        client, english("certification_check"), qualification=qualification.zrk_id, institution=later.institution_id
    )
    assert '<h2 id="answer-heading">No</h2>' in check


# --- PZZJ list entry validity ----------------------------------------------------------------------------


@pytest.fixture
def expired_pzzj(db):
    ministry = Ministry.objects.get(code="mrit")
    entry = PzzjEntryFactory(
        organisation=OrganisationFactory(name_pl="Uczelnia PZZJ (test)", name_en="PZZJ college (test)"),
        decision_date=datetime.date(2018, 10, 15),
    )
    entry.ministries.add(ministry)
    right = grant(
        QualificationFactory(name_pl="Piekarz (test)", ministry=ministry),
        OrganisationFactory(),
        decision_date=datetime.date(2021, 3, 1),
        pzzj=entry.organisation,
    )
    return right


def test_an_expired_pzzj_entry_is_shown_with_its_date_and_the_right_stays_valid(client, expired_pzzj):
    right = expired_pzzj
    qualification = right.qualification
    marker = "PZZJ list entry expired on 15 October 2024; the minister must designate another PZZJ"
    detail = page(client, english("qualification_detail", qualification.zrk_id, qualification.slug))
    assert marker in detail and "1 certifying institution holds the right" in detail
    check = page(
        client, english("certification_check"), qualification=qualification.zrk_id, institution=right.institution_id
    )
    assert marker in check and '<h2 id="answer-heading">Yes</h2>' in check
    assert marker in page(client, english("institution_detail", right.institution_id))
    assert marker in page(client, english("institution_detail", right.pzzj_id))  # the PZZJ's own assignments
    api = json.loads(page(client, f"/api/v1/qualifications/{qualification.zrk_id}/"))
    assert api["certification_rights"][0]["pzzj_entry_expired_on"] == "2024-10-15"
    assert api["certification_rights"][0]["may_certify"] is True
    institution_api = json.loads(page(client, f"/api/v1/institutions/{right.institution_id}/"))
    assert institution_api["certification_rights"][0]["pzzj_entry_expired_on"] == "2024-10-15"


def test_the_coordinator_counts_and_filters_rights_whose_pzzj_entry_expired(client, coordinator, expired_pzzj):
    CertificationRightFactory()  # no PZZJ designated
    client.force_login(coordinator)
    url = reverse("admin:qualifications_certificationright_changelist")
    listing = client.get(url, {"pzzj_entry": "expired"})
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [expired_pzzj]
    assert "wygasły lub brak: trzeba wyznaczyć nowy PZZJ (1)" in listing.content.decode()  # counted
    change = client.get(reverse("admin:qualifications_certificationright_change", args=[expired_pzzj.pk]))
    assert "wygasł 15 października 2024: minister musi wyznaczyć inny PZZJ" in change.content.decode()


# --- the rules of the grant step, in every path ------------------------------------------------------------


def admin_add(client, **values):
    data = {
        "decision_number": "",
        "reason_pl": "",
        "reason_en": "",
        "quarterly_reports-TOTAL_FORMS": 0,
        "quarterly_reports-INITIAL_FORMS": 0,
        "events-TOTAL_FORMS": 0,
        "events-INITIAL_FORMS": 0,
    }
    data.update({k: v for k, v in values.items() if v is not None})
    return client.post(reverse("admin:qualifications_certificationright_add"), data)


def test_the_admin_refuses_what_the_grant_step_refuses(operator_client):
    qualification = QualificationFactory()
    institution = OrganisationFactory()
    not_listed = OrganisationFactory()
    cases = [
        ({"decision_date": "2099-11-20", "pzzj": ""}, "decision_date", "nie może być datą przyszłą"),
        ({"decision_date": "2024-01-10", "pzzj": not_listed.pk}, "pzzj", "nie ma ważnego na dzień"),
    ]
    for values, field, message in cases:
        response = admin_add(operator_client, qualification=qualification.pk, institution=institution.pk, **values)
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert message in " ".join(errors[field]), errors
    draft = QualificationFactory(status=Status.DRAFT)
    response = admin_add(
        operator_client, qualification=draft.pk, institution=institution.pk, decision_date="2024-01-10"
    )
    assert response.status_code == 200
    assert "którą można nadawać" in " ".join(response.context["adminform"].form.non_field_errors())
    assert not CertificationRight.objects.exists()
    response = admin_add(
        operator_client, qualification=qualification.pk, institution=institution.pk, decision_date="2024-01-10"
    )
    assert response.status_code == 302
    right = CertificationRight.objects.get()
    assert list(right.events.values_list("action", flat=True)) == ["grant"]  # logged like the grant step


def test_grant_and_the_lifecycle_refuse_future_dates_and_drafts(in_english):
    qualification = QualificationFactory()
    with pytest.raises(RightChangeRefused, match="future"):
        grant(qualification, OrganisationFactory(), decision_date=TODAY + DAY)
    with pytest.raises(RightChangeRefused, match="can be awarded"):
        grant(QualificationFactory(status=Status.DRAFT), OrganisationFactory(), decision_date=TODAY)
    right = grant(qualification, OrganisationFactory(), decision_date=TODAY - 10 * DAY)
    with pytest.raises(RightChangeRefused, match="future"):
        suspend(right, "Kontrola (test).", TODAY + DAY)
    suspend(right, "Kontrola (test).", TODAY - 2 * DAY)
    with pytest.raises(RightChangeRefused, match="last change"):
        withdraw(right, "Decyzja (test).", TODAY - 5 * DAY)
    with pytest.raises(IntegrityError, match="draft"), transaction.atomic():
        CertificationRightFactory(qualification=QualificationFactory(status=Status.DRAFT))


# --- status derived, never typed; nothing published is deleted ---------------------------------------------


def test_the_admin_shows_the_status_read_only_and_offers_no_delete(operator_client):
    right = CertificationRightFactory()
    qualification = right.qualification
    change = operator_client.get(reverse("admin:qualifications_qualification_change", args=[qualification.pk]))
    html = change.content.decode()
    assert 'name="status"' not in html  # read-only
    assert "first active certification right" in html  # the cause of the last change
    assert reverse("admin:qualifications_qualification_delete", args=[qualification.pk]) not in html
    listing = operator_client.get(reverse("admin:qualifications_qualification_changelist"))
    assert "delete_selected" not in listing.content.decode()
    assert "archive_qualifications" in listing.content.decode()
    rights = operator_client.get(reverse("admin:qualifications_certificationright_changelist"))
    assert "delete_selected" not in rights.content.decode()
    for name, pk in (("qualification", qualification.pk), ("certificationright", right.pk)):
        response = operator_client.post(reverse(f"admin:qualifications_{name}_delete", args=[pk]), {"post": "yes"})
        assert response.status_code == 403
    draft = QualificationFactory(status=Status.DRAFT)
    assert operator_client.get(reverse("admin:qualifications_qualification_delete", args=[draft.pk])).status_code == 200


def test_the_database_refuses_to_delete_published_records_but_not_drafts():
    right = CertificationRightFactory()
    with pytest.raises(IntegrityError, match="cannot be deleted"), transaction.atomic():
        CertificationRight.objects.filter(pk=right.pk).delete()
    with pytest.raises(IntegrityError, match="cannot be deleted"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM qualifications_qualification WHERE id = %s", [right.qualification_id])
    draft = QualificationFactory(status=Status.DRAFT)
    Qualification.objects.filter(pk=draft.pk).delete()
    assert not Qualification.objects.filter(pk=draft.pk).exists()


def test_archiving_expires_the_rights_with_the_reason(client, operator):
    right = CertificationRightFactory()
    archive(right.qualification, reason="Brak zainteresowania (test).", on=TODAY, user=operator)
    right.refresh_from_db()
    qualification = Qualification.objects.get(pk=right.qualification_id)
    assert qualification.status == Status.ARCHIVED and right.status == "expired" and right.ended_on == TODAY
    assert RightEvent.objects.filter(right=right, action="expire", reason="Brak zainteresowania (test).").exists()
    assert qualification.active_institutions == []
    with pytest.raises(RightChangeRefused):
        grant(qualification, OrganisationFactory(), decision_date=TODAY)


def test_the_daily_refresh_brings_stored_arrays_and_statuses_in_line_with_the_date():
    right = CertificationRightFactory()
    qualification = Qualification.objects.get(pk=right.qualification_id)
    assert qualification.status == Status.FUNCTIONING and qualification.active_institutions == [right.institution_id]
    with transaction.atomic(), connection.cursor() as cursor:  # what a day's passing leaves behind
        cursor.execute("SELECT set_config('zrk.bulk_load', 'on', true)")
        cursor.execute(
            "UPDATE qualifications_qualification SET status = 'included', active_institutions = '{}', "
            "active_regions = '{}' WHERE id = %s",
            [qualification.pk],
        )
    out = io.StringIO()
    call_command("refresh_rights", stdout=out)
    qualification.refresh_from_db()
    assert qualification.status == Status.FUNCTIONING and qualification.active_institutions == [right.institution_id]
    assert "statuses changed: 1" in out.getvalue()


def test_a_right_added_inline_with_a_new_draft_is_refused_not_a_server_error(operator_client):
    institution = OrganisationFactory()
    data = {
        "name_pl": "Nowa kwalifikacja (test)",
        "name_en": "",
        "category": "free_market",
        "type": "partial",
        "status": "draft",
        "outcome_sets-TOTAL_FORMS": 0,
        "outcome_sets-INITIAL_FORMS": 0,
        "certification_rights-TOTAL_FORMS": 1,
        "certification_rights-INITIAL_FORMS": 0,
        "certification_rights-0-institution": institution.pk,
        "certification_rights-0-decision_date": "2024-01-10",
    }
    response = operator_client.post(reverse("admin:qualifications_qualification_add"), data)
    assert response.status_code == 200
    assert "którą można nadawać" in response.content.decode()
    assert not Qualification.objects.filter(name_pl="Nowa kwalifikacja (test)").exists()
    form = operator_client.get(reverse("admin:qualifications_qualification_add")).content.decode()
    assert '<option value="functioning"' not in form  # a status is derived, never typed

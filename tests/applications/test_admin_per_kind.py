"""The back-office's steps fit each kind of application: labels that name what is refused, officers of
the competent ministry only, no step that would change nothing, the decision's number and date kept,
current ministries only for a new application, and filters limited to what the user may see."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import InclusionApplication, PzzjState, RightsState, State
from applications.workflow import TransitionRefused, perform
from institutions.models import Ministry
from tests.applications.conftest import make_application, make_user
from tests.applications.test_pzzj_applications import make_pzzj_application
from tests.applications.test_pzzj_applications import step as pzzj_step
from tests.applications.test_rights_applications import make_rights_application
from tests.applications.test_workflow import step

pytestmark = pytest.mark.django_db


def change_page(client, application):
    name = application._meta.model_name
    return client.get(reverse(f"admin:applications_{name}_change", args=[application.pk])).content.decode()


def test_rights_and_pzzj_refusals_do_not_speak_of_inclusion(clients, ministry):
    rights = change_page(clients["officer"], make_rights_application(ministry, RightsState.FORWARDED))
    assert "Odmów nadania uprawnień" in rights and "Odmów włączenia" not in rights
    pzzj = change_page(clients["coordinator"], make_pzzj_application([ministry], PzzjState.FORWARDED))
    assert "Odmów wpisu na listę PZZJ" in pzzj and "Odmów włączenia" not in pzzj
    refused = make_rights_application(ministry, RightsState.REFUSED, refusal_reason="Brak kadry (test).")
    listing = clients["operator"].get(reverse("admin:applications_certificationrightsapplication_changelist"))
    assert "odmowa nadania uprawnień" in listing.content.decode() and refused.number in listing.content.decode()
    assert "odmowa włączenia" not in listing.content.decode()
    inclusion = change_page(clients["officer"], make_application(ministry, State.FORWARDED))
    assert "Odmów włączenia" in inclusion


def test_a_rights_application_is_assigned_among_the_ministry_officers_only(clients, users, ministry):
    application = make_rights_application(ministry, RightsState.FORWARDED)
    page = clients["operator"].get(
        reverse("admin:applications_certificationrightsapplication_change", args=[application.pk])
    )
    offered = set(page.context["adminform"].form.fields["assigned_officer"].queryset)
    assert offered == {users["officer"]}


@pytest.mark.parametrize("kind", ["inclusion", "rights"])
def test_assign_to_me_is_not_offered_when_the_case_is_already_mine(clients, users, ministry, kind):
    if kind == "inclusion":
        application = make_application(ministry, State.FORWARDED, assigned_officer=users["officer"])
    else:
        application = make_rights_application(ministry, RightsState.FORWARDED, assigned_officer=users["officer"])
    name = application._meta.model_name
    page = clients["officer"].get(reverse(f"admin:applications_{name}_change", args=[application.pk]))
    assert "assign_to_me" not in {t.action for t, form, url in page.context["workflow"]["forms"]}
    if kind == "inclusion":
        with pytest.raises(TransitionRefused):
            perform(application.pk, "assign_to_me", users["officer"])
        assert application.events.filter(action="assign_to_me").count() == 0


def test_the_decision_records_its_number_and_date(clients, ministry):
    application = make_application(ministry, State.EXPERT_REVIEW)
    decided = timezone.localdate() - datetime.timedelta(days=3)
    step(
        clients["officer"],
        application,
        "decide",
        prk_level=4,
        decision_number="DKZ.6420.15.2026",
        decision_date=decided.isoformat(),
    )
    application.refresh_from_db()
    assert application.state == State.DECIDED
    assert (application.decision_number, application.decision_date) == ("DKZ.6420.15.2026", decided)
    assert application.decided_on == decided
    assert "DKZ.6420.15.2026" in change_page(clients["officer"], application)


def test_a_decision_dated_in_the_future_is_refused(clients, ministry):
    application = make_application(ministry, State.EXPERT_REVIEW)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    step(clients["officer"], application, "decide", expect_ok=False, prk_level=4, decision_date=tomorrow.isoformat())
    assert application.state == State.EXPERT_REVIEW


def test_the_pzzj_entry_keeps_the_decision_number(clients, ministry):
    application = make_pzzj_application([ministry], PzzjState.FORWARDED)
    pzzj_step(
        clients["coordinator"],
        application,
        "enter",
        decision_number="DKZ-PZZJ/7/2026",
        decision_date=timezone.localdate().isoformat(),
    )
    assert application.entry.decision_number == "DKZ-PZZJ/7/2026"


def test_new_applications_are_offered_current_ministries_only(clients, ministry):
    gone = Ministry.objects.exclude(pk=ministry.pk).first()
    Ministry.objects.filter(pk=gone.pk).update(active=False)
    for name in ("inclusionapplication", "pzzjapplication"):
        page = clients["operator"].get(reverse(f"admin:applications_{name}_add"))
        field = "ministry" if name == "inclusionapplication" else "ministries"
        offered = set(page.context["adminform"].form.fields[field].queryset)
        assert gone not in offered and ministry in offered, name


def test_an_officer_filters_by_their_own_ministry_only(clients, ministry, other_ministry):
    make_application(ministry, State.FORWARDED)
    make_application(other_ministry, State.FORWARDED, name="Cudza (test)")
    for name in ("inclusionapplication", "consultationcomment", "certificationrightsapplication"):
        page = clients["officer"].get(reverse(f"admin:applications_{name}_changelist"))
        html = page.content.decode()
        assert other_ministry.name not in html, name
    operator_page = clients["operator"].get(reverse("admin:applications_inclusionapplication_changelist"))
    assert other_ministry.name in operator_page.content.decode()


def test_an_officer_of_another_ministry_is_never_assigned(ministry, other_ministry):
    application = make_application(ministry, State.FORWARDED)
    stranger = make_user("stranger", "ministry_officer", other_ministry)
    with pytest.raises(TransitionRefused):
        perform(application.pk, "assign_to_me", stranger)
    assert InclusionApplication.objects.get(pk=application.pk).assigned_officer is None


def test_an_officers_lists_leave_out_the_ministry_column_that_would_repeat_their_own(clients, ministry):
    make_application(ministry, State.FORWARDED)
    make_rights_application(ministry, RightsState.FORWARDED)
    for name in ("inclusionapplication", "certificationrightsapplication"):
        url = reverse(f"admin:applications_{name}_changelist")
        officer = clients["officer"].get(url)
        assert "ministry" not in officer.context["cl"].list_display, name
        assert "column-ministry" not in officer.content.decode(), name
        assert officer.context["cl"].result_count == 1
        operator = clients["operator"].get(url)
        assert "ministry" in operator.context["cl"].list_display, name
        assert "column-ministry" in operator.content.decode(), name

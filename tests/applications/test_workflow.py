"""The inclusion workflow: every path of the transition table through the admin's HTTP interface as
the right role, every other (state, action, role) refused with nothing changed, missing data refused."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationEvent, Consultation, InclusionApplication, State
from applications.workflow import TRANSITIONS, TransitionRefused, perform
from qualifications.models import Qualification, Status
from tests.applications.conftest import make_application
from tests.workflow_steps import step

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
FUTURE = lambda: timezone.localdate() + datetime.timedelta(days=21)  # noqa: E731


def states_of(application):
    return list(application.events.values_list("from_state", "to_state"))


def test_the_full_path_to_publication(clients, users, ministry, mailoutbox, django_capture_on_commit_callbacks):
    op, off = clients["operator"], clients["officer"]
    app = make_application(ministry)
    with django_capture_on_commit_callbacks(execute=True):
        step(op, app, "start_formal_check")
        assert app.state == State.FORMAL_CHECK
        step(op, app, "request_completion", comment="Brak opisu efektów uczenia się.")
        assert app.state == State.COMPLETION_REQUESTED and app.completion_due > TODAY()
        step(op, app, "receive_completion", comment="Uzupełniono.")
        assert app.state == State.FORMAL_CHECK
        step(op, app, "forward", officer=users["officer"].pk)
        assert app.state == State.FORWARDED and app.assigned_officer == users["officer"]
        assert app.forwarded_on == TODAY() and app.minister_due > TODAY() + datetime.timedelta(days=119)
        first_due = app.minister_due
        step(off, app, "extend_deadline", comment="Sprawa złożona.")
        assert app.state == State.FORWARDED and app.deadline_extended and app.minister_due > first_due
        step(off, app, "open_consultation", closes_on=FUTURE().isoformat())
        assert app.state == State.CONSULTATION and app.consultation.closes_on == FUTURE()
        # The consultation runs its course.
        Consultation.objects.filter(pk=app.consultation.pk).update(
            opens_on=TODAY() - datetime.timedelta(days=30), closes_on=TODAY() - datetime.timedelta(days=1)
        )
        step(off, app, "start_expert_review")
        assert app.state == State.EXPERT_REVIEW
        step(off, app, "decide", prk_level=4)
        assert app.state == State.DECIDED and app.draft.prk_level_id == 4 and app.draft.status == Status.DRAFT
        step(op, app, "publish", mp_year=2026, mp_position=123, mp_date="2026-03-02")
    assert app.state == State.PUBLISHED
    draft = app.draft
    draft.refresh_from_db()
    assert (draft.status, draft.mp_reference, draft.included_on) == (
        Status.INCLUDED,
        "M.P. 2026 poz. 123",
        datetime.date(2026, 3, 2),
    )
    assert states_of(app) == [
        ("", "submitted"),
        ("submitted", "formal_check"),
        ("formal_check", "completion_requested"),
        ("completion_requested", "formal_check"),
        ("formal_check", "forwarded"),
        ("forwarded", "forwarded"),
        ("forwarded", "consultation"),
        ("consultation", "expert_review"),
        ("expert_review", "decided"),
        ("decided", "published"),
    ]
    event = app.events.get(action="request_completion")
    assert event.actor == users["operator"] and event.comment == "Brak opisu efektów uczenia się."
    # Every step that concerns the applicant: a Polish letter to them.
    assert len(mailoutbox) == 7  # all but the start of the formal check and the expert review
    assert all(mail.to == ["wnioskodawca@example.com"] for mail in mailoutbox)
    assert mailoutbox[0].subject.startswith("Wezwanie do uzupełnienia wniosku ZSK/")
    assert "M.P. 2026 poz. 123" in mailoutbox[-1].body and "włączona" in mailoutbox[-1].body
    # Terminal: no buttons left.
    page = op.get(reverse("admin:applications_inclusionapplication_change", args=[app.pk]))
    assert b"/transition/" not in page.content


def test_forwarded_straight_to_expert_review_then_refused(
    clients, ministry, mailoutbox, django_capture_on_commit_callbacks
):
    app = make_application(ministry, State.FORMAL_CHECK)
    with django_capture_on_commit_callbacks(execute=True):
        step(clients["operator"], app, "forward")
        step(clients["officer"], app, "assign_to_me")
        step(clients["officer"], app, "start_expert_review")
        step(clients["officer"], app, "refuse", reason="Brak uzasadnienia zapotrzebowania na rynku pracy.")
    assert app.state == State.REFUSED
    assert app.refusal_reason == "Brak uzasadnienia zapotrzebowania na rynku pracy."
    assert app.draft.status == Status.DRAFT
    assert "Brak uzasadnienia" in mailoutbox[-1].body and mailoutbox[-1].subject.startswith("Odmowa")


def test_refused_right_after_forwarding(clients, ministry):
    app = make_application(ministry, State.FORWARDED)
    step(clients["officer"], app, "refuse", reason="Kwalifikacja dubluje istniejącą.")
    assert app.state == State.REFUSED


def test_left_unprocessed_when_completion_is_late(clients, ministry):
    app = make_application(ministry, State.COMPLETION_REQUESTED)
    step(clients["operator"], app, "leave_unprocessed", expect_ok=False)  # still within 30 days
    assert app.state == State.COMPLETION_REQUESTED
    InclusionApplication.objects.filter(pk=app.pk).update(completion_due=TODAY() - datetime.timedelta(days=1))
    step(clients["operator"], app, "leave_unprocessed")
    assert app.state == State.LEFT_UNPROCESSED


def test_the_officer_may_publish_too(clients, ministry):
    app = make_application(ministry, State.DECIDED)
    # Arranged as the decision left it (a decided level is no longer saved by hand).
    Qualification.objects.filter(pk=app.draft_id).update(prk_level_id=3)
    step(
        clients["officer"], app, "publish", mp_year=2026, mp_position=7, mp_date="2026-02-02", included_on="2026-02-16"
    )
    app.draft.refresh_from_db()
    assert app.state == State.PUBLISHED and app.draft.included_on == datetime.date(2026, 2, 16)


@pytest.mark.parametrize("state", [s for s in State if s in TRANSITIONS["withdraw"].sources])
def test_withdrawal_from_every_open_state(clients, ministry, state):
    app = make_application(ministry, state)
    step(clients["operator"], app, "withdraw", comment="Pismo wnioskodawcy z dnia 2 marca.")
    assert app.state == State.WITHDRAWN
    assert app.events.last().from_state == state


# --- everything else is refused ----------------------------------------------------------------------

VALID_DATA = {
    "comment": "Uwagi (test).",
    "reason": "Uzasadnienie (test).",
    "prk_level": 4,
    "mp_year": 2026,
    "mp_position": 5,
    "mp_date": datetime.date(2026, 3, 2),
}
ROLES = ["operator", "officer", "other_officer", "coordinator", "nobody"]
ALLOWED_ROLE = {"operator": "registry_operator", "officer": "ministry_officer"}


def snapshot(app):
    app = InclusionApplication.objects.get(pk=app.pk)
    return (
        app.state,
        app.minister_due,
        app.completion_due,
        app.formal_check_due,
        app.assigned_officer_id,
        app.deadline_extended,
        app.refusal_reason,
        app.draft.status,
        app.draft.prk_level_id,
        app.events.count(),
        Consultation.objects.filter(application=app).values_list("closes_on", flat=True).first(),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", list(State))
def test_every_other_combination_is_refused_and_changes_nothing(users, ministry, state, role, in_english):
    from tests.applications.conftest import make_user

    user = users.get(role) or make_user("nobody")
    app = make_application(ministry, state)
    checked = 0
    for action, transition in TRANSITIONS.items():
        allowed = state in transition.sources and ALLOWED_ROLE.get(role) in transition.roles
        if allowed:
            continue
        before = snapshot(app)
        with pytest.raises(TransitionRefused) as refusal:
            perform(app.pk, action, user, closes_on=FUTURE(), **VALID_DATA)
        assert snapshot(app) == before, (state, action, role)
        assert "not possible" in refusal.value.message or "Your role" in refusal.value.message
        checked += 1
    assert checked >= 1


def test_a_refused_click_in_the_admin_changes_nothing(clients, ministry):
    app = make_application(ministry, State.SUBMITTED)
    url = reverse("admin:applications_inclusionapplication_transition", args=[app.pk, "forward"])
    response = clients["operator"].post(url, {"forward-expected_state": "submitted"})
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]
    app.refresh_from_db()
    assert app.state == State.SUBMITTED and app.events.count() == 1
    # The coordinator sees the application but has no buttons, and a forged post is refused.
    page = clients["coordinator"].get(reverse("admin:applications_inclusionapplication_change", args=[app.pk]))
    assert page.status_code == 200 and b"/transition/" not in page.content
    url = reverse("admin:applications_inclusionapplication_transition", args=[app.pk, "start_formal_check"])
    clients["coordinator"].post(url, {"start_formal_check-expected_state": "submitted"})
    app.refresh_from_db()
    assert app.state == State.SUBMITTED


def test_the_officer_sees_only_their_steps(clients, ministry):
    app = make_application(ministry, State.FORWARDED)
    page = clients["officer"].get(reverse("admin:applications_inclusionapplication_change", args=[app.pk]))
    shown = {t.action for t, form, url in page.context["workflow"]["forms"]}
    assert shown == {"assign_to_me", "extend_deadline", "open_consultation", "start_expert_review", "refuse"}
    page = clients["operator"].get(reverse("admin:applications_inclusionapplication_change", args=[app.pk]))
    assert {t.action for t, form, url in page.context["workflow"]["forms"]} == {"withdraw"}


# --- missing data ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "action", "role", "data", "message"),
    [
        ("formal_check", "request_completion", "operator", {}, "comment is required"),
        ("formal_check", "forward", "operator", {}, "fee has not been recorded"),
        ("forwarded", "open_consultation", "officer", {}, "date the consultation closes"),
        ("forwarded", "open_consultation", "officer", {"closes_on": datetime.date(2020, 1, 1)}, "after today"),
        ("consultation", "start_expert_review", "officer", {}, "still open"),
        ("expert_review", "decide", "officer", {}, "PRK level"),
        ("expert_review", "decide", "officer", {"prk_level": 9}, "PRK level"),
        ("expert_review", "refuse", "officer", {"reason": "  "}, "reason for refusal"),
        ("decided", "publish", "operator", {}, "Monitor Polski year"),
        ("decided", "publish", "operator", {"mp_year": 2026, "mp_date": datetime.date(2026, 1, 2)}, "position"),
        ("decided", "publish", "operator", {"mp_year": 2026, "mp_position": 3}, "date of the notice"),
        (
            "decided",
            "publish",
            "operator",
            {"mp_year": 2026, "mp_position": 3, "mp_date": datetime.date(2026, 1, 2)},
            "no PRK level",
        ),
    ],
)
def test_missing_data_is_refused(users, ministry, state, action, role, data, message, in_english):
    app = make_application(ministry, state)
    if action == "forward":
        InclusionApplication.objects.filter(pk=app.pk).update(fee_paid_on=None)
    if action == "start_expert_review":
        Consultation.objects.filter(application=app).update(closes_on=FUTURE())
    if message == "no PRK level":
        Qualification.objects.filter(pk=app.draft_id).update(prk_level=None)
    before = snapshot(app)
    with pytest.raises(TransitionRefused, match=message):
        perform(app.pk, action, users[role], **data)
    assert snapshot(app) == before


def test_the_deadline_is_extended_only_once(users, ministry, in_english):
    app = make_application(ministry, State.EXPERT_REVIEW)
    perform(app.pk, "extend_deadline", users["officer"])
    with pytest.raises(TransitionRefused, match="already been extended"):
        perform(app.pk, "extend_deadline", users["officer"])


def test_a_stale_click_is_refused(users, ministry, in_english):
    app = make_application(ministry, State.FORMAL_CHECK)
    perform(app.pk, "forward", users["operator"], expected_state="formal_check")
    with pytest.raises(TransitionRefused, match="Someone else has just changed this application"):
        perform(app.pk, "withdraw", users["operator"], expected_state="formal_check")
    assert InclusionApplication.objects.get(pk=app.pk).state == State.FORWARDED


def test_events_are_append_only_in_the_database(ministry, in_english):
    app = make_application(ministry)
    event = app.events.get()
    with pytest.raises(Exception, match="cannot be changed"):
        event.save()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        ApplicationEvent.objects.filter(pk=event.pk).update(comment="zmieniono")
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        ApplicationEvent.objects.filter(pk=event.pk).delete()


def test_a_refused_application_needs_a_reason_in_the_database(ministry):
    app = make_application(ministry, State.FORWARDED)
    with pytest.raises(IntegrityError), transaction.atomic():
        InclusionApplication.objects.filter(pk=app.pk).update(state=State.REFUSED, refusal_reason="")

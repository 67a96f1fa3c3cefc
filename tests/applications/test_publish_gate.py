"""An application whose description is incomplete cannot be forwarded or published; the completion
request lists what is missing; the publication step refuses impossible notice data."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from applications.models import InclusionApplication, State
from applications.workflow import TransitionRefused, perform
from qualifications.models import Qualification, Status
from tests.applications.conftest import make_application
from tests.factories import QualificationFactory
from tests.workflow_steps import step

pytestmark = pytest.mark.django_db


def public_page(client, draft):
    return client.get(f"/kwalifikacje/{draft.zrk_id}/", follow=True)


# --- the formal check --------------------------------------------------------------------------------


def test_a_name_only_application_cannot_be_forwarded_and_the_refusal_lists_the_gaps(clients, ministry):
    app = make_application(ministry, State.FORMAL_CHECK, complete=False)
    message = step(clients["operator"], app, "forward", expect_ok=False)
    assert app.state == State.FORMAL_CHECK
    # In the admin's language (Polish): the gaps, listed by their labels.
    assert message.startswith("Zamiast przekazać wniosek, wezwij wnioskodawcę do uzupełnienia.")
    assert "krótka charakterystyka kwalifikacji" in message and "zestawy efektów uczenia się" in message
    assert "kryteria weryfikacji" not in message  # no outcomes yet, so no outcome lacks criteria


def test_the_change_page_lists_what_the_description_lacks(clients, ministry):
    app = make_application(ministry, State.FORMAL_CHECK, complete=False)
    page = clients["operator"].get(reverse("admin:applications_inclusionapplication_change", args=[app.pk]))
    gaps = [g.code for g in page.context["workflow"]["gaps"]]
    assert gaps[:3] == ["characteristic", "prk_level", "target_groups"] and "name" not in gaps
    assert 'id="description-gaps"' in page.content.decode()
    complete = make_application(ministry, State.FORMAL_CHECK)
    page = clients["operator"].get(reverse("admin:applications_inclusionapplication_change", args=[complete.pk]))
    assert page.context["workflow"]["gaps"] == []


def test_the_completion_request_lists_the_gaps_in_the_applicants_letter(
    clients, ministry, mailoutbox, django_capture_on_commit_callbacks
):
    app = make_application(ministry, State.FORMAL_CHECK, complete=False)
    with django_capture_on_commit_callbacks(execute=True):
        step(clients["operator"], app, "request_completion", comment="Brak podpisu.")
    assert app.state == State.COMPLETION_REQUESTED
    comment = app.events.get(action="request_completion").comment
    assert comment.startswith("Brak podpisu.")
    assert "Brakujące elementy opisu kwalifikacji:" in comment and "kod PKD" in comment
    assert "kod PKD" in mailoutbox[-1].body and "Brak podpisu." in mailoutbox[-1].body


def test_a_completion_request_needs_no_comment_when_the_description_has_gaps(clients, ministry):
    app = make_application(ministry, State.FORMAL_CHECK, complete=False)
    step(clients["operator"], app, "request_completion")
    assert "Brakujące elementy" in app.events.last().comment
    complete = make_application(ministry, State.FORMAL_CHECK)
    step(clients["operator"], complete, "request_completion", expect_ok=False)
    assert complete.state == State.FORMAL_CHECK


def test_once_completed_the_application_is_forwarded(clients, ministry):
    from tests.factories import complete_description

    app = make_application(ministry, State.FORMAL_CHECK, complete=False)
    step(clients["operator"], app, "request_completion")
    step(clients["operator"], app, "receive_completion")
    complete_description(app.draft)
    step(clients["operator"], app, "forward")
    assert app.state == State.FORWARDED


# --- publication -------------------------------------------------------------------------------------


def decided(ministry, complete=True):
    app = make_application(ministry, State.DECIDED, complete=complete)
    Qualification.objects.filter(pk=app.draft_id).update(prk_level_id=4)
    app.refresh_from_db()
    return app


NOTICE = {"mp_year": 2026, "mp_position": 77, "mp_date": "2026-03-02"}


def test_an_incomplete_draft_is_not_published_and_stays_a_draft(clients, ministry, client):
    app = decided(ministry, complete=False)
    message = step(clients["operator"], app, "publish", expect_ok=False, **NOTICE)
    assert app.state == State.DECIDED
    assert "krótka charakterystyka kwalifikacji" in message
    draft = Qualification.objects.get(pk=app.draft_id)
    assert draft.status == Status.DRAFT and draft.mp_year is None
    assert public_page(client, draft).status_code == 404


def test_a_complete_draft_without_english_is_published_and_flagged(clients, ministry, client, operator_client):
    app = decided(ministry)
    assert not Qualification.objects.get(pk=app.draft_id).name_en
    step(clients["operator"], app, "publish", **NOTICE)
    assert app.state == State.PUBLISHED
    draft = Qualification.objects.get(pk=app.draft_id)
    assert public_page(client, draft).status_code == 200
    flagged = operator_client.get(reverse("admin:qualifications_qualification_changelist") + "?missing=name_en")
    assert [q.pk for q in flagged.context["cl"].result_list] == [draft.pk]


def today():
    return timezone.localdate()


def as_dates(notice):
    return {k: datetime.date.fromisoformat(v) if isinstance(v, str) else v for k, v in notice.items()}


@pytest.mark.parametrize(
    ("notice", "message"),
    [
        ({"mp_year": 2099, "mp_position": 1, "mp_date": "2099-12-31"}, "in the future"),
        ({"mp_year": 2026, "mp_position": 1, "mp_date": "2025-12-31"}, "must match"),
        ({**NOTICE, "included_on": "1900-01-01"}, "before the Act"),
        ({**NOTICE, "included_on": "2026-03-01"}, "on or after the date of its notice"),
        ({"mp_year": 2016, "mp_position": 1, "mp_date": "2016-01-14"}, "before the Act"),
    ],
)
def test_impossible_notice_data_is_refused(clients, users, ministry, notice, message):
    app = decided(ministry)
    step(clients["operator"], app, "publish", expect_ok=False, **notice)
    assert app.state == State.DECIDED
    with translation.override("en"), pytest.raises(TransitionRefused, match=message):
        perform(app.pk, "publish", users["operator"], **as_dates(notice))
    assert app.state == State.DECIDED and Qualification.objects.get(pk=app.draft_id).status == Status.DRAFT


def test_a_monitor_polski_reference_is_used_once(clients, ministry, users):
    other = QualificationFactory(mp_year=2026, mp_position=77, mp_date=datetime.date(2026, 3, 2))
    app = decided(ministry)
    shown = step(clients["operator"], app, "publish", expect_ok=False, **NOTICE)
    assert str(other.zrk_id) in shown and "M.P. 2026 poz. 77" in shown
    with translation.override("en"), pytest.raises(TransitionRefused, match="already the notice of"):
        perform(app.pk, "publish", users["operator"], **as_dates(NOTICE))
    with translation.override("en"), pytest.raises(TransitionRefused, match="in the future"):
        perform(app.pk, "publish", users["operator"], mp_year=today().year, mp_position=78,
                mp_date=today() + datetime.timedelta(days=1))  # fmt: skip
    assert InclusionApplication.objects.get(pk=app.pk).state == State.DECIDED


def test_a_reference_taken_meanwhile_is_refused_by_the_database_not_a_500(users, ministry, monkeypatch, in_english):
    """Two publications racing for one reference: the second check passes before the first commits,
    the unique constraint refuses it, and the step says so."""
    QualificationFactory(mp_year=2026, mp_position=77, mp_date=datetime.date(2026, 3, 2))
    app = decided(ministry)
    monkeypatch.setattr("applications.workflow.inclusion.notice_errors", lambda **kwargs: {})
    with pytest.raises(TransitionRefused, match="already the notice of another qualification"):
        perform(app.pk, "publish", users["operator"], mp_year=2026, mp_position=77, mp_date=datetime.date(2026, 3, 2))
    app.refresh_from_db()
    assert app.state == State.DECIDED and app.events.count() == 1


def test_any_other_database_refusal_is_a_clear_refusal_too(users, ministry, monkeypatch, in_english):
    app = decided(ministry)
    monkeypatch.setattr("applications.workflow.inclusion.notice_errors", lambda **kwargs: {})
    with pytest.raises(TransitionRefused, match="qualification_notice_date_in_its_year"):
        perform(app.pk, "publish", users["operator"], mp_year=2026, mp_position=5, mp_date=datetime.date(2025, 3, 2))
    assert InclusionApplication.objects.get(pk=app.pk).state == State.DECIDED

"""A ministry officer sees and acts only on their own ministry's applications, on every admin path."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from applications.models import ConsultationComment, Moderation, State
from tests.applications.conftest import make_application, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(ministry, other_ministry):
    own = make_application(ministry, State.CONSULTATION, name="Wniosek własny (test)")
    other = make_application(other_ministry, State.CONSULTATION, name="Wniosek cudzy (test)")
    comments = {
        app: ConsultationComment.objects.create(
            consultation=app.consultation, author_name="Jan Test", email="jan@example.com", text="Uwaga (test)."
        )
        for app in (own, other)
    }
    return own, other, comments


def admin_urls(app, comment):
    name = "admin:applications_inclusionapplication"
    return {
        "change": reverse(f"{name}_change", args=[app.pk]),
        "history": reverse(f"{name}_history", args=[app.pk]),
        "delete": reverse(f"{name}_delete", args=[app.pk]),
        "comment change": reverse("admin:applications_consultationcomment_change", args=[comment.pk]),
        "comment history": reverse("admin:applications_consultationcomment_history", args=[comment.pk]),
        "draft change": reverse("admin:qualifications_qualification_change", args=[app.draft_id]),
        "draft history": reverse("admin:qualifications_qualification_history", args=[app.draft_id]),
        "draft history version": reverse(
            "admin:qualifications_qualification_simple_history",
            args=[app.draft_id, app.draft.history.latest().history_id],
        ),
    }


def test_every_admin_url_of_another_ministry_is_closed(clients, two):
    own, other, comments = two
    client = clients["officer"]
    for label, url in admin_urls(other, comments[other]).items():
        response = client.get(url)
        assert response.status_code in (403, 404), label
        assert other.draft.name.encode() not in response.content, label
    for label, url in admin_urls(own, comments[own]).items():
        expected = 403 if label == "delete" else 200
        assert client.get(url).status_code == expected, label


def test_lists_search_filters_and_my_work_hide_another_ministry(clients, two, other_ministry):
    own, other, comments = two
    client = clients["officer"]
    lists = [
        reverse("admin:applications_inclusionapplication_changelist"),
        reverse("admin:applications_inclusionapplication_changelist") + f"?q={other.number}",
        reverse("admin:applications_inclusionapplication_changelist") + f"?ministry__id__exact={other_ministry.pk}",
        reverse("admin:applications_inclusionapplication_changelist") + "?deadline=overdue",
        reverse("admin:applications_my_work"),
        reverse("admin:applications_consultationcomment_changelist"),
        reverse("admin:qualifications_qualification_changelist") + "?status__exact=draft",
        reverse("admin:qualifications_qualification_changelist") + "?q=Wniosek",
    ]
    for url in lists:
        response = client.get(url)
        assert response.status_code == 200, url
        assert other.draft.name.encode() not in response.content, url
        if "cl" in response.context:  # a changelist: the rows, since a search term is echoed in the page
            cl = response.context["cl"]
            hidden = {
                "inclusionapplication": other.pk,
                "consultationcomment": comments[other].pk,
                "qualification": other.draft_id,
            }[cl.model._meta.model_name]
            assert hidden not in {obj.pk for obj in cl.result_list}, url
        else:
            assert other.number.encode() not in response.content, url
    page = client.get(reverse("admin:applications_inclusionapplication_changelist"))
    assert own.number.encode() in page.content
    # The operator and the coordinator see both.
    for role in ("operator", "coordinator"):
        page = clients[role].get(reverse("admin:applications_inclusionapplication_changelist"))
        assert own.number.encode() in page.content and other.number.encode() in page.content


def test_autocomplete_does_not_reveal_another_ministrys_draft(clients, two):
    own, other, comments = two
    url = reverse("admin:autocomplete")
    params = {
        "app_label": "qualifications",
        "model_name": "qualification",
        "field_name": "related_qualifications",
        "term": "Wniosek",
    }
    names = [r["text"] for r in clients["officer"].get(url, params).json()["results"]]
    assert own.draft.name in names and other.draft.name not in names
    names = [r["text"] for r in clients["operator"].get(url, params).json()["results"]]
    assert {own.draft.name, other.draft.name} <= set(names)


def test_steps_and_actions_on_another_ministry_do_nothing(clients, two):
    own, other, comments = two
    client = clients["officer"]
    url = reverse("admin:applications_inclusionapplication_transition", args=[other.pk, "start_expert_review"])
    assert client.post(url, {"start_expert_review-expected_state": "consultation"}).status_code == 404
    other.refresh_from_db()
    assert other.state == State.CONSULTATION
    # A moderation action posted with the other ministry's comment id: the queryset never contains it.
    changelist = reverse("admin:applications_consultationcomment_changelist")
    client.post(changelist, {"action": "publish_comments", "_selected_action": [comments[other].pk, comments[own].pk]})
    comments[other].refresh_from_db()
    comments[own].refresh_from_db()
    assert comments[other].moderation == Moderation.PENDING
    assert comments[own].moderation == Moderation.PUBLISHED
    # Editing the other application directly.
    change = reverse("admin:applications_inclusionapplication_change", args=[other.pk])
    assert client.post(change, {"assigned_officer": ""}).status_code == 404


def test_an_officer_without_a_ministry_sees_nothing(client, two):
    user = make_user("lost")
    user.groups.add(Group.objects.get(name="ministry_officer"))
    client.force_login(user)
    own, other, comments = two
    page = client.get(reverse("admin:applications_inclusionapplication_changelist"))
    assert page.status_code == 200
    assert own.number.encode() not in page.content and other.number.encode() not in page.content
    assert client.get(reverse("admin:applications_inclusionapplication_change", args=[own.pk])).status_code == 404


def test_the_coordinator_reads_but_cannot_change(clients, two):
    own, other, comments = two
    url = reverse("admin:applications_inclusionapplication_change", args=[own.pk])
    assert clients["coordinator"].get(url).status_code == 200
    assert clients["coordinator"].post(url, {}).status_code == 403
    assert clients["coordinator"].get(reverse("admin:applications_inclusionapplication_add")).status_code == 403


def test_a_draft_under_an_application_cannot_be_published_by_hand(clients, two):
    own, other, comments = two
    page = clients["operator"].get(reverse("admin:qualifications_qualification_change", args=[own.draft_id]))
    form = page.context["adminform"].form
    assert "status" not in form.fields and "mp_year" not in form.fields
    assert "name_pl" in form.fields  # the description itself stays editable

"""Public consultation pages, comments (CSRF, honeypot, rate limit, moderation) and publication into
the public search."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import Consultation, ConsultationComment, Moderation, State
from applications.workflow import perform
from tests.applications.conftest import make_application
from tests.factories import LearningOutcomeFactory, LearningOutcomeSetFactory, VerificationCriterionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.applications.urls")]


@pytest.fixture
def open_consultation(ministry, users):
    app = make_application(ministry, State.FORWARDED, name="Stylizowanie paznokci (test)")
    draft = app.draft
    draft.characteristic_pl = "Osoba posiadająca kwalifikację stylizuje paznokcie (opis demonstracyjny)."
    draft.save()
    outcome_set = LearningOutcomeSetFactory(qualification=draft, name_pl="Przygotowanie stanowiska pracy")
    outcome = LearningOutcomeFactory(outcome_set=outcome_set, text_pl="Dobiera narzędzia do stylizacji.")
    VerificationCriterionFactory(outcome=outcome, text_pl="omawia zasady dezynfekcji narzędzi")
    perform(app.pk, "open_consultation", users["officer"], closes_on=timezone.localdate() + datetime.timedelta(days=14))
    app.refresh_from_db()
    return app.consultation


def comment_data(**extra):
    return {
        "author_name": "Anna Test",
        "organisation": "Izba (test)",
        "email": "anna@example.com",
        "text": "Proponuję doprecyzować kryteria weryfikacji.",
        "website": "",
        **extra,
    }


def test_the_list_shows_open_and_closed_consultations(client, open_consultation, ministry):
    closed = make_application(ministry, State.EXPERT_REVIEW, name="Animacja czasu wolnego (test)")
    page = client.get(reverse("consultation_list"))
    assert page.status_code == 200
    assert [c.pk for c in page.context["open_consultations"]] == [open_consultation.pk]
    assert [c.pk for c in page.context["closed_consultations"]] == [closed.consultation.pk]
    assert "Stylizowanie paznokci (test)" in page.content.decode()
    assert "Animacja czasu wolnego (test)" in page.content.decode()


def test_the_addresses_are_translated(open_consultation):
    with_prefix = reverse("consultation_detail", args=[open_consultation.pk])
    assert with_prefix.endswith(f"/{open_consultation.pk}/")
    english = Client().get(f"/en/consultations/{open_consultation.pk}/")
    assert english.status_code == 200
    assert "Add your comment" in english.content.decode()


def test_the_draft_is_rendered_like_a_qualification_page(client, open_consultation):
    page = client.get(reverse("consultation_detail", args=[open_consultation.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<h1" in html and html.count("<h1") == 1
    assert "Stylizowanie paznokci (test)" in html
    assert "stylizuje paznokcie" in html
    assert "Dobiera narzędzia do stylizacji." in html and "omawia zasady dezynfekcji narzędzi" in html
    assert open_consultation.closes_on.isoformat() in html or str(open_consultation.closes_on.year) in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "anna@example.com" not in html


def test_a_comment_is_moderated_before_it_appears(client, clients, open_consultation):
    url = reverse("consultation_detail", args=[open_consultation.pk])
    response = client.post(url, comment_data())
    assert response.status_code == 302 and "sent=1" in response.url
    comment = ConsultationComment.objects.get()
    assert comment.moderation == Moderation.PENDING and comment.ip_hash and "127.0.0.1" not in comment.ip_hash
    assert "Proponuję doprecyzować" not in client.get(url).content.decode()
    # Moderated by the ministry's officer with the admin action.
    clients["officer"].post(
        reverse("admin:applications_consultationcomment_changelist"),
        {"action": "publish_comments", "_selected_action": [comment.pk]},
    )
    html = client.get(url).content.decode()
    assert "Proponuję doprecyzować" in html and "Anna Test" in html and "Izba (test)" in html
    assert "anna@example.com" not in html


def test_the_form_needs_csrf(open_consultation):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("consultation_detail", args=[open_consultation.pk]), comment_data())
    assert response.status_code == 403
    assert not ConsultationComment.objects.exists()


def test_the_honeypot_stores_nothing(client, open_consultation):
    response = client.post(
        reverse("consultation_detail", args=[open_consultation.pk]), comment_data(website="http://spam.example")
    )
    assert response.status_code == 302
    assert not ConsultationComment.objects.exists()


def test_missing_fields_are_reported(client, open_consultation):
    response = client.post(
        reverse("consultation_detail", args=[open_consultation.pk]), comment_data(email="not-an-address", text="")
    )
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert not ConsultationComment.objects.exists()


def test_comments_are_rate_limited_per_address(client, open_consultation):
    url = reverse("consultation_detail", args=[open_consultation.pk])
    for n in range(5):
        assert client.post(url, comment_data(text=f"Uwaga {n}")).status_code == 302
    response = client.post(url, comment_data(text="Szósta uwaga"))
    assert response.status_code == 429
    assert ConsultationComment.objects.count() == 5
    other_address = client.post(url, comment_data(text="Z innego adresu"), REMOTE_ADDR="10.0.0.7")
    assert other_address.status_code == 302
    assert ConsultationComment.objects.count() == 6


def test_a_closed_consultation_takes_no_comments_and_hides_the_draft(client, open_consultation, users):
    today = timezone.localdate()
    Consultation.objects.filter(pk=open_consultation.pk).update(
        opens_on=today - datetime.timedelta(days=20), closes_on=today - datetime.timedelta(days=1)
    )
    perform(open_consultation.application_id, "start_expert_review", users["officer"])
    url = reverse("consultation_detail", args=[open_consultation.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "stylizuje paznokcie" not in page.content.decode()
    assert b"csrfmiddlewaretoken" not in page.content
    assert client.post(url, comment_data()).status_code == 400
    assert not ConsultationComment.objects.exists()


def test_unknown_consultation_is_404(client):
    assert client.get(reverse("consultation_detail", args=[999999])).status_code == 404


def test_the_draft_is_not_in_the_register_until_published(client, ministry, users):
    app = make_application(ministry, State.EXPERT_REVIEW, name="Stylizowanie paznokci hybrydowych (test)")
    search = "/kwalifikacje/?q=Stylizowanie+paznokci+hybrydowych"
    assert f"/kwalifikacje/{app.draft.zrk_id}-" not in client.get(search).content.decode()
    perform(app.pk, "decide", users["officer"], prk_level=4)
    perform(app.pk, "publish", users["operator"], mp_year=2026, mp_position=321, mp_date=datetime.date(2026, 3, 2))
    app.draft.refresh_from_db()
    page = client.get(search)
    assert page.status_code == 200
    # The result links to the new register entry (the words of the name are highlighted).
    assert f'href="/kwalifikacje/{app.draft.zrk_id}-{app.draft.slug}/' in page.content.decode()
    detail = client.get(reverse("qualification_detail", args=[app.draft.zrk_id, app.draft.slug]))
    assert detail.status_code == 200 and "M.P. 2026 poz. 321" in detail.content.decode()


def test_behind_a_trusted_proxy_the_limit_counts_each_client_not_the_proxy(client, open_consultation, settings):
    import ipaddress

    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.9.0.0/16")]
    url = reverse("consultation_detail", args=[open_consultation.pk])
    via_proxy = {"REMOTE_ADDR": "10.9.0.2"}
    for n in range(5):
        response = client.post(url, comment_data(text=f"Uwaga {n}"), HTTP_X_FORWARDED_FOR="203.0.113.5", **via_proxy)
        assert response.status_code == 302
    blocked = client.post(url, comment_data(text="Szósta"), HTTP_X_FORWARDED_FOR="203.0.113.5", **via_proxy)
    assert blocked.status_code == 429
    # Another reader behind the same proxy is not blocked by the first one's comments.
    other = client.post(url, comment_data(text="Inny czytelnik"), HTTP_X_FORWARDED_FOR="198.51.100.8", **via_proxy)
    assert other.status_code == 302
    # From an untrusted address the header is ignored: it cannot be used to escape the limit.
    direct = {"REMOTE_ADDR": "192.0.2.200"}
    for n in range(5):
        client.post(url, comment_data(text=f"Spoza {n}"), HTTP_X_FORWARDED_FOR=f"192.0.2.{n}", **direct)
    spoofed = client.post(url, comment_data(text="Spoza 6"), HTTP_X_FORWARDED_FOR="192.0.2.99", **direct)
    assert spoofed.status_code == 429

"""The similarity panel of an inclusion application's change page, its overlap report and the
duplicate-name warning, with the admin's scoping: another ministry's officer never reaches them."""

import pytest
from django.urls import reverse

from applications.models import State
from qualifications.models import LearningOutcome
from qualifications.similarity.index import rebuild
from tests.applications.conftest import make_application
from tests.factories import LearningOutcomeFactory, LearningOutcomeSetFactory, QualificationFactory

pytestmark = pytest.mark.django_db

NAILS = ["Przygotowuje płytkę paznokcia do stylizacji", "Wykonuje przedłużanie paznokci żelem"]


@pytest.fixture
def register(roles):
    existing = QualificationFactory(name_pl="Stylizowanie paznokci", status="included")
    outcome_set = LearningOutcomeSetFactory(qualification=existing, position=1)
    for position, text in enumerate([*NAILS, "Zdobi paznokcie techniką hybrydową"], start=1):
        LearningOutcomeFactory(outcome_set=outcome_set, position=position, text_pl=text)
    other = QualificationFactory(name_pl="Wypiekanie pieczywa", status="included")
    LearningOutcomeFactory(outcome_set=LearningOutcomeSetFactory(qualification=other), text_pl="Wypieka chleb")
    return existing


def application_in(ministry, state):
    application = make_application(ministry, state, name="Stylizowanie paznokci.")
    draft_set = application.draft.outcome_sets.get()
    LearningOutcome.objects.filter(outcome_set=draft_set).update(text_pl=NAILS[0], text=NAILS[0])
    LearningOutcomeFactory(outcome_set=draft_set, position=99, text_pl=NAILS[1])
    rebuild()
    return application


def change_page(client, application):
    response = client.get(reverse("admin:applications_inclusionapplication_change", args=[application.pk]))
    assert response.status_code == 200
    return response.content.decode()


def overlap_url(application):
    return reverse("admin:applications_inclusionapplication_overlap", args=[application.pk])


def test_the_formal_check_shows_similar_entries_and_warns_of_a_near_identical_name(clients, ministry, register):
    application = application_in(ministry, State.FORMAL_CHECK)
    html = change_page(clients["operator"], application)
    assert "Podobne kwalifikacje w rejestrze" in html
    assert "Uwaga: w rejestrze jest już kwalifikacja o niemal identycznej nazwie." in html
    assert "Przed przekazaniem wniosku ministrowi sprawdź" in html
    panel = html[html.index('id="similarity-heading"') :]
    assert f'href="/kwalifikacje/{register.zrk_id}-{register.slug}/"' in panel
    assert "efekty uczenia się z wniosku mają tu bliskie odpowiedniki" in panel  # the shared outcomes
    assert "Wspólne słowa:" in panel and "paznokieć" in panel
    assert overlap_url(application) in panel
    # A warning, not a refusal: the step to forward is still offered.
    assert reverse("admin:applications_inclusionapplication_transition", args=[application.pk, "forward"]) in html


def test_the_officer_sees_the_panel_and_the_overlap_report(clients, ministry, register):
    application = application_in(ministry, State.EXPERT_REVIEW)
    html = change_page(clients["officer"], application)
    assert "Podobne kwalifikacje w rejestrze" in html and "Przed przekazaniem" not in html
    response = clients["officer"].get(overlap_url(application))
    assert response.status_code == 200
    report = response.content.decode()
    assert "Raport pokrycia" in report
    assert report.count(NAILS[0]) >= 2  # the proposal's outcome, and the same outcome in the register
    assert "100%" in report and "Stylizowanie paznokci" in report
    assert "Wypieka chleb" not in report


def test_another_ministrys_officer_gets_404_on_the_overlap_report(clients, ministry, register):
    application = application_in(ministry, State.EXPERT_REVIEW)
    assert clients["other_officer"].get(overlap_url(application)).status_code == 404
    assert clients["other_officer"].get(
        reverse("admin:applications_inclusionapplication_change", args=[application.pk])
    ).status_code in (302, 404)
    for bad in ("987654", "abc"):
        url = overlap_url(application).replace(f"/{application.pk}/", f"/{bad}/")
        assert clients["operator"].get(url).status_code == 404
    nul = overlap_url(application).replace(f"/{application.pk}/", "/1%00/")
    assert clients["operator"].get(nul).status_code == 400  # refused before any view


def test_anonymous_visitors_are_sent_to_the_login(client, ministry, register):
    application = application_in(ministry, State.FORWARDED)
    response = client.get(overlap_url(application))
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_unrelated_draft_gets_no_warning(clients, ministry, register):
    application = make_application(ministry, State.FORMAL_CHECK, name="Tresura sokołów")
    rebuild()
    html = change_page(clients["operator"], application)
    assert "Podobne kwalifikacje w rejestrze" in html
    assert "niemal identycznej nazwie" not in html

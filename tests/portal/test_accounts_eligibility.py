"""The public eligibility check: which application fits and who may file it."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("goal", "who", "expected"),
    [
        ("inclusion", "organisation", "art. 14"),
        ("rights", "organisation", "art. 41"),
        ("pzzj", "organisation", "art. 51"),
    ],
)
def test_each_goal_names_its_application_and_who_may_file_it(goal, who, expected):
    response = Client().get(reverse("portal:eligibility"), {"goal": goal, "who": who})
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert "/konto/signup/" in response.content.decode()


def test_a_private_person_is_told_the_act_does_not_let_them_file():
    response = Client().get("/en/applications/eligibility/", {"goal": "rights", "who": "person"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "cannot file this application" in html
    assert "/en/account/signup/" not in html


def test_the_form_is_public_and_bad_answers_get_an_error_summary():
    assert Client().get(reverse("portal:eligibility")).status_code == 200
    for params in ({"goal": "x"}, {"goal": "inclusion", "who": "\x00"}, {"goal": ["a", "b"], "who": "<b>"}):
        response = Client().get(reverse("portal:eligibility"), params)
        assert response.status_code == 400
        assert "error-summary" in response.content.decode()


def test_the_site_links_to_the_portal_and_the_check():
    html = Client().get("/").content.decode()
    assert 'href="/wnioski/"' in html and "Złóż wniosek" in html
    assert 'href="/wnioski/kto-moze-zlozyc/"' in html

"""The staff see what the applicant stated in the portal (the staff, the conditions, the quality system,
the declaration of no arrears) on the application's change page, as sent: they cannot rewrite it."""

import pytest
from django.urls import reverse

from applications.models import CertificationRightsApplication, PzzjState, RightsState
from tests.applications.test_pzzj_applications import make_pzzj_application
from tests.applications.test_rights_applications import make_rights_application

pytestmark = pytest.mark.django_db


def change(client, application, data=None):
    url = reverse(f"admin:applications_{application._meta.model_name}_change", args=[application.pk])
    return client.post(url, data) if data is not None else client.get(url)


def test_the_operator_reads_a_rights_applicants_statements_and_cannot_edit_them(clients, ministry):
    application = make_rights_application(
        ministry,
        RightsState.FORMAL_CHECK,
        validation_staff="Dwóch asesorów z 5-letnim doświadczeniem (test).",
        validation_conditions="Pracownia z 12 stanowiskami (test).",
        quality_system="Procedura wewnętrznej ewaluacji co pół roku (test).",
        no_arrears_declared=True,
    )
    page = change(clients["operator"], application)
    html = page.content.decode()
    for text in ("Dwóch asesorów z 5-letnim doświadczeniem", "Pracownia z 12 stanowiskami", "Procedura wewnętrznej"):
        assert text in html
    form = page.context["adminform"].form
    for name in ("validation_staff", "validation_conditions", "quality_system", "no_arrears_declared"):
        assert name not in form.fields, name  # shown read-only, not as an input
    assert 'name="validation_staff"' not in html


def test_a_pzzj_applicants_statements_are_shown_to_the_coordinator_and_operator(clients, ministry):
    application = make_pzzj_application(
        [ministry],
        PzzjState.FORWARDED,
        experience="Od 2009 roku prowadzimy audyty szkoleń (test).",
        staff="Sześciu audytorów wiodących (test).",
        quality_system="Księga jakości w wersji 3 (test).",
    )
    for role in ("coordinator", "operator"):
        html = change(clients[role], application).content.decode()
        assert "Od 2009 roku prowadzimy audyty szkoleń" in html
        assert "Sześciu audytorów wiodących" in html
        assert "Księga jakości w wersji 3" in html
        assert 'name="experience"' not in html


def test_a_post_cannot_overwrite_what_the_applicant_stated(clients, ministry):
    application = make_rights_application(ministry, RightsState.FORMAL_CHECK, quality_system="Jak w złożonym (test).")
    page = change(clients["operator"], application)
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(quality_system="Podmienione przez pracownika (test).", _save="1")
    change(clients["operator"], application, data)
    assert CertificationRightsApplication.objects.get(pk=application.pk).quality_system == "Jak w złożonym (test)."

"""Demo placeholders never reach public pages: the published demo application is a real
qualification with a complete (labelled) description, and the home page shows real records."""

import datetime

import pytest
from django.core.management import call_command

from applications.models import InclusionApplication, State
from qualifications.models import Qualification

pytestmark = pytest.mark.django_db

PLACEHOLDER = "Przykładowa kwalifikacja"


@pytest.fixture
def demo(settings, demo_register):
    """The session's demo register, in demo mode (the tests that load it again do so with the accounts)."""
    settings.ZRK_DEMO = True


def test_the_published_demo_application_is_a_real_qualification_with_a_complete_description(demo):
    record = InclusionApplication.objects.get(state=State.PUBLISHED).draft
    assert record.name_pl == (
        "Montowanie manualne komponentów i urządzeń elektrycznych, elektronicznych i mechatronicznych"
    )
    assert record.mp_reference == "M.P. 2021 poz. 684"
    assert record.mp_date == datetime.date(2021, 7, 12)
    assert record.prk_level_id == 3
    assert record.ministry.name_pl == "Ministerstwo Rozwoju, Pracy i Technologii"
    assert record.category == "market"
    assert record.document_name_pl == "Certyfikat" and record.validity_months == 48 and record.renewal_conditions_pl
    for field in ("name", "characteristic", "target_groups", "entry_conditions", "validation_requirements"):
        assert getattr(record, f"{field}_pl") and getattr(record, f"{field}_en"), field
    assert "demonstracyjny" in record.characteristic_pl and "Demo description" in record.characteristic_en
    assert record.isced_code and record.pkd_code
    sets = list(record.outcome_sets.all())
    assert len(sets) == 2
    for outcome_set in sets:
        for outcome in outcome_set.outcomes.all():
            assert outcome.criteria.exists()


def test_no_placeholder_is_public_and_the_home_page_shows_real_records(demo, client):
    assert not Qualification.objects.public().filter(name_pl__startswith=PLACEHOLDER).exists()
    assert not Qualification.objects.public().filter(name_pl__contains="(demo)").exists()
    for url in ("/", "/en/"):
        html = client.get(url).content.decode()
        newest = html[html.index('id="newest-heading"') :]
        assert PLACEHOLDER not in newest and "(demo)" not in newest
    english = client.get("/en/").content.decode()
    assert "Example qualification" not in english and PLACEHOLDER not in english


def test_a_register_loaded_with_the_old_placeholder_is_put_right(demo, settings):
    record = InclusionApplication.objects.get(state=State.PUBLISHED).draft
    Qualification.objects.filter(pk=record.pk).update(
        name_pl="Przykładowa kwalifikacja: ogłoszona (demo)", name_en="", mp_position=9001, characteristic_en=""
    )
    call_command("load_demo", users=True, verbosity=0)
    record.refresh_from_db()
    assert record.name_pl.startswith("Montowanie manualne")
    assert record.mp_reference == "M.P. 2021 poz. 684" and record.characteristic_en
    assert record.outcome_sets.count() == 2


def test_public_consultations_are_of_real_proposals_only(demo, client):
    for url in ("/konsultacje/", "/en/consultations/"):
        html = client.get(url).content.decode()
        assert "Stylizowanie paznokci" in html
        assert PLACEHOLDER not in html and "(demo)" not in html


def test_a_placeholder_consultation_left_by_an_earlier_load_is_taken_off(demo, client):
    from applications.models import Consultation

    application = InclusionApplication.objects.get(draft__code="DEMO-WN-06")
    today = datetime.date.today()
    Consultation.objects.create(
        application=application,
        opens_on=today - datetime.timedelta(days=80),
        closes_on=today - datetime.timedelta(days=50),
    )
    assert PLACEHOLDER in client.get("/konsultacje/").content.decode()
    call_command("load_demo", users=True, verbosity=0)
    assert not Consultation.objects.filter(application=application).exists()
    assert PLACEHOLDER not in client.get("/konsultacje/").content.decode()

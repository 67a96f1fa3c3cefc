"""The demo register carries the verified facts, and its pages speak of each record's own
awarding route (the vocational page from the register-integrity report among them)."""

import datetime

import pytest
from django.core.management import call_command

from qualifications.models import Qualification
from qualifications.routes import awarding_route

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_register):
    return demo_register


def test_filled_gaps_and_new_qualifications(demo):
    payroll = Qualification.objects.get(zrk_id=13824)
    assert payroll.name_pl == "Zarządzanie procesami płacowymi"
    assert (payroll.prk_level_id, payroll.ministry.code, payroll.mp_reference) == (6, "mf", "M.P. 2020 poz. 295")
    assert payroll.mp_date == datetime.date(2020, 2, 27) and payroll.validity_months == 36
    assert payroll.workload_hours == 300 and payroll.applicant.short_name == "SKwP"
    assert "36 godzin zegarowych" in payroll.renewal_conditions_pl
    assert not Qualification.objects.filter(zrk_id=90018).exists()

    assert Qualification.objects.get(zrk_id=13827).entry_conditions_pl.endswith("co najmniej wykształcenie średnie.")
    electrician = Qualification.objects.get(name_pl="Elektryk - dyplom mistrzowski")
    assert electrician.mp_date == datetime.date(2018, 12, 19) and electrician.validity_indefinite

    bar = Qualification.objects.get(zrk_id=12636)
    assert bar.name_pl == "Serwis napojów mieszanych i alkoholi"
    assert (bar.prk_level_id, bar.sector_framework.abbreviation, bar.srk_level) == (4, "SRKT", 4)
    assert bar.mp_reference == "M.P. 2018 poz. 1258" and bar.validity_indefinite
    optician = Qualification.objects.get(name_pl="Optyk okularowy - dyplom mistrzowski")
    assert (optician.category, optician.prk_level_id, optician.mp_reference) == ("craft", 5, "M.P. 2018 poz. 1276")


def test_a_record_loaded_under_its_stand_in_id_takes_its_real_id(db):
    Qualification.objects.create(
        zrk_id=90018, code="90018", name_pl="Zarządzanie procesami płacowymi", category="market", status="included"
    )
    call_command("load_demo", verbosity=0)
    assert Qualification.objects.filter(name_pl="Zarządzanie procesami płacowymi").count() == 1
    assert Qualification.objects.get(name_pl="Zarządzanie procesami płacowymi").zrk_id == 13824


def test_the_vocational_demo_page_points_to_the_vocational_exam_in_both_languages(demo, client):
    hairdresser = Qualification.objects.get(zrk_id=90030)
    html = client.get(f"/kwalifikacje/{hairdresser.zrk_id}-{hairdresser.slug}/").content.decode()
    assert "Okręgowe komisje egzaminacyjne (OKE), w drodze egzaminu zawodowego." in html
    main = html[html.index("<main") : html.index("</main>")]  # the footer links the check on every page
    assert "nie może jeszcze nadawać" not in main and "uprawnienia do certyfikowania" not in main
    html = client.get(f"/en/qualifications/{hairdresser.zrk_id}-{hairdresser.slug}/").content.decode()
    assert "vocational examination" in html
    assert "No institution may award" not in html and "may award it yet" not in html


def test_every_demo_page_shows_its_route_block(demo, client):
    for qualification in Qualification.objects.public():
        html = client.get(f"/en/qualifications/{qualification.zrk_id}-{qualification.slug}/").content.decode()
        route = awarding_route(qualification.category)
        assert f'data-route="{route.code}"' in html, qualification
        assert ('id="institutions"' in html) == route.uses_certifying_institutions, qualification

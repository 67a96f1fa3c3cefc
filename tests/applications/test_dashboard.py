"""The back-office's landing page: branded, and for each role the figures of their work, every
figure a link to the admin list showing exactly the rows it counts, for all three kinds."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import InclusionApplication, PzzjState, RightsState, State
from tests.applications.conftest import make_application
from tests.applications.test_pzzj_applications import make_pzzj_application
from tests.applications.test_rights_applications import make_rights_application, pzzj_for
from tests.factories import CertificationRightFactory, PzzjEntryFactory

pytestmark = pytest.mark.django_db


def figures(client):
    """{label: (count, url)} of the landing page's panels."""
    page = client.get(reverse("admin:index"))
    assert page.status_code == 200
    html = page.content.decode()
    found = re.findall(
        r'<a href="([^"]+)"><strong class="work-panel__count">(\d+)</strong> <span>([^<]+)</span></a>', html
    )
    result = {}
    for url, count, label in found:
        result.setdefault(label, []).append((int(count), url.replace("&amp;", "&")))
    return html, result


def listed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert "?e=1" not in response.get("Location", "")
    return response.context["cl"].result_count


def test_the_back_office_is_branded_in_polish_and_english(clients):
    html = clients["operator"].get(reverse("admin:index")).content.decode()
    assert "Administracja Django" not in html and "Django administration" not in html
    assert "Zintegrowany Rejestr Kwalifikacji" in html
    response = clients["operator"].get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200


def test_an_officer_lands_on_their_cases_and_each_figure_opens_its_list(clients, users, ministry, other_ministry):
    today = timezone.localdate()
    mine = make_application(ministry, State.FORWARDED, assigned_officer=users["officer"])
    InclusionApplication.objects.filter(pk=mine.pk).update(
        forwarded_on=today - datetime.timedelta(days=130), minister_due=today - datetime.timedelta(days=1)
    )
    make_application(ministry, State.EXPERT_REVIEW, name="Druga (test)")  # unassigned, due in 120 days
    make_application(ministry, State.FORMAL_CHECK, name="Trzecia (test)")  # still with the operator
    make_application(other_ministry, State.FORWARDED, name="Cudza (test)")  # another ministry's
    make_rights_application(ministry, RightsState.FORWARDED)  # due within 7 days? no: 30 days
    html, found = figures(clients["officer"])
    assert "Wnioski o włączenie" in html and "Wnioski o nadanie uprawnień" in html
    assert "Wnioski o wpis na listę PZZJ" not in html  # officers see no PZZJ applications
    inclusion_mine, rights_mine = found["przydzielone do mnie"]
    assert inclusion_mine[0] == 1 and rights_mine[0] == 0
    assert found["po terminie"][0][0] == 1
    assert found["jeszcze nieprzydzielone"][0][0] == 1 and found["jeszcze nieprzydzielone"][1][0] == 1
    for pairs in found.values():
        for count, url in pairs:
            assert listed(clients["officer"], url) == count, url


def test_an_operator_lands_on_formal_checks_data_quality_and_reports(clients, ministry):
    make_application(ministry, State.SUBMITTED)
    make_rights_application(ministry, RightsState.FORMAL_CHECK)
    make_pzzj_application([ministry], PzzjState.COMPLETION_REQUESTED)
    right = CertificationRightFactory(decision_date=timezone.localdate() - datetime.timedelta(days=400))
    right.qualification.characteristic_en = ""
    right.qualification.save()
    html, found = figures(clients["operator"])
    assert [count for count, _url in found["w ocenie formalnej"]] == [1, 1, 1]
    assert found["rekordy publiczne bez tekstu angielskiego"][0][0] >= 1
    reports = next(pairs for label, pairs in found.items() if label.startswith("raporty kwartalne do wprowadzenia"))
    assert reports[0][0] == 1
    for label, pairs in found.items():
        for count, url in pairs:
            if "data-quality" not in url:
                assert listed(clients["operator"], url) == count, (label, url)


def test_the_coordinator_lands_on_pzzj_work_and_rights_whose_pzzj_lapsed(clients, ministry):
    make_pzzj_application([ministry], PzzjState.FORWARDED)
    lapsed = pzzj_for(ministry, decision_date=datetime.date(2015, 1, 5))
    CertificationRightFactory(pzzj=lapsed, qualification__ministry=ministry)
    PzzjEntryFactory().ministries.add(ministry)
    html, found = figures(clients["coordinator"])
    assert found["wnioski do rozstrzygnięcia"][0][0] == 1
    assert found["aktywne uprawnienia, których PZZJ utracił wpis"][0][0] == 1
    for pairs in found.values():
        for count, url in pairs:
            assert listed(clients["coordinator"], url) == count, url

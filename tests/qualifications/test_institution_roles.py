"""The institution page names the organisation's roles today from its own rows: a certifying
institution while one of its rights may certify (the one rule), a PZZJ while one of its list
entries is valid; and it exists only for organisations the public register names."""

import datetime

import pytest

from qualifications.selectors.institutions import institution_detail
from tests.factories import CertificationRightFactory, OrganisationFactory, PzzjEntryFactory, QualificationFactory

pytestmark = pytest.mark.django_db

IC = "certifying institution"
PZZJ = "external quality-assurance body (PZZJ)"
NO_ROLE = "No current role in the system."
TODAY = datetime.date.today()


def page(client, organisation):
    return client.get(f"/en/institutions/{organisation.pk}/")


def test_an_active_right_of_an_awardable_qualification_makes_a_certifying_institution(client):
    right = CertificationRightFactory(qualification__status="functioning")
    html = page(client, right.institution).content.decode()
    assert IC in html and PZZJ not in html
    assert institution_detail(right.institution.pk)["organisation"].is_ic is True


@pytest.mark.parametrize(
    "right",
    [
        {"status": "expired", "ended_on": datetime.date(2025, 1, 1)},
        {"status": "suspended"},
        {"status": "active", "decision_date": TODAY + datetime.timedelta(days=10)},
        {"status": "active", "qualification__status": "suspended"},
    ],
)
def test_a_right_that_does_not_certify_today_leaves_no_role_but_keeps_the_page(client, right):
    institution = CertificationRightFactory(**right).institution
    response = page(client, institution)
    assert response.status_code == 200
    html = response.content.decode()
    assert NO_ROLE in html and IC not in html


def test_a_valid_list_entry_makes_a_pzzj_and_an_expired_one_does_not(client):
    valid = PzzjEntryFactory(valid_until=TODAY + datetime.timedelta(days=100)).organisation
    expired = PzzjEntryFactory(
        decision_date=TODAY - datetime.timedelta(days=3000), valid_until=TODAY - datetime.timedelta(days=1)
    ).organisation
    assert PZZJ in page(client, valid).content.decode()
    html = page(client, expired).content.decode()
    assert PZZJ not in html and NO_ROLE in html


def test_only_organisations_the_public_register_names_have_a_page(client):
    applicant = OrganisationFactory()
    QualificationFactory(applicant=applicant, status="included")
    assert page(client, applicant).status_code == 200
    of_a_draft = OrganisationFactory()
    QualificationFactory(applicant=of_a_draft, status="draft")
    assert page(client, of_a_draft).status_code == 404
    assert page(client, OrganisationFactory()).status_code == 404
    assert client.get("/en/institutions/987654321/").status_code == 404


def test_a_pzzj_lists_its_assignments_current_first_with_links_and_the_missing_entry_marked(client):
    pzzj = PzzjEntryFactory().organisation  # its entry covers no ministry: no right is on the list
    ended = CertificationRightFactory(
        pzzj=pzzj,
        status="expired",
        ended_on=datetime.date(2025, 1, 1),
        qualification__name_pl="Aaa",
        qualification__name_en="Aaa",
    )
    active = CertificationRightFactory(
        pzzj=pzzj, qualification__name_pl="Zzz", qualification__name_en="Zzz", institution__name_en=""
    )
    html = page(client, pzzj).content.decode()
    table = html[html.index('id="assignments-heading"') :]
    assert table.index("Zzz") < table.index("Aaa")  # current rights first, then by name
    for right in (active, ended):
        assert f'href="/en/qualifications/{right.qualification.zrk_id}-{right.qualification.slug}/"' in table
        assert f'href="/en/institutions/{right.institution_id}/"' in table
    assert table.count("Not on the PZZJ list for this group") == 2
    assert f'<span lang="pl">{active.institution.name_pl}</span>' in table  # no English name: Polish, marked

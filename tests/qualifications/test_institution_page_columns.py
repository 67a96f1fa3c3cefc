"""The institution page reads its rights with only the qualification columns its tables show: a
qualification row holds its descriptions and search vectors, which the page never prints, and
building them for every listed right cost more than the statement itself."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CertificationRightFactory, OrganisationFactory, PzzjEntryFactory

pytestmark = pytest.mark.django_db


def test_rights_and_assignments_leave_the_qualification_texts_unread(client):
    institution = OrganisationFactory()
    pzzj = PzzjEntryFactory().organisation
    right = CertificationRightFactory(institution=institution, pzzj=pzzj, qualification__name_en="Baking")
    for organisation in (institution, pzzj):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/en/institutions/{organisation.pk}/")
        html = response.content.decode()
        assert f'href="/en/qualifications/{right.qualification.zrk_id}-{right.qualification.slug}/"' in html
        assert "Baking" in html
        rights = [query["sql"] for query in captured if query["sql"].startswith('SELECT "qualifications_certif')]
        assert rights
        for sql in rights:
            assert '"characteristic_pl"' not in sql and '"search_vector"' not in sql

"""A NUL anywhere in the address is a 400 page, in the back-office too, never a server error."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/kwalifikacje/?q=%00",
        "/kwalifikacje/?q=piek%00arz&level=4",
        "/en/institutions/?q%00=1",
        "/api/v1/qualifications/?q=%00",
        "/admin/applications/inclusionapplication/?state=%00",
        "/admin/applications/certificationrightsapplication/?state=%00",
        "/admin/institutions/voivodeship/%00/change/",
    ],
)
def test_nul_is_refused_with_a_page_saying_so(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 400
    assert "<h1>" in response.content.decode() and "\x00" not in response.content.decode()

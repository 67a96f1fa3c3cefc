"""A NUL in the address is never a server error: the back-office answers with a 400 page, the
public pages and the API with the page itself (the value ignored or searched for without it)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/admin/applications/inclusionapplication/?state=%00",
        "/admin/applications/certificationrightsapplication/?state=%00",
        "/admin/institutions/voivodeship/%00/change/",
    ],
)
def test_nul_is_refused_with_a_page_saying_so(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 400
    assert "<h1>" in response.content.decode() and "\x00" not in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/kwalifikacje/?q=%00",
        "/kwalifikacje/?q=piek%00arz&level=4",
        "/en/institutions/?q%00=1",
        "/api/v1/qualifications/?q=%00",
    ],
)
def test_public_pages_answer_nul_without_an_error(client, url):
    assert client.get(url).status_code in (200, 400)

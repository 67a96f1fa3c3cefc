"""Back-office record pages: the ZRK id opens the record, a draft's public page can be previewed by
the staff who may see the draft (and nobody else), lists fold their filters above the rows."""

import pytest
from django.urls import reverse

from applications.models import State
from tests.applications.conftest import make_application
from tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db


def test_the_zrk_id_opens_the_record(operator_client):
    qualification = QualificationFactory()
    response = operator_client.get(f"/admin/qualifications/qualification/zrk/{qualification.zrk_id}/")
    assert response.status_code == 302
    assert response.url == reverse("admin:qualifications_qualification_change", args=[qualification.pk])
    assert operator_client.get("/admin/qualifications/qualification/zrk/99999999/").status_code == 404
    assert operator_client.get("/admin/qualifications/qualification/zrk/abc/", follow=True).status_code == 404


def test_a_draft_is_previewed_by_its_ministry_and_the_operator_only(clients, ministry, other_ministry, client):
    application = make_application(ministry, State.FORWARDED, name="Projektowanie ogrodów (test)")
    draft = application.draft
    url = reverse("admin:qualifications_qualification_preview", args=[draft.pk])
    for who in ("operator", "officer", "coordinator"):
        page = clients[who].get(url)
        assert page.status_code == 200, who
        html = page.content.decode()
        assert "Projektowanie ogrodów (test)" in html and "Podgląd dla pracowników" in html
        assert page["X-Robots-Tag"] == "noindex, nofollow" and "no-store" in page["Cache-Control"]
    assert clients["other_officer"].get(url).status_code == 404
    assert client.get(url).status_code == 302  # to the login page
    by_id = clients["other_officer"].get(f"/admin/qualifications/qualification/zrk/{draft.zrk_id}/")
    assert by_id.status_code == 404
    change = clients["officer"].get(reverse("admin:qualifications_qualification_change", args=[draft.pk]))
    assert url in change.content.decode()


def test_list_filters_fold_above_the_list(operator_client):
    QualificationFactory()
    html = operator_client.get(reverse("admin:qualifications_qualification_changelist")).content.decode()
    assert '<details class="zrk-filters">' in html and 'id="changelist-filter"' in html
    filtered = operator_client.get(
        reverse("admin:qualifications_qualification_changelist"), {"status__exact": "included"}
    )
    assert '<details class="zrk-filters" open>' in filtered.content.decode()
    assert "admin-zrk/backoffice.css" in html

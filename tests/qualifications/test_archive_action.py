"""The back-office's archive action: the operator sees the records and gives a reason and a date on an
intermediate page, then the qualification is archived and its rights expire with that reason."""

import pytest
from django.urls import reverse
from django.utils import timezone

from qualifications.models import CertificationRight, Qualification, Status
from tests.factories import CertificationRightFactory

pytestmark = pytest.mark.django_db


def test_the_archive_action_asks_for_the_reason_then_archives(operator_client):
    right = CertificationRightFactory()
    qualification = right.qualification
    url = reverse("admin:qualifications_qualification_changelist")
    chosen = {"action": "archive_qualifications", "_selected_action": [qualification.pk]}

    page = operator_client.post(url, chosen)
    html = page.content.decode()
    assert page.status_code == 200
    assert f"{qualification.zrk_id} {qualification}" in html  # the records it applies to
    assert f'name="_selected_action" value="{qualification.pk}"' in html
    assert 'name="reason"' in html and 'name="effective_on"' in html

    today = timezone.localdate().isoformat()
    done = operator_client.post(
        url, {**chosen, "apply": "1", "reason": "Brak zainteresowania (test).", "effective_on": today}
    )
    assert done.status_code == 302
    assert Qualification.objects.get(pk=qualification.pk).status == Status.ARCHIVED
    assert CertificationRight.objects.get(pk=right.pk).status == "expired"

"""The English-coverage queue: public records lacking their English short characteristic or an
outcome's English text, counted on the landing page and listed by one filter."""

import pytest
from django.urls import reverse

from qualifications import worklists
from tests.factories import LearningOutcomeFactory, QualificationFactory

pytestmark = pytest.mark.django_db


def test_records_lacking_english_are_queued_and_counted(operator_client):
    complete = QualificationFactory(characteristic_en="A person holding the qualification does the work.")
    no_characteristic = QualificationFactory(characteristic_en="")
    outcome = LearningOutcomeFactory(
        outcome_set__qualification=QualificationFactory(characteristic_en="Has an English text."), text_en=""
    )
    draft = QualificationFactory(status="draft", characteristic_en="")  # not public: not queued
    queued = set(worklists.english_coverage_queue())
    assert queued == {no_characteristic, outcome.outcome_set.qualification}
    assert complete not in queued and draft not in queued
    listing = operator_client.get(reverse("admin:qualifications_qualification_changelist"), {"english": "missing"})
    assert listing.status_code == 200 and listing.context["cl"].result_count == 2
    assert "Tekst angielski do uzupełnienia" in listing.content.decode()
    index = operator_client.get(reverse("admin:index")).content.decode()
    assert '<strong class="work-panel__count">2</strong> <span>rekordy publiczne bez tekstu angielskiego' in index

"""The demo register as a new user tries it: what the pages say agrees with the register's own rules."""

import pytest
from django.urls import reverse
from django.utils import translation

from institutions.models import Organisation
from qualifications.models import CertificationRight, Qualification

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.rights.urls")]

EXPIRED_PZZJ = "PZZJ list entry expired on 15 October 2024; the minister must designate another PZZJ"


def english(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


@pytest.fixture
def demo(demo_register):
    return demo_register


def test_counts_tags_dates_and_pzzj_flags_agree_across_the_demo_pages(client, demo):
    home = client.get(english("home"))
    listing = client.get(english("institution_list"), {"role": "ic"})
    role = next(o for o in listing.context["facets"]["role"] if o["value"] == "ic")
    assert home.context["counts"]["institutions"] == role["count"] == listing.context["page_obj"].paginator.count

    # The tailor's workshop: its only right (Krawiec, 90002) is suspended.
    right = CertificationRight.objects.select_related("qualification").get(qualification__zrk_id=90002)
    institution = right.institution
    page = client.get(english("institution_detail", institution.pk)).content.decode()
    assert "0 qualifications this institution may certify" in page
    assert institution.pk not in [o.pk for o in listing.context["organisations"]]
    qualification = right.qualification
    detail = client.get(english("qualification_detail", 90002, qualification.slug)).content.decode()
    check = client.get(english("certification_check"), {"qualification": 90002, "institution": institution.pk})
    assert "since 2 March 2026" in detail and "since 2 March 2026" in check.content.decode()
    assert "since 2 December 2019" not in detail

    # Piekarz (13859): both rights assured by a PZZJ whose list entry ran out; the rights stay valid.
    piekarz = Qualification.objects.get(zrk_id=13859)
    detail = client.get(english("qualification_detail", 13859, piekarz.slug)).content.decode()
    assert detail.count(EXPIRED_PZZJ) == 2 and "2 certifying institutions hold the right" in detail
    holder = CertificationRight.objects.filter(qualification=piekarz).first().institution_id
    check = client.get(english("certification_check"), {"qualification": 13859, "institution": holder})
    assert EXPIRED_PZZJ in check.content.decode() and '<h2 id="answer-heading">Yes</h2>' in check.content.decode()
    pzzj = Organisation.objects.get(pk=CertificationRight.objects.filter(qualification=piekarz).first().pzzj_id)
    assert EXPIRED_PZZJ in client.get(english("institution_detail", pzzj.pk)).content.decode()

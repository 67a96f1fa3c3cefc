"""Read-side queries of the certification check: choosing a qualification and an institution by name."""

from django.db.models import Exists, OuterRef

from institutions.models import Organisation
from qualifications.models import CertificationRight, Qualification
from qualifications.search.text import search
from qualifications.selectors.common import by_name
from qualifications.selectors.institutions import QUERY_MAX_LENGTH, public_rights, text_condition

CHECK_CHOICES = 15  # the most matches the check lists to choose from; more means "be more precise"


def _clean_text(text: str) -> str:
    return " ".join((text or "").replace("\x00", "").split())[:QUERY_MAX_LENGTH]


def qualifications_named(text: str) -> list:
    """Public qualifications matching ``text`` as the search page would (name, code, ZRK id, Polish
    inflection, typos), best first; at most CHECK_CHOICES + 1, so that the caller knows there are more."""
    text = _clean_text(text)
    if not text:
        return []
    found = search(Qualification.objects.public(), text)
    rows = found.ranked(found.queryset).only("pk", "zrk_id", "name_pl", "name_en", "code", "prk_level_id")
    return list(rows.order_by(*found.relevance(), by_name(), "pk")[: CHECK_CHOICES + 1])


def institutions_named(text: str) -> list:
    """Organisations that hold or held a certification right, matching ``text`` by name, short name,
    city or NIP (as the institution list does), by name; at most CHECK_CHOICES + 1."""
    text = _clean_text(text)
    if not text:
        return []
    holders = Organisation.objects.filter(Exists(public_rights().filter(institution=OuterRef("pk"))))
    return list(
        holders.filter(text_condition(text))
        .only("pk", "name_pl", "name_en", "city")
        .order_by(by_name(), "pk")[: CHECK_CHOICES + 1]
    )


def certifiable_qualifications(organisation) -> list:
    """The public qualifications ``organisation`` may award today (an active right), by name."""
    return list(
        Qualification.objects.public()
        .filter(
            Exists(
                CertificationRight.objects.certifying_on().filter(
                    qualification=OuterRef("pk"), institution=organisation
                )
            )
        )
        .only("pk", "zrk_id", "name_pl", "name_en")
        .order_by(by_name(), "pk")
    )

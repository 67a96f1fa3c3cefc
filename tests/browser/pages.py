"""Every type of public page, with an example address in each language, taken from the demo register."""

from django.urls import reverse
from django.utils import translation

from applications.models import Consultation, State
from qualifications.models import CertificationRight, Qualification, RightStatus

LANGUAGES = ("pl", "en")

# (page type, how to build its address from the demo register); the order is the report's.
PAGE_TYPES = [
    "home",
    "search-results",
    "search-no-results",
    "search-error",
    "qualification",
    "qualification-changes",
    "follow",
    "institutions",
    "institution",
    "prk-levels",
    "prk-level",
    "sector-frameworks",
    "consultations",
    "consultation",
    "certification-check",
    "certification-check-answer",
    "certification-check-choice",
    "pzzj-list",
    "open-data",
    "glossary",
    "about",
    "privacy",
    "accessibility-statement",
    "statistics",
    "compare",
    "not-found",
]


def example_objects() -> dict:
    """The records the example pages show: a qualification with outcomes and an institution that may
    award it today (so the pages show their richest layout), and an open consultation."""
    right = (
        CertificationRight.objects.filter(status=RightStatus.ACTIVE, qualification__outcome_sets__isnull=False)
        .select_related("qualification", "institution")
        .order_by("qualification__zrk_id", "institution_id")
        .first()
    )
    assert right is not None, "the demo register has an active certification right"
    consultation = Consultation.objects.filter(application__state=State.CONSULTATION).order_by("pk").first()
    assert consultation is not None, "the demo register has an open consultation"
    # A second public qualification to compare the first with (another category, so that rows differ).
    other = (
        Qualification.objects.public()
        .exclude(pk=right.qualification_id)
        .exclude(category=right.qualification.category)
        .order_by("zrk_id")
        .first()
    )
    assert other is not None, "the demo register has qualifications of more than one category"
    return {
        "qualification": right.qualification,
        "institution": right.institution,
        "consultation": consultation,
        "other_qualification": other,
    }


def page_paths() -> dict[str, dict[str, str]]:
    """{page type: {language: path}}, the paths reversed in each language (Polish is unprefixed)."""
    objects = example_objects()
    qualification: Qualification = objects["qualification"]
    institution = objects["institution"]
    paths = {}
    for language in LANGUAGES:
        with translation.override(language):
            search = reverse("qualification_search")
            check = reverse("certification_check")
            pair = f"qualification={qualification.zrk_id}&institution={institution.pk}"
            built = {
                "home": reverse("home"),
                "search-results": f"{search}?q=ksi%C4%99gowych",
                "search-no-results": f"{search}?q=qqqxyzzy",
                "search-error": f"{search}?level=42&sort=cheapest",
                "qualification": reverse("qualification_detail", args=[qualification.zrk_id, qualification.slug]),
                "qualification-changes": reverse(
                    "qualification_changes", args=[qualification.zrk_id, qualification.slug]
                ),
                "follow": f"{reverse('alerts_subscribe')}?qualification={qualification.zrk_id}",
                "institutions": reverse("institution_list"),
                "institution": reverse("institution_detail", args=[institution.pk]),
                "prk-levels": reverse("prk_level_list"),
                "prk-level": reverse("prk_level_detail", args=[4]),
                "sector-frameworks": reverse("sector_framework_list"),
                "consultations": reverse("consultation_list"),
                "consultation": reverse("consultation_detail", args=[objects["consultation"].pk]),
                "certification-check": check,
                "certification-check-answer": f"{check}?{pair}",
                # Several matches on each side: the lists to choose from, with radio buttons.
                "certification-check-choice": f"{check}?qualification_name=a&institution_name=a",
                "pzzj-list": reverse("pzzj_list"),
                "open-data": reverse("open_data"),
                "glossary": reverse("glossary"),
                "about": reverse("about"),
                "privacy": reverse("privacy"),
                "accessibility-statement": reverse("accessibility_statement"),
                "statistics": reverse("statistics"),
                "compare": f"{reverse('qualification_compare')}?id={qualification.zrk_id}"
                f"&id={objects['other_qualification'].zrk_id}",
                "not-found": f"{reverse('home')}{'nie-ma-takiej-strony' if language == 'pl' else 'no-such-page'}/",
            }
        for name, path in built.items():
            paths.setdefault(name, {})[language] = path
    assert set(paths) == set(PAGE_TYPES)
    return paths

"""How each category of qualification is obtained, and who awards it: the awarding route.

Only free-market (and pre-2024 market), sectoral and craft qualifications are awarded by
certifying institutions under certification rights granted by the competent minister, so only
for them does the "included / functioning" rule speak of institutions. Vocational-school
qualifications are confirmed by the vocational examination of the district examination boards,
degrees and postgraduate certificates by the institutions that run the studies, school
certificates by schools (the matura certificate by the examination board), and regulated
qualifications as the act that regulates them lays down.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from qualifications.models.qualification import Category, Status


@dataclass(frozen=True)
class AwardingRoute:
    code: str  # stable, published in the API
    uses_certifying_institutions: bool
    awarded_by: Promise
    steps: tuple[Promise, ...]
    # Said of an included (or functioning) record whose route has no certifying institutions, in
    # place of the general explanation, which is about certification rights.
    status_note: Promise | None = None


NOT_BY_INSTITUTIONS = _(
    "Included in the Integrated Qualifications System. Who awards it is described under “How to obtain it”."
)

CERTIFICATION = AwardingRoute(
    code="certifying_institution",
    uses_certifying_institutions=True,
    awarded_by=_("Certifying institutions to which the competent minister has granted certification rights."),
    steps=(
        _(
            "Read the learning outcomes and the validation requirements: they say what you must show, "
            "however you learned it."
        ),
        _(
            "Choose a certifying institution that may award the qualification (see the list below) "
            "and apply for validation."
        ),
        _(
            "Take the validation: the institution checks, against the verification criteria, whether you have "
            "achieved the required learning outcomes."
        ),
        _("After a positive result the institution issues the confirming document."),
    ),
)

SECTORAL = AwardingRoute(
    code="sectoral_certifying_institution",
    uses_certifying_institutions=True,
    awarded_by=_(
        "Certifying institutions active in the sector to which the competent minister has granted certification rights."
    ),
    steps=CERTIFICATION.steps,
)

CRAFT = AwardingRoute(
    code="craft_exam",
    uses_certifying_institutions=True,
    awarded_by=_(
        "Institutions holding certification rights for this qualification (see the list below). Journeyman’s "
        "certificates and master’s diplomas are issued by craft chambers (izby rzemieślnicze), whose examination "
        "boards hold the exams, under the Crafts Act of 22 March 1989."
    ),
    steps=(
        _("Read the learning outcomes: they are what the journeyman’s or master’s exam checks."),
        _("Choose an institution that may award this qualification (see the list below) and apply to take the exam."),
        _("Take the exam before the examination board: it has a theory part and a practical part."),
        _("After passing it you receive the journeyman’s certificate or the master’s diploma."),
    ),
)

VOCATIONAL = AwardingRoute(
    code="vocational_exam",
    uses_certifying_institutions=False,
    awarded_by=_(
        "The district examination boards (okręgowe komisje egzaminacyjne, OKE), through the vocational "
        "examination. Certifying institutions do not award it."
    ),
    steps=(
        _(
            "Prepare at a school teaching the occupation or on a vocational qualification course; adults may also "
            "take the examination as external candidates, on the conditions set by school education law."
        ),
        _(
            "Register for the vocational examination in this qualification: through your school or course "
            "organiser, or as an external candidate with the district examination board."
        ),
        _("Take the examination: it has a written part and a practical part."),
        _(
            "After passing it the district examination board issues the vocational qualification certificate; "
            "with all the qualifications of an occupation and the required education you receive the "
            "vocational diploma."
        ),
    ),
    status_note=NOT_BY_INSTITUTIONS,
)

HIGHER_EDUCATION = AwardingRoute(
    code="university_degree",
    uses_certifying_institutions=False,
    awarded_by=_("The university that runs the degree programme."),
    steps=(
        _("Enrol on the degree programme at a university that runs it (each university sets its admission rules)."),
        _("Complete the programme and pass the diploma examination."),
        _("The university issues the higher-education diploma."),
    ),
    status_note=NOT_BY_INSTITUTIONS,
)

POSTGRADUATE = AwardingRoute(
    code="postgraduate_studies",
    uses_certifying_institutions=False,
    awarded_by=_(
        "The university, PAN institute or research institute that runs the postgraduate studies and included "
        "the qualification in the system."
    ),
    steps=(
        _("Enrol on the postgraduate studies at the institution that runs them."),
        _("Complete the studies: the learning outcomes are checked as the study programme lays down."),
        _("The institution issues the certificate of completion of postgraduate studies."),
    ),
    status_note=NOT_BY_INSTITUTIONS,
)

REGULATED = AwardingRoute(
    code="regulated_by_act",
    uses_certifying_institutions=False,
    awarded_by=_("The body named in the legislation that regulates the qualification."),
    steps=(
        _(
            "Check the conditions in the legislation that regulates the qualification: it sets who may obtain it "
            "and how."
        ),
        _(
            "Go through the procedure that legislation lays down (for example training, an examination or a period "
            "of practice)."
        ),
        _("The body named in that legislation issues the confirming document."),
    ),
    status_note=NOT_BY_INSTITUTIONS,
)

GENERAL_EDUCATION = AwardingRoute(
    code="school",
    uses_certifying_institutions=False,
    awarded_by=_("Schools; for the matura, the district examination boards (okręgowe komisje egzaminacyjne, OKE)."),
    steps=(
        _("Complete the school that awards it: the school issues the school-leaving certificate."),
        _("For the matura: pass the matura examination; the district examination board issues the matura certificate."),
    ),
    status_note=NOT_BY_INSTITUTIONS,
)

ROUTES: dict[str, AwardingRoute] = {
    Category.FREE_MARKET: CERTIFICATION,
    Category.MARKET: CERTIFICATION,
    Category.SECTORAL: SECTORAL,
    Category.CRAFT: CRAFT,
    Category.VOCATIONAL: VOCATIONAL,
    Category.HIGHER_EDUCATION: HIGHER_EDUCATION,
    Category.POSTGRADUATE: POSTGRADUATE,
    Category.REGULATED: REGULATED,
    Category.GENERAL_EDUCATION: GENERAL_EDUCATION,
}

# The confirming document a category's records carry when the record does not name its own.
# Regulated qualifications have none: each act names its document.
DEFAULT_DOCUMENTS: dict[str, Promise] = {
    Category.FREE_MARKET: _("free-market qualification certificate"),
    Category.MARKET: _("certificate"),
    Category.SECTORAL: _("sectoral qualification certificate"),
    Category.CRAFT: _("journeyman’s certificate or master’s diploma"),
    Category.VOCATIONAL: _("vocational qualification certificate"),
    Category.HIGHER_EDUCATION: _("higher-education diploma"),
    Category.POSTGRADUATE: _("certificate of completion of postgraduate studies"),
    Category.GENERAL_EDUCATION: _("school-leaving certificate or matura certificate"),
}


def awarding_route(category: str) -> AwardingRoute:
    """The route of a category; an unknown category is treated like a free-market one, the route
    the register was built for, rather than failing the page."""
    return ROUTES.get(category, CERTIFICATION)


def default_document(category: str) -> Promise | None:
    return DEFAULT_DOCUMENTS.get(category)


def status_note(category: str, status: str) -> Promise | None:
    """A route-specific explanation of the status, or None to use the general one."""
    if status in (Status.INCLUDED, Status.FUNCTIONING):
        return awarding_route(category).status_note
    return None

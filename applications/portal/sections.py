"""The task list of each kind of application: its sections in the order of the statutory content,
the fields each section edits and the required elements it answers for.

Inclusion (art. 15): the proposed description is the draft ``Qualification``, so its elements are
those of ``qualifications.completeness`` (``description_gaps``, the rule the back-office's formal
check and publication use); the minister and the fee are the application's. Certification rights
(art. 41) and the PZZJ list (art. 52-53): the ``SUBMIT_REQUIREMENTS`` tables next to their models.
Every kind ends with the fee: the transfer reference, the date of payment and the proof (a file).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from applications.models import CertificationRightsApplication, PzzjApplication
from applications.models import pzzj as pzzj_models
from applications.models import rights as rights_models
from applications.models.base import missing_requirements
from applications.uploads import files_of
from qualifications.completeness import Missing, description_gaps

NOT_STARTED, IN_PROGRESS, COMPLETE = "not_started", "in_progress", "complete"
STATUS_LABELS = {NOT_STARTED: _("not started"), IN_PROGRESS: _("in progress"), COMPLETE: _("complete")}
FEE = "fee"
APPLICATION, DESCRIPTION = "application", "draft"  # the record a section's form edits


@dataclass(frozen=True)
class Section:
    slug: str
    title: Promise
    intro: Promise  # what the law asks for here, in a sentence
    fields: tuple[str, ...] = ()
    target: str = APPLICATION
    codes: tuple[str, ...] = ()  # the required elements this section gives
    outcomes_editor: bool = False


def _fee_section():
    return Section(
        FEE,
        _("Fee"),
        _(
            "Pay the statutory fee by bank transfer, then give the transfer reference and the date of "
            "payment and attach the proof of payment."
        ),
        ("fee_reference", "fee_paid_on"),
        codes=("fee_reference", "fee_paid_on", "fee_proof"),
    )


SECTIONS: dict[str, tuple[Section, ...]] = {
    "inclusion": (
        Section(
            "minister",
            _("Competent minister and contact"),
            _(
                "The minister competent for the qualification's field, who will examine the application, "
                "and the e-mail address for notices about it (the organisation's address if left empty)."
            ),
            ("ministry", "contact_email"),
            codes=("ministry",),
        ),
        Section(
            "general",
            _("The qualification"),
            _(
                "Name, category, short characteristic, proposed PRK level, the groups it is meant for and "
                "the entitlements it gives (art. 15)."
            ),
            ("name_pl", "category", "characteristic_pl", "prk_level", "target_groups_pl", "entitlements_pl"),
            DESCRIPTION,
            ("name", "characteristic", "prk_level", "target_groups"),
        ),
        Section(
            "document",
            _("Document and workload"),
            _(
                "The document confirming the qualification, how long it is valid and how it is renewed, "
                "and the indicative workload in hours."
            ),
            (
                "document_name_pl",
                "validity_months",
                "validity_indefinite",
                "renewal_conditions_pl",
                "workload_hours",
            ),
            DESCRIPTION,
            ("document_name", "validity", "workload"),
        ),
        Section(
            "outcomes",
            _("Learning outcomes"),
            _(
                "The sets of learning outcomes, the outcomes in each set and the criteria by which each "
                "outcome is verified."
            ),
            target=DESCRIPTION,
            codes=("outcome_sets", "outcomes", "criteria"),
            outcomes_editor=True,
        ),
        Section(
            "validation",
            _("Validation"),
            _(
                "Who may enter validation, how it is carried out, and any additional conditions for "
                "certifying institutions."
            ),
            ("entry_conditions_pl", "validation_requirements_pl", "ic_additional_conditions_pl"),
            DESCRIPTION,
            ("entry_conditions", "validation_requirements"),
        ),
        Section(
            "demand",
            _("Demand for the qualification"),
            _("Why the qualification is needed and how it is typically used."),
            ("demand_pl", "typical_uses_pl"),
            DESCRIPTION,
            ("demand",),
        ),
        Section(
            "codes",
            _("Field of education and activity codes"),
            _("The ISCED-F field of education code and the PKD code of the activity it concerns."),
            ("isced_code", "pkd_code"),
            DESCRIPTION,
            ("isced_code", "pkd_code"),
        ),
        _fee_section(),
    ),
    "rights": (
        Section(
            "staff",
            _("Validating staff"),
            _(
                "The people who will carry out validation and their preparation, as the qualification's "
                "description requires (art. 41 ust. 2)."
            ),
            ("validation_staff", "contact_email"),
            codes=("validation_staff",),
        ),
        Section(
            "conditions",
            _("Organisational and material conditions"),
            _("The premises, equipment and organisation that allow validation as the description requires."),
            ("validation_conditions",),
            codes=("validation_conditions",),
        ),
        Section(
            "quality",
            _("Internal quality assurance"),
            _("The internal quality assurance system, including the separation of training from validation (art. 63)."),
            ("quality_system",),
            codes=("quality_system",),
        ),
        Section(
            "declarations",
            _("Declarations"),
            _("The declaration that the organisation has no arrears in taxes or social security contributions."),
            ("no_arrears_declared",),
            codes=("no_arrears",),
        ),
        _fee_section(),
    ),
    "pzzj": (
        Section(
            "groups",
            _("Groups of qualifications"),
            _("The groups of qualifications (by competent minister) for which the organisation applies."),
            ("ministries", "contact_email"),
            codes=("groups",),
        ),
        Section(
            "experience",
            _("Experience"),
            _("At least 10 years of activity related to the groups applied for."),
            ("experience",),
            codes=("experience",),
        ),
        Section(
            "staff",
            _("Staff"),
            _("The people prepared to carry out external quality assurance."),
            ("staff",),
            codes=("staff",),
        ),
        Section(
            "quality",
            _("Internal quality assurance"),
            _("The organisation's own internal quality assurance system."),
            ("quality_system",),
            codes=("quality_system",),
        ),
        Section(
            "declarations",
            _("Declarations"),
            _("The declaration that the organisation has no arrears in taxes or social security contributions."),
            ("no_arrears_declared",),
            codes=("no_arrears",),
        ),
        _fee_section(),
    ),
}

REQUIREMENTS = {
    CertificationRightsApplication: rights_models.SUBMIT_REQUIREMENTS,
    PzzjApplication: pzzj_models.SUBMIT_REQUIREMENTS,
}


def sections_of(kind_slug: str) -> tuple[Section, ...]:
    return SECTIONS[kind_slug]


def section_of(kind_slug: str, slug: str) -> Section | None:
    return next((section for section in SECTIONS.get(kind_slug, ()) if section.slug == slug), None)


def _kind_slug(application) -> str:
    from applications.portal.kinds import kind_of

    return kind_of(application).slug


def _fee_missing(application) -> list[Missing]:
    if not application.fee_paid_before_filing():
        return []  # the back-office asks for it when it falls due
    missing = []
    if not (application.fee_reference or "").strip():
        missing.append(Missing("fee_reference", _("transfer reference")))
    if application.fee_paid_on is None:
        missing.append(Missing("fee_paid_on", _("date of payment")))
    if not files_of(application, FEE).exists():
        missing.append(Missing("fee_proof", _("proof of payment")))
    return missing


def missing_elements(application) -> list[Missing]:
    """Everything the application lacks before it may be filed, in the rules' order."""
    if application.pk is not None and hasattr(application, "draft_id"):
        missing = [] if application.ministry_id else [Missing("ministry", _("competent minister"))]
        missing += description_gaps(application.draft)
    else:
        missing = [Missing(r.code, r.label) for r in missing_requirements(application, REQUIREMENTS[type(application)])]
    return missing + _fee_missing(application)


def missing_by_section(application) -> dict[str, list[Missing]]:
    """What is missing, grouped by the task-list section where it is given (sections in order,
    only those lacking something). An element no section claims is put in the first one, so that
    nothing the rule requires can be missed by the task list."""
    sections = sections_of(_kind_slug(application))
    owner = {code: section.slug for section in sections for code in section.codes}
    grouped: dict[str, list[Missing]] = {}
    for item in missing_elements(application):
        grouped.setdefault(owner.get(item.code, sections[0].slug), []).append(item)
    return {section.slug: grouped[section.slug] for section in sections if section.slug in grouped}


def _started(application, section: Section, has_files: bool) -> bool:
    if has_files:
        return True
    if section.outcomes_editor:
        return application.draft.outcome_sets.exists()
    record = application.draft if section.target == DESCRIPTION else application
    for name in section.fields:
        value = getattr(record, name, None)
        if name == "ministries":
            value = application.ministries.exists()
        if value not in (None, "", False) and not (isinstance(value, str) and not value.strip()):
            return True
    return False


@dataclass
class SectionState:
    section: Section
    status: str
    missing: list[Missing]

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def complete(self) -> bool:
        return self.status == COMPLETE


def section_states(application) -> list[SectionState]:
    """Each section of the task list with its status and what it still lacks."""
    missing = missing_by_section(application)
    with_files = set(files_of(application).values_list("section", flat=True))
    states = []
    for section in sections_of(_kind_slug(application)):
        lacking = missing.get(section.slug, [])
        if not lacking:
            status = COMPLETE
        elif _started(application, section, section.slug in with_files):
            status = IN_PROGRESS
        else:
            status = NOT_STARTED
        states.append(SectionState(section, status, lacking))
    return states

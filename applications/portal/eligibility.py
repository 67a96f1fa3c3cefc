"""The eligibility check's answers: which application fits and who may file it, as the Act on the
Integrated Qualifications System says (art. 14-17 for inclusion, art. 41-43 for certification rights,
art. 51-56 for the PZZJ list; see docs/domain.md). Nothing here goes beyond the Act: where it is silent,
the answer is too."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from applications.portal.account_forms import Goal, Who


@dataclass(frozen=True)
class Answer:
    kind_slug: str  # the portal's kind (applications/portal/kinds.py)
    title: str
    who_may_file: str
    conditions: tuple[str, ...]
    fee: str
    may_file: bool  # for the person who answered
    verdict: str


_INCLUSION = {
    "kind_slug": "inclusion",
    "title": _("Application for the inclusion of a market qualification in the Integrated Qualifications System"),
    "who_may_file": _(
        "Any entity that runs organised activity in the economy, the labour market, education or training "
        "(art. 14 of the Act); for a sectoral qualification, an entity active in that sector (art. 15a)."
    ),
    "conditions": (
        _("The application holds the full description of the qualification (art. 15)."),
        _(
            "The register operator checks it formally within 14 days; gaps must be completed within 30 days. "
            "The competent minister then has 4 months, which may be extended once by 4 months."
        ),
        _("A certification-rights application may be filed together with it."),
    ),
    "fee": _("2,000 zł (art. 17)."),
}

_RIGHTS = {
    "kind_slug": "rights",
    "title": _("Application for certification rights"),
    "who_may_file": _(
        "Any entity that runs business activity and provides the organisational and staffing conditions "
        "to validate as the qualification's description requires (art. 41)."
    ),
    "conditions": (
        _("It must meet any additional conditions for certifying institutions set in the description."),
        _(
            "It may have no arrears in taxes or in contributions to social and health insurance, the Labour "
            "Fund or the Guaranteed Employee Benefits Fund."
        ),
        _("The qualification must already be in the register; the competent minister decides by a decision."),
    ),
    "fee": _("10,000 zł, or 5,000 zł when filed together with the inclusion application (paid after the notice)."),
}

_PZZJ = {
    "kind_slug": "pzzj",
    "title": _("Application for entry on the list of external quality assurance entities (PZZJ)"),
    "who_may_file": _(
        "An entity that applies in a call the coordinating minister holds at least every 3 years (art. 51-53)."
    ),
    "conditions": (
        _("Staff trained for the work and its own internal quality assurance."),
        _("At least 10 years of activity and no tax arrears."),
        _("The entry is made by the coordinating minister's decision and is valid for 6 years."),
    ),
    "fee": _("2,000 zł (art. 55)."),
}

_BY_GOAL = {Goal.INCLUSION: _INCLUSION, Goal.RIGHTS: _RIGHTS, Goal.PZZJ: _PZZJ}

_VERDICTS = {
    (Goal.INCLUSION, Who.ORGANISATION): _(
        "Your organisation may file this application if it runs such activity. Create an account, then the "
        "organisation, and start the application."
    ),
    (Goal.INCLUSION, Who.PERSON): _(
        "The Act gives this application to entities running organised activity, not to private persons. You "
        "may comment on proposed qualifications in the public consultations instead."
    ),
    (Goal.RIGHTS, Who.ORGANISATION): _(
        "Your organisation may file this application if it runs business activity and meets the conditions "
        "below. Create an account, then the organisation, and start the application."
    ),
    (Goal.RIGHTS, Who.PERSON): _(
        "Only an entity running business activity may become a certifying institution; a private person "
        "without it cannot file this application."
    ),
    (Goal.PZZJ, Who.ORGANISATION): _(
        "Your organisation may apply in a call if it meets the conditions below. Create an account, then the "
        "organisation, and start the application during a call."
    ),
    (Goal.PZZJ, Who.PERSON): _(
        "The conditions (ten years of activity, trained staff, internal quality assurance) are an entity's; "
        "a private person cannot file this application."
    ),
}


def answer_for(goal: str, who: str) -> Answer:
    return Answer(**_BY_GOAL[goal], may_file=who == Who.ORGANISATION, verdict=_VERDICTS[(goal, who)])

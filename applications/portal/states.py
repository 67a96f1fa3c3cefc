"""Each state of a filed application in plain language, per kind, for the case page: what is happening,
who acts next, and what the applicant may do. The kinds share the formal check; they differ at the
minister and in how they end."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class StateText:
    now: str
    next_actor: str
    you: str


REGISTRY = _("the registry operator (IBE)")
MINISTER = _("the competent minister")
COORDINATING = _("the coordinating minister")
APPLICANT = _("you, the applicant")
NOBODY = _("nobody: the procedure has ended")

MAY_WITHDRAW = _("Nothing is needed from you now. You may withdraw the application.")
NEW_APPLICATION = _("You may file a new application.")

FORMAL_CHECK = {
    "submitted": StateText(
        _("The application has been filed and waits for the formal check."),
        REGISTRY,
        MAY_WITHDRAW,
    ),
    "formal_check": StateText(
        _(
            "The registry operator is checking that the application is complete and the fee is paid. "
            "It is then forwarded for a decision, or you are asked to complete it."
        ),
        REGISTRY,
        MAY_WITHDRAW,
    ),
    "completion_requested": StateText(
        _("The registry has asked you to complete the application: the request is below."),
        APPLICANT,
        _(
            "Send your answer and the documents requested on this page before the deadline; after it the "
            "application is left unprocessed."
        ),
    ),
    "refused": StateText(
        _("The application has been refused. The reason is given below."),
        NOBODY,
        _("The decision says how you may challenge it."),
    ),
    "withdrawn": StateText(_("The application has been withdrawn."), NOBODY, NEW_APPLICATION),
    "left_unprocessed": StateText(
        _("The application was not completed in time and has been left unprocessed."),
        NOBODY,
        NEW_APPLICATION,
    ),
}

TEXTS: dict[str, dict[str, StateText]] = {
    "inclusion": {
        **FORMAL_CHECK,
        "forwarded": StateText(
            _(
                "The competent minister is examining the application: it may open a public consultation, "
                "ask experts for a review or refuse."
            ),
            MINISTER,
            MAY_WITHDRAW,
        ),
        "consultation": StateText(
            _("The proposed qualification is in public consultation on the portal; anyone may comment."),
            MINISTER,
            _("You may follow the comments on the consultation page. You may withdraw the application."),
        ),
        "expert_review": StateText(
            _("Experts are reviewing the proposed qualification for the minister."),
            MINISTER,
            MAY_WITHDRAW,
        ),
        "decided": StateText(
            _(
                "The minister has decided to include the qualification and assigned its PRK level. It enters "
                "the register once the notice is published in Monitor Polski."
            ),
            MINISTER,
            _("Nothing is needed from you now. Until the notice is published you may still withdraw."),
        ),
        "published": StateText(
            _("The qualification has been included in the Integrated Qualifications System and is in the register."),
            NOBODY,
            _("Nothing more is needed."),
        ),
    },
    "rights": {
        **FORMAL_CHECK,
        "forwarded": StateText(
            _(
                "The competent minister is examining the application: it grants the certification rights "
                "and designates the external quality assurance body, or refuses."
            ),
            MINISTER,
            MAY_WITHDRAW,
        ),
        "granted": StateText(
            _("The certification rights have been granted and are shown in the register."),
            NOBODY,
            _("Nothing more is needed."),
        ),
    },
    "pzzj": {
        **FORMAL_CHECK,
        "forwarded": StateText(
            _(
                "The coordinating minister is examining the application: it enters the organisation on the "
                "list of external quality assurance bodies (PZZJ) or refuses."
            ),
            COORDINATING,
            MAY_WITHDRAW,
        ),
        "entered": StateText(
            _("The organisation has been entered on the PZZJ list for 6 years."),
            NOBODY,
            _("Nothing more is needed."),
        ),
    },
}


def state_text(kind_slug: str, state: str) -> StateText | None:
    return TEXTS.get(kind_slug, {}).get(state)

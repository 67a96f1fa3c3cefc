"""The application workflows: ``engine`` (transitions, roles, ``perform``) and one transition table
per kind (``inclusion``, ``rights``, ``pzzj``). The package's own names are the engine's, with
``perform`` and ``available_transitions`` defaulting to the inclusion workflow."""

from applications.workflow.engine import (
    APPLICANT,
    OFFICER,
    OPERATOR,
    Transition,
    TransitionRefused,
    Workflow,
    may_act,
    officer_ministry_id,
    submit,
    user_roles,
)
from applications.workflow.inclusion import (
    AT_MINISTRY,
    INCLUSION,
    NON_TERMINAL,
    TRANSITIONS,
    available_transitions,
    perform,
)

__all__ = [
    "APPLICANT",
    "AT_MINISTRY",
    "INCLUSION",
    "NON_TERMINAL",
    "OFFICER",
    "OPERATOR",
    "TRANSITIONS",
    "Transition",
    "TransitionRefused",
    "Workflow",
    "available_transitions",
    "may_act",
    "officer_ministry_id",
    "perform",
    "submit",
    "user_roles",
]

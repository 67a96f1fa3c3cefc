"""Former home of the rights workflow, now ``applications.workflow.rights``; kept so old imports work."""

from applications.workflow.rights import RIGHTS, TRANSITIONS, perform, submit

__all__ = ["RIGHTS", "TRANSITIONS", "perform", "submit"]

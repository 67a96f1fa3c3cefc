"""Former home of the pzzj workflow, now ``applications.workflow.pzzj``; kept so old imports work."""

from applications.workflow.pzzj import PZZJ, TRANSITIONS, perform, submit

__all__ = ["PZZJ", "TRANSITIONS", "perform", "submit"]

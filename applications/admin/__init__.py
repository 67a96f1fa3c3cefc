"""The applications' back-office: one module per kind on the shared ``base``. Importing the
package registers every kind's admin."""

from applications.access import scope
from applications.admin import inclusion, portal_members, pzzj, rights
from applications.admin.base import ApplicationAdmin, AssignedOfficerMixin, deadline_badge

__all__ = [
    "ApplicationAdmin",
    "AssignedOfficerMixin",
    "deadline_badge",
    "inclusion",
    "portal_members",
    "pzzj",
    "rights",
    "scope",
]

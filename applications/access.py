"""Who may see which application: roles come from ``applications.workflow``; a ministry officer
sees only their own ministry's applications (and the qualifications behind them). Nobody in the
back-office sees a draft an organisation is still preparing in the applicant portal, nor its
proposed qualification: it is not an application until it is filed."""

from django.db.models import Q

from applications.portal.kinds import DRAFT
from applications.roles import COORDINATOR
from applications.workflow import OFFICER, OPERATOR, officer_ministry_id, user_roles
from qualifications.models import Status


def scope(request, queryset, ministry_path: str | None):
    """Everything filed for operators, coordinators and superusers; a ministry officer's own ministry
    only (nothing where ``ministry_path`` is None: records no ministry officer works on). ``queryset``
    holds applications (which have ``filed()``) or records of them."""
    if hasattr(queryset, "filed"):
        queryset = queryset.filed()
    user = request.user
    if user.is_superuser:
        return queryset
    roles = user_roles(user)
    if OPERATOR in roles or COORDINATOR in roles:
        return queryset
    if OFFICER in roles and ministry_path is not None:
        ministry_id = officer_ministry_id(user)
        return queryset.filter(**{ministry_path: ministry_id}) if ministry_id else queryset.none()
    return queryset.none()


def scope_applications(request, queryset, workflow):
    """The applications of one kind the user may see: ministry officers see their own ministry's
    applications of the kinds in which they take steps, and none of the others (the PZZJ list,
    decided by the coordinating minister)."""
    return scope(request, queryset, "ministry" if OFFICER in workflow.staff_roles else None)


def visible_qualifications(user):
    """The back-office's rule for qualifications, applied by every admin that reaches one (registered
    below with ``qualifications.scoping``): a ministry officer sees the register and the drafts of
    their own ministry's applications; operators, coordinators and superusers see every draft. The
    drafts of applications still in preparation (``UNFILED_DRAFTS``) are hidden from everyone besides."""
    roles = user_roles(user)
    if user.is_superuser or OPERATOR in roles or COORDINATOR in roles or OFFICER not in roles:
        return None
    ministry_id = officer_ministry_id(user)
    published = ~Q(status=Status.DRAFT)
    if ministry_id is None:
        return published
    return published | Q(inclusion_application__ministry_id=ministry_id)


# The proposed qualification of an inclusion application an organisation is still preparing in the
# applicant portal: nobody's in the back-office until the application is filed.
UNFILED_DRAFTS = Q(status=Status.DRAFT, inclusion_application__state=DRAFT)

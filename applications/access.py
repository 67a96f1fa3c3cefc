"""Who may see which application: roles come from ``applications.workflow``; a ministry officer
sees only their own ministry's applications (and the qualifications behind them)."""

from django.db.models import Q

from applications.roles import COORDINATOR
from applications.workflow import OFFICER, OPERATOR, officer_ministry_id, user_roles
from qualifications.models import Status


def scope(request, queryset, ministry_path: str):
    """Everything for operators, coordinators and superusers; a ministry officer's own ministry only."""
    user = request.user
    if user.is_superuser:
        return queryset
    roles = user_roles(user)
    if OPERATOR in roles or COORDINATOR in roles:
        return queryset
    if OFFICER in roles:
        ministry_id = officer_ministry_id(user)
        return queryset.filter(**{ministry_path: ministry_id}) if ministry_id else queryset.none()
    return queryset.none()


def visible_qualifications(user):
    """The back-office's rule for qualifications, applied by every admin that reaches one (registered
    below with ``qualifications.scoping``): a ministry officer sees the register and the drafts of
    their own ministry's applications; operators, coordinators and superusers see every draft."""
    roles = user_roles(user)
    if user.is_superuser or OPERATOR in roles or COORDINATOR in roles or OFFICER not in roles:
        return None
    ministry_id = officer_ministry_id(user)
    published = ~Q(status=Status.DRAFT)
    if ministry_id is None:
        return published
    return published | Q(inclusion_application__ministry_id=ministry_id)

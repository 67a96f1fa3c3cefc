"""Who may act for which organisation in the applicant portal: the one home of these rules, used by
the portal's views and by the application workflow (the applicant's steps)."""

from institutions.models import MemberRole, Membership, Organisation

# Roles that may prepare, file, answer and withdraw applications.
EDITING_ROLES = (MemberRole.OWNER, MemberRole.EDITOR)


def role_in(user, organisation_id) -> str | None:
    """The user's role in the organisation, or None when they are not a member."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or organisation_id is None:
        return None
    return Membership.objects.filter(user=user, organisation_id=organisation_id).values_list("role", flat=True).first()


def may_view(user, organisation_id) -> bool:
    return role_in(user, organisation_id) is not None


def may_edit(user, organisation_id) -> bool:
    return role_in(user, organisation_id) in EDITING_ROLES


def is_owner(user, organisation_id) -> bool:
    return role_in(user, organisation_id) == MemberRole.OWNER


def organisations_of(user):
    """The organisations the user acts for (any role)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).distinct()

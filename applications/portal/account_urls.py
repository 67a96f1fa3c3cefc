"""Applicant portal addresses: the landing page, organisations and their members, invitations and the
eligibility check (included by applications/portal/urls.py). The account pages themselves (sign-up,
login, password, two-factor) are allauth's, under /konto/ (zrk/urls.py)."""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from applications.portal import account_views as views

_ORGANISATION = format_lazy("{}<int:pk>/", _("organisations/"))
_MEMBER = format_lazy("{}<int:pk>/{}<int:member_pk>/", _("organisations/"), _("members/"))

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path(_("eligibility/"), views.eligibility, name="eligibility"),
    path(_("organisations/"), views.organisation_list, name="organisations"),
    path(format_lazy("{}{}", _("organisations/"), _("new/")), views.organisation_create, name="organisation_create"),
    path(
        format_lazy("{}{}", _("organisations/"), _("request-sent/")),
        views.organisation_requested,
        name="organisation_requested",
    ),
    path(_ORGANISATION, views.organisation_detail, name="organisation"),
    path(format_lazy("{}{}", _ORGANISATION, _("invite/")), views.invite, name="organisation_invite"),
    path(
        format_lazy("{}{}<int:invitation_pk>/{}", _ORGANISATION, _("invitations/"), _("withdraw/")),
        views.revoke_invitation,
        name="invitation_revoke",
    ),
    path(format_lazy("{}{}", _MEMBER, _("role/")), views.change_role, name="member_role"),
    path(format_lazy("{}{}", _MEMBER, _("remove/")), views.remove_member, name="member_remove"),
    path(format_lazy("{}{}", _MEMBER, _("hand-over/")), views.hand_over, name="member_hand_over"),
    path(format_lazy("{}<str:token>/", _("invitation/")), views.invitation, name="invitation"),
]

"""The applicant portal's organisation members, invitations and membership requests in the back-office.
Members and invitations are read-only here (their owners manage them in the portal); a registry operator
confirms or refuses the requests to act for an organisation already in the register."""

from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from applications.portal.organisations import decide_request
from institutions.models import Invitation, Membership, MembershipRequest, RequestState

# allauth's MFA admin lists applicants' authenticators (TOTP secrets, recovery codes): nothing the
# back-office needs to see or edit. allauth.mfa is loaded before this app, so it is registered by now.
if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "user_email", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("organisation__name_pl", "organisation__nip", "user__email")
    list_select_related = ("organisation", "user")

    @admin.display(description=_("e-mail"), ordering="user__email")
    def user_email(self, obj):
        return obj.user.email


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "email", "role", "created_at", "expires_at", "accepted_at")
    list_filter = ("role",)
    search_fields = ("organisation__name_pl", "organisation__nip", "email")
    list_select_related = ("organisation",)
    exclude = ("nonce",)


@admin.register(MembershipRequest)
class MembershipRequestAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "nip", "user_email", "state", "created_at", "decided_at")
    list_filter = ("state",)
    search_fields = ("organisation__name_pl", "organisation__nip", "user__email")
    list_select_related = ("organisation", "user")
    actions = ["confirm", "refuse"]

    @admin.display(description=_("NIP"), ordering="organisation__nip")
    def nip(self, obj):
        return obj.organisation.nip

    @admin.display(description=_("e-mail"), ordering="user__email")
    def user_email(self, obj):
        return obj.user.email

    def has_decide_permission(self, request):
        return request.user.has_perm("institutions.change_membershiprequest")

    def _decide(self, request, queryset, confirm):
        decided = sum(
            decide_request(pk, request.user, confirm)
            for pk in queryset.filter(state=RequestState.PENDING).values_list("pk", flat=True)
        )
        self.message_user(
            request,
            ngettext("%(count)d request decided.", "%(count)d requests decided.", decided) % {"count": decided},
            messages.SUCCESS if decided else messages.WARNING,
        )

    @admin.action(
        description=_("Confirm: the person acts for the organisation (becomes an owner)"), permissions=["decide"]
    )
    def confirm(self, request, queryset):
        self._decide(request, queryset, True)

    @admin.action(description=_("Refuse the selected requests"), permissions=["decide"])
    def refuse(self, request, queryset):
        self._decide(request, queryset, False)

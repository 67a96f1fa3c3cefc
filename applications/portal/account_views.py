"""The portal's own pages around the accounts: the landing page, organisations and their members,
invitations, and the public eligibility check. The rules live in applications/portal/organisations.py
and institutions/membership.py; these views read forms and show answers.

Isolation: an organisation the user is not a member of answers 404, exactly like one that does not
exist; a member without the owner's role is refused (403) and nothing is stored.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.mail import send_mail
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications.portal import organisations as rules
from applications.portal.account_forms import EligibilityForm, InvitationForm, OrganisationForm, RoleForm, form_errors
from applications.portal.accounts import applicant_required
from applications.portal.eligibility import answer_for
from applications.portal.kinds import KINDS, portal_url
from institutions.membership import role_in
from institutions.models import Invitation, MemberRole, Membership, MembershipRequest, Organisation, RequestState
from zrk.site_url import absolute_url


def _link(name, args=(), query=""):
    # The draft and case pages belong to other parts of the portal: until their addresses exist,
    # the landing page shows their applications without a link rather than failing.
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:
        return None


def _application_link(application):
    try:
        return portal_url(application)
    except NoReverseMatch:
        return None


def _member_organisation(request, pk) -> tuple[Organisation, str]:
    """The organisation and the user's role in it; 404 when they are not a member."""
    role = role_in(request.user, pk)
    if role is None:
        raise Http404
    return Organisation.objects.select_related("voivodeship").get(pk=pk), role


@never_cache
@applicant_required
@require_GET
def dashboard(request):
    memberships = list(
        Membership.objects.filter(user=request.user).select_related("organisation").order_by("organisation__name")
    )
    organisation_ids = [membership.organisation_id for membership in memberships]
    applications = []
    for kind in KINDS.values():
        for application in kind.model.objects.filter(applicant_id__in=organisation_ids).select_related("applicant"):
            applications.append(
                {
                    "kind": kind,
                    "application": application,
                    "url": _application_link(application),
                }
            )
    applications.sort(key=lambda item: (item["application"].submitted_on, item["application"].pk), reverse=True)
    editable = [membership for membership in memberships if membership.role in (MemberRole.OWNER, MemberRole.EDITOR)]
    new_links = [
        {
            "kind": kind,
            "links": [
                (
                    membership.organisation,
                    _link("portal:new", [kind.slug], f"?organisation={membership.organisation_id}"),
                )
                for membership in editable
            ],
        }
        for kind in KINDS.values()
    ]
    pending = MembershipRequest.objects.filter(user=request.user, state=RequestState.PENDING).select_related(
        "organisation"
    )
    return render(
        request,
        "portal/dashboard.html",
        {
            "memberships": memberships,
            "applications": applications,
            "new_links": new_links if editable else [],
            "pending_requests": pending,
            "portal_nav": "dashboard",
        },
    )


@never_cache
@applicant_required
@require_GET
def organisation_list(request):
    memberships = Membership.objects.filter(user=request.user).select_related("organisation")
    pending = MembershipRequest.objects.filter(user=request.user, state=RequestState.PENDING).select_related(
        "organisation"
    )
    return render(
        request,
        "portal/organisation_list.html",
        {"memberships": memberships, "pending_requests": pending, "portal_nav": "organisations"},
    )


@never_cache
@applicant_required
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    status = 200
    if request.method == "POST":
        form = OrganisationForm(request.POST)
        if form.is_valid():
            created = rules.create_organisation(request.user, form.organisation_data())
            if created.organisation is not None:
                messages.success(request, _("The organisation has been created. You are its owner."))
                return HttpResponseRedirect(reverse("portal:organisation", args=[created.organisation.pk]))
            return HttpResponseRedirect(reverse("portal:organisation_requested"))
        status = 400
    else:
        form = OrganisationForm()
    return render(
        request,
        "portal/organisation_form.html",
        {"form": form, "errors": form_errors(form), "portal_nav": "organisations"},
        status=status,
    )


@never_cache
@applicant_required
@require_GET
def organisation_requested(request):
    return render(request, "portal/organisation_requested.html", {"portal_nav": "organisations"})


@never_cache
@applicant_required
@require_GET
def organisation_detail(request, pk):
    organisation, role = _member_organisation(request, pk)
    members = Membership.objects.filter(organisation=organisation).select_related("user").order_by("user__email")
    is_owner = role == MemberRole.OWNER
    invitations = (
        Invitation.objects.filter(organisation=organisation, accepted_at__isnull=True).order_by("-created_at")
        if is_owner
        else Invitation.objects.none()
    )
    return render(
        request,
        "portal/organisation.html",
        {
            "organisation": organisation,
            "role": role,
            "is_owner": is_owner,
            "members": members,
            "invitations": invitations,
            "role_choices": MemberRole.choices,
            "invitation_form": InvitationForm(),
            "portal_nav": "organisations",
        },
    )


def _owners_only(request, organisation):
    return render(
        request, "portal/forbidden.html", {"organisation": organisation, "portal_nav": "organisations"}, status=403
    )


def _refused(request, organisation_pk, error):
    messages.error(request, str(error))
    return HttpResponseRedirect(reverse("portal:organisation", args=[organisation_pk]))


@never_cache
@applicant_required
@require_http_methods(["GET", "POST"])
def invite(request, pk):
    organisation, role = _member_organisation(request, pk)
    if role != MemberRole.OWNER:
        return _owners_only(request, organisation)
    status = 200
    if request.method == "POST":
        form = InvitationForm(request.POST)
        if form.is_valid():
            try:
                invitation, token = rules.invite(
                    organisation.pk, request.user, form.cleaned_data["email"], form.cleaned_data["role"]
                )
            except rules.MembershipError as error:
                form.add_error("email", str(error))
            else:
                _send_invitation(request, invitation, token)
                messages.success(request, _("The invitation has been sent to %(email)s.") % {"email": invitation.email})
                return HttpResponseRedirect(reverse("portal:organisation", args=[organisation.pk]))
        status = 400
    else:
        form = InvitationForm()
    return render(
        request,
        "portal/invite.html",
        {"organisation": organisation, "form": form, "errors": form_errors(form), "portal_nav": "organisations"},
        status=status,
    )


def _send_invitation(request, invitation, token):
    context = {
        "organisation": invitation.organisation,
        "role": invitation.get_role_display(),
        "inviter": request.user.email,
        "url": absolute_url(reverse("portal:invitation", args=[token])),
        "days": rules.INVITATION_DAYS,
    }
    subject = render_to_string("portal/email/invitation_subject.txt", context).strip()
    body = render_to_string("portal/email/invitation_message.txt", context)
    send_mail(subject, body, None, [invitation.email])


@never_cache
@applicant_required
@require_POST
def revoke_invitation(request, pk, invitation_pk):
    organisation, _role = _member_organisation(request, pk)
    try:
        rules.revoke(organisation.pk, request.user, invitation_pk)
    except rules.MembershipError:
        return _owners_only(request, organisation)
    messages.success(request, _("The invitation has been withdrawn."))
    return HttpResponseRedirect(reverse("portal:organisation", args=[organisation.pk]))


@never_cache
@applicant_required
@require_POST
def change_role(request, pk, member_pk):
    organisation, role = _member_organisation(request, pk)
    if role != MemberRole.OWNER:
        return _owners_only(request, organisation)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _refused(request, organisation.pk, _("Choose a role from the list."))
    try:
        rules.change_role(organisation.pk, request.user, member_pk, form.cleaned_data["role"])
    except rules.MembershipError as error:
        return _refused(request, organisation.pk, error)
    messages.success(request, _("The role has been changed."))
    return HttpResponseRedirect(reverse("portal:organisation", args=[organisation.pk]))


@never_cache
@applicant_required
@require_POST
def remove_member(request, pk, member_pk):
    organisation, _role = _member_organisation(request, pk)
    leaving = Membership.objects.filter(pk=member_pk, organisation=organisation, user=request.user).exists()
    try:
        rules.remove(organisation.pk, request.user, member_pk)
    except rules.MembershipError as error:
        return _refused(request, organisation.pk, error)
    if leaving:
        messages.success(request, _("You have left the organisation."))
        return HttpResponseRedirect(reverse("portal:organisations"))
    messages.success(request, _("The member has been removed."))
    return HttpResponseRedirect(reverse("portal:organisation", args=[organisation.pk]))


@never_cache
@applicant_required
@require_POST
def hand_over(request, pk, member_pk):
    organisation, role = _member_organisation(request, pk)
    if role != MemberRole.OWNER:
        return _owners_only(request, organisation)
    try:
        rules.hand_over(organisation.pk, request.user, member_pk)
    except rules.MembershipError as error:
        return _refused(request, organisation.pk, error)
    messages.success(request, _("Ownership has been handed over. You remain a member as an editor."))
    return HttpResponseRedirect(reverse("portal:organisation", args=[organisation.pk]))


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """The link in an invitation e-mail. Anybody holding it sees whom it invites; only the person signed
    in with the invited address can accept it."""
    found = rules.invitation_from_token(token)
    if found is None:
        return render(request, "portal/invitation_invalid.html", status=404)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': request.path})}")
        try:
            rules.accept(found.pk, request.user)
        except rules.MembershipError as error:
            return render(request, "portal/invitation.html", {"invitation": found, "error": str(error)}, status=400)
        messages.success(request, _("You have joined %(organisation)s.") % {"organisation": found.organisation})
        return HttpResponseRedirect(reverse("portal:organisation", args=[found.organisation_id]))
    address_matches = request.user.is_authenticated and found.email.lower() in rules.user_emails(request.user)
    return render(request, "portal/invitation.html", {"invitation": found, "address_matches": address_matches})


@require_GET
def eligibility(request):
    """Public: which application fits what the visitor wants to do, and who may file it."""
    asked = bool(request.GET)
    form = EligibilityForm(request.GET if asked else None)
    answer = answer_for(form.cleaned_data["goal"], form.cleaned_data["who"]) if asked and form.is_valid() else None
    return render(
        request,
        "portal/eligibility.html",
        {"form": form, "errors": form_errors(form) if asked else [], "answer": answer},
        status=400 if asked and not form.is_valid() else 200,
    )

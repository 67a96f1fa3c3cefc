"""The rules of the applicant portal's organisations: creating one, joining one already in the register,
invitations, roles and the hand-over of ownership.

Every change to an organisation's members runs in one transaction that first locks the organisation's
row, so that two owners acting at once are serialised and an organisation always keeps an owner.
Who may do what is read from institutions.membership.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from institutions.membership import role_in
from institutions.models import (
    Invitation,
    MemberRole,
    Membership,
    MembershipRequest,
    Organisation,
    RequestState,
)

INVITATION_DAYS = 7
_SALT = "portal.invitation"


class MembershipError(Exception):
    """A change refused by the rules; its message is shown to the person who tried it."""


@dataclass(frozen=True)
class Created:
    organisation: Organisation | None = None  # a new organisation, owned by the user
    request: MembershipRequest | None = None  # or a request to join the one with that NIP


def create_organisation(user, data: dict) -> Created:
    """A new organisation owned by ``user``; when the NIP is already in the register, a request for a
    registry operator to confirm instead (nothing about the existing organisation changes)."""
    nip = data.get("nip") or None
    existing = Organisation.objects.filter(nip=nip).first() if nip else None
    if existing is None:
        try:
            with transaction.atomic():
                organisation = Organisation(**data)
                # The register's Polish name is the one that counts, whatever language the form was in.
                organisation.name_pl = data["name"]
                organisation.save()
                Membership.objects.create(organisation=organisation, user=user, role=MemberRole.OWNER)
                return Created(organisation=organisation)
        except IntegrityError:
            # Someone registered the same NIP a moment ago: it is an existing organisation now.
            existing = Organisation.objects.filter(nip=nip).first()
            if existing is None:
                raise
    return Created(request=request_membership(user, existing))


def request_membership(user, organisation) -> MembershipRequest | None:
    """A pending request to act for ``organisation`` (the same one again if it is already pending);
    None if the user is a member already."""
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        if role_in(user, organisation.pk) is not None:
            return None
        request, _created = MembershipRequest.objects.get_or_create(
            organisation=organisation, user=user, state=RequestState.PENDING
        )
        return request


def decide_request(request_pk: int, operator, confirm: bool) -> bool:
    """A registry operator's decision on a pending request; confirmed, the person becomes an owner
    (the operator has checked that they represent the organisation). False if it was decided already."""
    with transaction.atomic():
        request = MembershipRequest.objects.select_for_update().filter(pk=request_pk).first()
        if request is None or request.state != RequestState.PENDING:
            return False
        Organisation.objects.select_for_update().get(pk=request.organisation_id)
        request.state = RequestState.CONFIRMED if confirm else RequestState.REFUSED
        request.decided_at = timezone.now()
        request.decided_by = operator
        request.save(update_fields=["state", "decided_at", "decided_by"])
        if confirm:
            Membership.objects.update_or_create(
                organisation_id=request.organisation_id, user_id=request.user_id, defaults={"role": MemberRole.OWNER}
            )
        return True


def _lock_as_owner(organisation_id: int, user) -> Organisation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
    if role_in(user, organisation_id) != MemberRole.OWNER:
        raise MembershipError(_("Only an owner of the organisation may do this."))
    return organisation


def _owners_left_without(organisation_id: int, membership: Membership) -> int:
    return (
        Membership.objects.filter(organisation_id=organisation_id, role=MemberRole.OWNER)
        .exclude(pk=membership.pk)
        .count()
    )


def invite(organisation_id: int, owner, email: str, role: str) -> tuple[Invitation, str]:
    """A new invitation (replacing any open one to the same address) and its signed link token."""
    email = email.strip().lower()
    with transaction.atomic():
        _lock_as_owner(organisation_id, owner)
        if Membership.objects.filter(organisation_id=organisation_id, user__email__iexact=email).exists():
            raise MembershipError(_("A person with this e-mail address is already a member."))
        Invitation.objects.filter(organisation_id=organisation_id, email=email, accepted_at__isnull=True).delete()
        now = timezone.now()
        invitation = Invitation.objects.create(
            organisation_id=organisation_id,
            email=email,
            role=role,
            nonce=secrets.token_hex(16),
            invited_by=owner,
            expires_at=now + timedelta(days=INVITATION_DAYS),
        )
    return invitation, invitation_token(invitation)


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=_SALT, compress=True)


def invitation_from_token(token: str) -> Invitation | None:
    """The open invitation the link names, or None when the link is forged, out of date, replaced or used."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=timedelta(days=INVITATION_DAYS))
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("i"), int) or not isinstance(data.get("n"), str):
        return None
    invitation = Invitation.objects.select_related("organisation").filter(pk=data["i"], nonce=data["n"]).first()
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at <= timezone.now():
        return None
    return invitation


def user_emails(user) -> set[str]:
    """The verified e-mail addresses of the user (lower case): an invitation is for one of them."""
    from allauth.account.models import EmailAddress

    return {
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    }


def accept(invitation_pk: int, user) -> Membership:
    """The invited person joins with the role given; once only, before it expires, and only when the
    user has verified the invited e-mail address."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(pk=invitation_pk).first()
        if invitation is None or invitation.accepted_at is not None or invitation.expires_at <= timezone.now():
            raise MembershipError(_("This invitation is no longer valid."))
        if invitation.email.lower() not in user_emails(user):
            raise MembershipError(
                _("This invitation was sent to another e-mail address. Sign in with the address it was sent to.")
            )
        Organisation.objects.select_for_update().get(pk=invitation.organisation_id)
        membership, created = Membership.objects.get_or_create(
            organisation_id=invitation.organisation_id, user=user, defaults={"role": invitation.role}
        )
        if not created:
            raise MembershipError(_("You are already a member of this organisation."))
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        return membership


def revoke(organisation_id: int, owner, invitation_pk: int) -> None:
    with transaction.atomic():
        _lock_as_owner(organisation_id, owner)
        Invitation.objects.filter(organisation_id=organisation_id, pk=invitation_pk, accepted_at__isnull=True).delete()


def _member(organisation_id: int, membership_pk: int) -> Membership:
    # The organisation's row is the lock that serialises changes of members (taken by the caller);
    # this locks the membership itself only (the default ordering would join and lock more).
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .filter(organisation_id=organisation_id, pk=membership_pk)
        .order_by()
        .first()
    )
    if membership is None:
        raise MembershipError(_("This person is not a member of the organisation."))
    return membership


def change_role(organisation_id: int, owner, membership_pk: int, role: str) -> Membership:
    if role not in MemberRole.values:
        raise MembershipError(_("Choose a role from the list."))
    with transaction.atomic():
        _lock_as_owner(organisation_id, owner)
        membership = _member(organisation_id, membership_pk)
        demoted = membership.role == MemberRole.OWNER and role != MemberRole.OWNER
        if demoted and _owners_left_without(organisation_id, membership) == 0:
            raise MembershipError(
                _("An organisation must keep at least one owner. Make another member an owner first.")
            )
        membership.role = role
        membership.save(update_fields=["role"])
        return membership


def remove(organisation_id: int, user, membership_pk: int) -> None:
    """An owner removes a member, or a member leaves; never the last owner."""
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation_id)
        membership = _member(organisation_id, membership_pk)
        if membership.user_id != user.pk and role_in(user, organisation_id) != MemberRole.OWNER:
            raise MembershipError(_("Only an owner of the organisation may do this."))
        if membership.role == MemberRole.OWNER and _owners_left_without(organisation_id, membership) == 0:
            raise MembershipError(
                _("An organisation must keep at least one owner. Make another member an owner first.")
            )
        membership.delete()


def hand_over(organisation_id: int, owner, membership_pk: int) -> Membership:
    """Ownership passes to another member; the owner who hands it over stays on as an editor."""
    with transaction.atomic():
        _lock_as_owner(organisation_id, owner)
        successor = _member(organisation_id, membership_pk)
        if successor.user_id == owner.pk:
            raise MembershipError(_("Choose another member to hand the ownership over to."))
        successor.role = MemberRole.OWNER
        successor.save(update_fields=["role"])
        Membership.objects.filter(organisation_id=organisation_id, user=owner).update(role=MemberRole.EDITOR)
        return successor

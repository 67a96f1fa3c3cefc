"""Organisations in the applicant portal: creating one, the NIP already in the register, invitations
(accept, expired, wrong address, reused), roles, hand-over (never zero owners) and isolation."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.portal import organisations as rules
from applications.roles import REGISTRY_OPERATOR
from institutions.models import Invitation, MemberRole, Membership, MembershipRequest, Organisation, RequestState
from tests.factories import valid_nip
from tests.portal.accounts_helpers import applicant, last_link, organisation

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user, backend="applications.portal.accounts.ApplicantBackend")
    return client


def organisation_data(nip, **extra):
    return {
        "name": "Fundacja Kwalifikacji",
        "nip": nip,
        "regon": "123456785",
        "street": "ul. Prosta 1",
        "postal_code": "00-950",
        "city": "Warszawa",
        "voivodeship": "14",
        **extra,
    }


def test_an_applicant_creates_an_organisation_and_owns_it():
    user = applicant("zalozyciel@example.org")
    client = signed_in(user)
    nip = valid_nip(7)
    response = client.post(reverse("portal:organisation_create"), organisation_data(f"{nip[:3]}-{nip[3:6]}-{nip[6:]}"))
    assert response.status_code == 302
    created = Organisation.objects.get(nip=nip)
    assert created.name_pl == "Fundacja Kwalifikacji"
    assert Membership.objects.get(organisation=created).role == MemberRole.OWNER
    page = client.get(response["Location"])
    assert "Fundacja Kwalifikacji" in page.content.decode()


def test_invalid_identifiers_are_refused_with_an_error_summary_and_nothing_stored():
    client = signed_in(applicant("zalozyciel@example.org"))
    response = client.post(
        reverse("portal:organisation_create"),
        organisation_data("1234567890", regon="123456789", postal_code="00950", krs="12"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html and 'href="#id_nip"' in html and 'href="#id_regon"' in html
    assert not Organisation.objects.exists()


def test_a_nip_already_in_the_register_becomes_a_request_for_the_operator():
    existing = organisation("Instytucja Certyfikująca", seed=3)
    client = signed_in(applicant("przejmujacy@example.org"))
    response = client.post(reverse("portal:organisation_create"), organisation_data(existing.nip, name="Przejęta"))
    assert response.status_code == 302 and response["Location"] == reverse("portal:organisation_requested")
    existing.refresh_from_db()
    assert existing.name == "Instytucja Certyfikująca"
    assert not Membership.objects.filter(organisation=existing).exists()
    request = MembershipRequest.objects.get(organisation=existing)
    assert request.state == RequestState.PENDING
    # Still not a member: the organisation's pages answer 404.
    assert client.get(reverse("portal:organisation", args=[existing.pk])).status_code == 404


def test_the_registry_operator_confirms_a_request_in_the_admin(django_user_model):
    from django.contrib.auth.models import Group

    existing = organisation("Instytucja Certyfikująca", seed=3)
    user = applicant("przejmujacy@example.org")
    request = rules.request_membership(user, existing)
    operator = django_user_model.objects.create_user("operator-x", password="x", is_staff=True)
    operator.groups.add(Group.objects.get(name=REGISTRY_OPERATOR))
    admin = Client()
    admin.force_login(operator)
    listing = admin.get(reverse("admin:institutions_membershiprequest_changelist"))
    assert listing.status_code == 200 and "przejmujacy@example.org" in listing.content.decode()
    response = admin.post(
        reverse("admin:institutions_membershiprequest_changelist"),
        {"action": "confirm", "_selected_action": [request.pk]},
    )
    assert response.status_code == 302
    assert Membership.objects.get(organisation=existing, user=user).role == MemberRole.OWNER
    request.refresh_from_db()
    assert request.state == RequestState.CONFIRMED and request.decided_by == operator
    # Members and invitations are visible, read-only.
    assert admin.get(reverse("admin:institutions_membership_changelist")).status_code == 200
    assert admin.get(reverse("admin:institutions_invitation_changelist")).status_code == 200
    assert admin.get(reverse("admin:institutions_membership_add")).status_code == 403


def invite(client, org, email, role="editor"):
    return client.post(reverse("portal:organisation_invite", args=[org.pk]), {"email": email, "role": role})


def test_an_invitation_is_accepted_once_by_the_invited_address():
    owner = applicant("wlasciciel@example.org")
    org = organisation(owner=owner)
    assert invite(signed_in(owner), org, "Nowy@Example.org").status_code == 302
    assert mail.outbox[-1].to == ["nowy@example.org"]
    path = last_link(r"http://testserver/wnioski/zaproszenie/\S+").removeprefix("http://testserver")
    # Anonymous: sees the invitation and is asked to log in or sign up.
    anonymous = Client().get(path)
    assert anonymous.status_code == 200 and "/konto/login/?next=" in anonymous.content.decode()
    invited = applicant("nowy@example.org")
    client = signed_in(invited)
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 302
    assert Membership.objects.get(organisation=org, user=invited).role == MemberRole.EDITOR
    # Used: the link is dead, also for the same person.
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404


def test_an_invitation_cannot_be_accepted_with_another_address():
    owner = applicant("wlasciciel@example.org")
    org = organisation(owner=owner)
    invite(signed_in(owner), org, "adresat@example.org")
    path = last_link(r"http://testserver/wnioski/zaproszenie/\S+").removeprefix("http://testserver")
    intruder = signed_in(applicant("intruz@example.org"))
    response = intruder.post(path)
    assert response.status_code == 400
    assert not Membership.objects.filter(organisation=org, user__email="intruz@example.org").exists()
    assert Invitation.objects.get(organisation=org).accepted_at is None


def test_an_expired_or_forged_invitation_is_refused():
    owner = applicant("wlasciciel@example.org")
    org = organisation(owner=owner)
    invitation, token = rules.invite(org.pk, owner, "spozniony@example.org", MemberRole.VIEWER)
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=10), expires_at=timezone.now() - timedelta(days=3)
    )
    late = signed_in(applicant("spozniony@example.org"))
    assert late.post(reverse("portal:invitation", args=[token])).status_code == 404
    assert late.get(reverse("portal:invitation", args=[token[:-2] + "xx"])).status_code == 404
    assert late.get(reverse("portal:invitation", args=["<script>"])).status_code == 404
    assert not Membership.objects.filter(user__email="spozniony@example.org").exists()


def test_a_new_invitation_replaces_the_older_link():
    owner = applicant("wlasciciel@example.org")
    org = organisation(owner=owner)
    _first, old_token = rules.invite(org.pk, owner, "x@example.org", MemberRole.VIEWER)
    rules.invite(org.pk, owner, "x@example.org", MemberRole.EDITOR)
    assert signed_in(applicant("x@example.org")).post(reverse("portal:invitation", args=[old_token])).status_code == 404


def test_owners_change_roles_but_never_leave_the_organisation_without_an_owner():
    owner = applicant("wlasciciel@example.org")
    editor = applicant("edytor@example.org")
    org = organisation(owner=owner, editor=editor)
    client = signed_in(owner)
    own = Membership.objects.get(user=owner)
    response = client.post(reverse("portal:member_role", args=[org.pk, own.pk]), {"role": "viewer"})
    assert response.status_code == 302
    assert Membership.objects.get(user=owner).role == MemberRole.OWNER
    assert client.post(reverse("portal:member_remove", args=[org.pk, own.pk])).status_code == 302
    assert Membership.objects.filter(user=owner).exists()
    other = Membership.objects.get(user=editor)
    client.post(reverse("portal:member_role", args=[org.pk, other.pk]), {"role": "viewer"})
    assert Membership.objects.get(user=editor).role == MemberRole.VIEWER
    client.post(reverse("portal:member_role", args=[org.pk, other.pk]), {"role": "superuser"})
    assert Membership.objects.get(user=editor).role == MemberRole.VIEWER


def test_ownership_is_handed_over_and_the_former_owner_stays_as_editor():
    owner = applicant("wlasciciel@example.org")
    successor = applicant("nastepca@example.org")
    org = organisation(owner=owner, viewer=successor)
    target = Membership.objects.get(user=successor)
    assert signed_in(owner).post(reverse("portal:member_hand_over", args=[org.pk, target.pk])).status_code == 302
    assert Membership.objects.get(user=successor).role == MemberRole.OWNER
    assert Membership.objects.get(user=owner).role == MemberRole.EDITOR
    # The new owner may now leave the former one out; the former may no longer manage members.
    former = signed_in(owner)
    assert former.post(reverse("portal:member_remove", args=[org.pk, target.pk])).status_code == 302
    assert Membership.objects.filter(user=successor).exists()


def test_the_last_owner_cannot_be_demoted_even_by_racing_requests():
    owner = applicant("wlasciciel@example.org")
    second = applicant("drugi@example.org")
    org = organisation(owner=[owner, second])
    first_membership = Membership.objects.get(user=owner)
    second_membership = Membership.objects.get(user=second)
    rules.change_role(org.pk, owner, second_membership.pk, MemberRole.EDITOR)
    with pytest.raises(rules.MembershipError):
        rules.change_role(org.pk, owner, first_membership.pk, MemberRole.VIEWER)
    with pytest.raises(rules.MembershipError):
        rules.remove(org.pk, owner, first_membership.pk)
    assert Membership.objects.filter(organisation=org, role=MemberRole.OWNER).count() == 1


def test_editors_and_viewers_cannot_manage_members():
    owner = applicant("wlasciciel@example.org")
    viewer = applicant("widz@example.org")
    org = organisation(owner=owner, viewer=viewer)
    client = signed_in(viewer)
    own = Membership.objects.get(user=owner)
    assert client.post(reverse("portal:member_role", args=[org.pk, own.pk]), {"role": "viewer"}).status_code == 403
    assert client.post(reverse("portal:member_hand_over", args=[org.pk, own.pk])).status_code == 403
    assert invite(client, org, "ktos@example.org").status_code == 403
    refused = client.get(reverse("portal:organisation_invite", args=[org.pk]))
    assert refused.status_code == 403
    assert "Może to zrobić tylko właściciel organizacji." in refused.content.decode()
    assert client.post(reverse("portal:member_remove", args=[org.pk, own.pk])).status_code == 302
    assert Membership.objects.get(user=owner).role == MemberRole.OWNER
    assert not Invitation.objects.exists() and not mail.outbox
    # A member may leave.
    mine = Membership.objects.get(user=viewer)
    assert client.post(reverse("portal:member_remove", args=[org.pk, mine.pk])).status_code == 302
    assert not Membership.objects.filter(user=viewer).exists()


def test_other_organisations_answer_404():
    owner = applicant("wlasciciel@example.org")
    org = organisation(owner=owner)
    member = Membership.objects.get(user=owner)
    stranger = applicant("obcy@example.org")
    organisation("Inna", seed=2, owner=stranger)
    client = signed_in(stranger)
    for name, args, method in (
        ("portal:organisation", [org.pk], "get"),
        ("portal:organisation_invite", [org.pk], "get"),
        ("portal:organisation_invite", [org.pk], "post"),
        ("portal:member_role", [org.pk, member.pk], "post"),
        ("portal:member_remove", [org.pk, member.pk], "post"),
        ("portal:member_hand_over", [org.pk, member.pk], "post"),
        ("portal:invitation_revoke", [org.pk, 1], "post"),
        ("portal:organisation", [999999], "get"),
    ):
        response = getattr(client, method)(reverse(name, args=args), {"role": "owner", "email": "a@example.org"})
        assert response.status_code == 404, (name, method)
    assert Membership.objects.get(user=owner).role == MemberRole.OWNER


def test_anonymous_visitors_are_sent_to_login_from_every_organisation_page():
    owner = applicant("wlasciciel@example.org")
    org = organisation(owner=owner)
    member = Membership.objects.get(user=owner)
    for name, args in (
        ("portal:dashboard", []),
        ("portal:organisations", []),
        ("portal:organisation_create", []),
        ("portal:organisation", [org.pk]),
        ("portal:organisation_invite", [org.pk]),
        ("portal:member_role", [org.pk, member.pk]),
    ):
        response = (
            Client().post(reverse(name, args=args)) if "member" in name else Client().get(reverse(name, args=args))
        )
        assert response.status_code == 302 and response["Location"].startswith("/konto/login/"), name


def test_the_dashboard_lists_the_organisations_applications(demo_register):
    from applications.demo import DEMO_APPLICANT
    from applications.demo_accounts import create_demo_applicant

    user = create_demo_applicant()
    page = signed_in(user).get(reverse("portal:dashboard"))
    assert page.status_code == 200
    html = page.content.decode()
    assert DEMO_APPLICANT in html
    from applications.models import InclusionApplication

    numbers = (
        InclusionApplication.objects.filter(applicant__name_pl=DEMO_APPLICANT)
        .exclude(number="")
        .values_list("number", flat=True)
    )
    assert numbers and all(number in html for number in numbers)
    # A stranger's dashboard shows none of them.
    other = signed_in(applicant("obcy@example.org")).get(reverse("portal:dashboard")).content.decode()
    assert not any(number in other for number in numbers)


def test_users_with_the_same_address_in_another_case_are_one_account():
    applicant("Wielka@Example.org")
    assert get_user_model().objects.filter(email__iexact="wielka@example.org").count() == 1

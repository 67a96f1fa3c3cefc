"""Hostile input on the portal's account and organisation forms: never a server error, never a raw
marker in the page that comes back, and nothing stored from a refused request."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from hypothesis import given, note
from hypothesis import strategies as st

from institutions.models import Invitation, Membership, Organisation
from tests.hostile.checks import assert_safe_response
from tests.hostile.strategies import ID_SEGMENTS, encode, hostile_settings, query_strings, values
from tests.portal.accounts_helpers import applicant, organisation

pytestmark = pytest.mark.django_db

ORGANISATION_FIELDS = ("name", "nip", "regon", "krs", "legal_form", "street", "postal_code", "city", "voivodeship")


def post(client, path, fields, extra=(), address="10.0.0.1"):
    body = "&".join(f"{encode(name)}={encode(value)}" for name, value in [*fields.items(), *extra])
    note(f"{path} {body[:2000]}")
    with transaction.atomic():
        return client.post(path, body, content_type="application/x-www-form-urlencoded", REMOTE_ADDR=address)


def signed_in(user):
    client = Client()
    client.force_login(user, backend="applications.portal.accounts.ApplicantBackend")
    return client


def test_organisation_form_and_member_actions():
    owner = applicant("wlasciciel@example.org")
    org = organisation(owner=owner)
    member = Membership.objects.get(user=owner)
    client = signed_in(owner)
    before = Organisation.objects.count()

    @hostile_settings(60)
    @given(
        fields=st.fixed_dictionaries(dict.fromkeys(ORGANISATION_FIELDS, values)),
        extra=st.lists(st.tuples(st.sampled_from([*ORGANISATION_FIELDS, "csrfmiddlewaretoken"]), values), max_size=3),
        english=st.booleans(),
    )
    def create(fields, extra, english):
        path = "/en/applications/organisations/new/" if english else "/wnioski/organizacje/nowa/"
        response = post(client, path, fields, extra)
        assert_safe_response(response, path)
        if response.status_code != 302:
            assert Organisation.objects.count() == before

    @hostile_settings(40)
    @given(email=values, role=values, new_role=values)
    def manage(email, role, new_role):
        response = post(client, f"/wnioski/organizacje/{org.pk}/zapros/", {"email": email, "role": role})
        assert_safe_response(response, "invite")
        if response.status_code != 302:
            assert not Invitation.objects.exists()
        response = post(client, f"/wnioski/organizacje/{org.pk}/czlonkowie/{member.pk}/rola/", {"role": new_role})
        assert_safe_response(response, "role")
        assert Membership.objects.get(pk=member.pk).role == "owner"

    create()
    manage()


def test_account_forms():
    applicant("istnieje@example.org")
    users = get_user_model().objects.count()

    @hostile_settings(60)
    @given(
        email=values,
        password=values,
        address=st.ip_addresses(v=4).map(str),
        english=st.booleans(),
    )
    def run(email, password, address, english):
        prefix = "/en/account/" if english else "/konto/"
        client = Client()
        signup = post(
            client, prefix + "signup/", {"email": email, "password1": password, "password2": password}, (), address
        )
        assert_safe_response(signup, "signup")
        if signup.status_code != 302:
            assert get_user_model().objects.count() == users
        assert_safe_response(post(client, prefix + "login/", {"login": email, "password": password}, (), address))
        assert "_auth_user_id" not in client.session
        assert_safe_response(post(client, prefix + "password/reset/", {"email": email}, (), address))

    run()


def test_eligibility_query_strings_and_invitation_tokens():
    client = Client()

    @hostile_settings(60)
    @given(query=query_strings(("goal", "who")), segment=st.sampled_from(ID_SEGMENTS) | values.map(encode))
    def run(query, segment):
        for path in (f"/wnioski/kto-moze-zlozyc/?{query}", f"/en/applications/eligibility/?{query}"):
            note(path)
            assert_safe_response(client.get(path), path)
        path = f"/wnioski/zaproszenie/{segment}/"
        note(path)
        response = client.get(path)
        assert_safe_response(response, path)
        assert response.status_code == 404

    run()

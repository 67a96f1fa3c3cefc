"""Helpers shared by the portal's account tests: applicants made as sign-up leaves them."""

import re

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from institutions.models import MemberRole, Membership, Organisation
from tests.factories import valid_nip

PASSWORD = "Kwalifikacje-2026-mocne"


def applicant(email, password=PASSWORD, verified=True, **extra):
    user = get_user_model().objects.create_user(email, email, password, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def organisation(name="Fundacja Testowa", seed=1, **members):
    org = Organisation.objects.create(name=name, name_pl=name, nip=valid_nip(seed), regon="123456785")
    for role, users in members.items():
        for user in users if isinstance(users, list | tuple) else [users]:
            Membership.objects.create(organisation=org, user=user, role=MemberRole(role))
    return org


def login(client, email, password=PASSWORD, path="/konto/login/"):
    return client.post(path, {"login": email, "password": password})


def last_link(pattern=r"https?://\S+"):
    assert mail.outbox, "no e-mail was sent"
    return re.findall(pattern, mail.outbox[-1].body)[-1]

"""Demo accounts left in a database by `make run` open nothing outside demo mode, and check --deploy
fails while they exist with their published passwords; in demo mode (ZRK_DEMO=1) they still work."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from applications.demo_accounts import DEMO_USERS, no_demo_accounts

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_users(db):
    """The accounts exactly as load_demo --users leaves them."""
    users = {}
    for username, password, _role, superuser in DEMO_USERS:
        users[username] = get_user_model().objects.create_user(
            username, password=password, is_staff=True, is_superuser=superuser
        )
    return users


def admin_login(client, username, password):
    return client.post(reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"})


def test_outside_demo_mode_the_published_passwords_do_not_log_in(demo_users, settings):
    settings.ZRK_DEMO = False
    for username, password, _role, _superuser in DEMO_USERS:
        assert authenticate(HttpRequest(), username=username, password=password) is None
    client = Client()
    response = admin_login(client, "admin", "zrk-demo-admin")
    assert response.status_code == 200  # the login form again, with its error
    assert "_auth_user_id" not in client.session


def test_in_demo_mode_the_demo_accounts_work(demo_users, settings):
    settings.ZRK_DEMO = True
    assert authenticate(HttpRequest(), username="admin", password="zrk-demo-admin") == demo_users["admin"]
    client = Client()
    assert admin_login(client, "operator", "zrk-demo-operator").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_renamed_password_is_an_ordinary_account(demo_users, settings):
    settings.ZRK_DEMO = False
    admin = demo_users["admin"]
    admin.set_password("a-real-password-chosen-later")
    admin.save()
    assert authenticate(HttpRequest(), username="admin", password="a-real-password-chosen-later") == admin
    assert "admin" not in str(no_demo_accounts(None))


def test_check_deploy_fails_and_names_the_demo_accounts(demo_users, settings):
    settings.ZRK_DEMO = False
    errors = no_demo_accounts(None)
    assert [error.id for error in errors] == ["applications.E001"]
    assert "admin, coordinator, officer, operator" in errors[0].msg
    with pytest.raises(SystemCheckError, match="applications.E001"):
        call_command("check", "--deploy", "--fail-level", "ERROR", tags=["security"])
    settings.ZRK_DEMO = True
    assert no_demo_accounts(None) == []


def test_without_demo_accounts_the_check_is_silent(db, settings):
    settings.ZRK_DEMO = False
    assert no_demo_accounts(None) == []

"""Applicant accounts (django-allauth): how they are kept apart from the back-office's staff accounts.

Staff log in at the admin, where django-axes locks a user name out after repeated failures. The
applicants' login (/konto/, by e-mail address) refuses every staff account with the same answer as a
wrong password, whether or not the password was right, so that it can neither let staff in without
the lockout nor tell anybody that a guessed staff password is right. Applicants' failed logins are
limited by allauth's ACCOUNT_RATE_LIMITS (per client address and per e-mail address).
"""

from functools import wraps
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.auth_backends import AuthenticationBackend
from allauth.account.forms import ResetPasswordForm
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from applications.demo_accounts import is_demo_login
from zrk.security import client_ip
from zrk.site_url import absolute_url


def is_staff_account(user) -> bool:
    return bool(user.is_staff or user.is_superuser)


def applicant_required(view):
    """``login_required`` for the portal's own pages, which serve applicants' accounts only. A staff
    member signed in at the back-office carries a session too; the portal refuses it as its login
    does, so that nobody files or edits an application with a staff account."""

    @wraps(view)
    @login_required
    def checked(request, *args, **kwargs):
        if is_staff_account(request.user):
            return render(request, "portal/staff_refused.html", status=403)
        return view(request, *args, **kwargs)

    return checked


class ApplicantBackend(AuthenticationBackend):
    """allauth's e-mail login for applicants only (after ModelBackend, which serves the admin)."""

    def authenticate(self, request, **credentials):
        # The demo accounts' published passwords open nothing outside demo mode, whatever the database
        # holds: the same rule as DemoAccountsBackend, here for the e-mail address.
        if not settings.ZRK_DEMO and is_demo_login(None, credentials.get("password"), credentials.get("email")):
            raise PermissionDenied
        user = super().authenticate(request, **credentials)
        # The password has been checked either way, so a refused staff account takes as long to
        # answer as a wrong password and looks the same.
        if user is None or is_staff_account(user):
            return None
        return user

    def get_user(self, user_id):
        user = super().get_user(user_id)
        # A staff member's session never comes from this backend.
        return None if user is None or is_staff_account(user) else user


class ApplicantResetPasswordForm(ResetPasswordForm):
    """The portal's password reset serves applicants only: a staff address is answered exactly like an
    unknown one (the back-office's passwords are set by its administrator, not by an e-mailed link)."""

    def clean_email(self):
        email = super().clean_email()
        self.users = [user for user in self.users if not is_staff_account(user)]
        return email


def not_a_staff_login(request, credentials=None) -> bool:
    """AXES_WHITELIST_CALLABLE: django-axes counts and locks logins by user name (the admin's); an
    applicant's e-mail login carries no user name and is left to allauth's rate limits."""
    return bool(credentials) and "username" not in credentials and "email" in credentials


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        # The same rule as the admin lockout: X-Forwarded-For is believed only from TRUSTED_PROXIES.
        return client_ip(request) or "0.0.0.0"  # noqa: S104 (a key for the rate limit, not a bind address)

    def is_safe_url(self, url):
        # Only paths on this site: the address in a "next" parameter is the client's to write.
        return bool(url) and url.startswith("/") and not url.startswith("//") and super().is_safe_url(url)

    # Links in e-mails are built from SITE_URL, never from the request's Host header (which the
    # client writes): a forged Host must not put another site's address into a reset link.
    def get_reset_password_from_key_url(self, key):
        return _on_this_site(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(self, request, emailconfirmation):
        return _on_this_site(super().get_email_confirmation_url(request, emailconfirmation))

    def send_mail(self, template_prefix, email, context):
        context["site_url"] = settings.SITE_URL
        context["current_site"] = RegisterSite(settings.SITE_URL)
        for key in ("activate_url", "password_reset_url", "signup_url"):
            if isinstance(context.get(key), str):
                context[key] = _on_this_site(context[key])
        super().send_mail(template_prefix, email, context)


class RegisterSite:
    """What allauth's e-mails say about "the site": the register's name and SITE_URL's host."""

    def __init__(self, site_url: str):
        self.name = "ZRK"
        self.domain = urlsplit(site_url).netloc


def _on_this_site(url: str) -> str:
    parts = urlsplit(url)
    return absolute_url(urlunsplit(("", "", parts.path, parts.query, "")))

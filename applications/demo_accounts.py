"""The demo accounts, whose passwords are printed in this repository, and what keeps them out of a
real deployment.

``make run`` (demo mode, ``ZRK_DEMO=1``) creates them with ``load_demo --users``. A database that once
ran in demo mode keeps them, so outside demo mode they cannot log in (``DemoAccountsBackend``) and
``check --deploy`` fails while they exist with their published passwords (``applications.E001``).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.checks import Error, Tags, register
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError

from applications.roles import COORDINATOR, MINISTRY_OFFICER, REGISTRY_OPERATOR

# (user name, password, role, superuser): demo mode only.
DEMO_USERS = [
    ("admin", "zrk-demo-admin", None, True),
    ("operator", "zrk-demo-operator", REGISTRY_OPERATOR, False),
    ("officer", "zrk-demo-officer", MINISTRY_OFFICER, False),
    ("coordinator", "zrk-demo-coordinator", COORDINATOR, False),
]
# The demo applicant: logs in to the portal with its e-mail address (verified), owner of the demo
# applicant organisation (applications.demo.DEMO_APPLICANT). Demo mode only, like the staff accounts.
DEMO_APPLICANT_USERNAME = "wnioskodawca"
DEMO_APPLICANT_EMAIL = "wnioskodawca@example.org"
DEMO_APPLICANT_PASSWORD = "zrk-demo-wnioskodawca"  # noqa: S105 (published on purpose, demo mode only)

DEMO_PASSWORDS = {username: password for username, password, _role, _superuser in DEMO_USERS}
DEMO_PASSWORDS[DEMO_APPLICANT_USERNAME] = DEMO_APPLICANT_PASSWORD
DEMO_EMAIL_PASSWORDS = {DEMO_APPLICANT_EMAIL: DEMO_APPLICANT_PASSWORD}


def is_demo_login(username, password, email=None) -> bool:
    if password is None:
        return False
    if username is not None and DEMO_PASSWORDS.get(str(username)) == password:
        return True
    return email is not None and DEMO_EMAIL_PASSWORDS.get(str(email).strip().lower()) == password


class DemoAccountsBackend:
    """First after django-axes in AUTHENTICATION_BACKENDS: outside demo mode, a login with a demo
    account's published user name and password is refused outright (PermissionDenied stops Django
    from asking the other backends), whatever the database holds."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.ZRK_DEMO and is_demo_login(username, password):
            raise PermissionDenied
        return None

    # No get_user: it never logs anybody in, so no session names it (and force_login passes it by).


def create_demo_applicant():
    """The demo applicant account, verified, owner of the demo applicant organisation (idempotent)."""
    from allauth.account.models import EmailAddress

    from applications.demo import DEMO_APPLICANT
    from institutions.models import MemberRole, Membership, Organisation

    user, _ = get_user_model().objects.get_or_create(username=DEMO_APPLICANT_USERNAME)
    user.email = DEMO_APPLICANT_EMAIL
    user.is_staff = user.is_superuser = False
    user.set_password(DEMO_APPLICANT_PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=DEMO_APPLICANT_EMAIL, defaults={"verified": True, "primary": True}
    )
    organisation, _ = Organisation.objects.get_or_create(name_pl=DEMO_APPLICANT, defaults={"name": DEMO_APPLICANT})
    Membership.objects.update_or_create(organisation=organisation, user=user, defaults={"role": MemberRole.OWNER})
    return user


def demo_accounts_present() -> list[str]:
    """User names of the accounts that still have their published demo password."""
    users = get_user_model().objects.filter(username__in=DEMO_PASSWORDS)
    present = {user.username for user in users if user.check_password(DEMO_PASSWORDS[user.username])}
    # The applicant may be found by its e-mail address too (its user name is never typed anywhere).
    for user in get_user_model().objects.filter(email__in=DEMO_EMAIL_PASSWORDS):
        if user.check_password(DEMO_EMAIL_PASSWORDS[user.email]):
            present.add(user.username)
    return sorted(present)


@register(Tags.security, deploy=True)
def no_demo_accounts(app_configs, **kwargs):
    if settings.ZRK_DEMO:
        return []
    try:
        present = demo_accounts_present()
    except DatabaseError:  # no database, or not migrated yet: nothing to check
        return []
    if not present:
        return []
    return [
        Error(
            f"Demo accounts with the passwords published in the repository exist: {', '.join(present)}.",
            hint="Delete them (python manage.py shell: User.objects.filter(username__in=[...]).delete()) "
            "or give them new passwords (python manage.py changepassword <name>).",
            id="applications.E001",
        )
    ]

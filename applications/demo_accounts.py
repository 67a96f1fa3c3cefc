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
DEMO_PASSWORDS = {username: password for username, password, _role, _superuser in DEMO_USERS}


def is_demo_login(username, password) -> bool:
    return username is not None and DEMO_PASSWORDS.get(str(username)) == password


class DemoAccountsBackend:
    """First after django-axes in AUTHENTICATION_BACKENDS: outside demo mode, a login with a demo
    account's published user name and password is refused outright (PermissionDenied stops Django
    from asking the other backends), whatever the database holds."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.ZRK_DEMO and is_demo_login(username, password):
            raise PermissionDenied
        return None

    # No get_user: it never logs anybody in, so no session names it (and force_login passes it by).


def demo_accounts_present() -> list[str]:
    """User names of the accounts that still have their published demo password."""
    users = get_user_model().objects.filter(username__in=DEMO_PASSWORDS)
    return sorted(user.username for user in users if user.check_password(DEMO_PASSWORDS[user.username]))


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

"""Django groups for the role matrix of DESIGN section 5. ``setup_roles`` applies them idempotently.

Each role lists, per model, the permission actions it holds. Anything not listed is refused by the
admin. Application permissions join this table with the back-office workflow.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

REGISTRY_OPERATOR = "registry_operator"
MINISTRY_OFFICER = "ministry_officer"
COORDINATOR = "coordinator"

ALL = ("view", "add", "change", "delete")
READ = ("view",)

REGISTRY_MODELS = [
    ("qualifications", "qualification"),
    ("qualifications", "learningoutcomeset"),
    ("qualifications", "learningoutcome"),
    ("qualifications", "verificationcriterion"),
    ("qualifications", "certificationright"),
    ("qualifications", "prklevel"),
    ("qualifications", "sectorframework"),
    ("institutions", "organisation"),
    ("institutions", "ministry"),
    ("institutions", "voivodeship"),
]
PZZJ_LIST = [("institutions", "pzzjentry")]

ROLES: dict[str, dict[tuple[str, str], tuple[str, ...]]] = {
    REGISTRY_OPERATOR: {**dict.fromkeys(REGISTRY_MODELS, ALL), **dict.fromkeys(PZZJ_LIST, READ)},
    MINISTRY_OFFICER: {**dict.fromkeys(REGISTRY_MODELS, READ), **dict.fromkeys(PZZJ_LIST, READ)},
    COORDINATOR: {**dict.fromkeys(REGISTRY_MODELS, READ), **dict.fromkeys(PZZJ_LIST, ALL)},
}


def setup_roles() -> dict[str, int]:
    """Create the groups and set exactly the permissions of the matrix. Returns permission counts."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; make sure they exist when called right after.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    counts = {}
    for role, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = []
        for (app_label, model), actions in grants.items():
            content_type = ContentType.objects.get_by_natural_key(app_label, model)
            for action in actions:
                permissions.append(Permission.objects.get(content_type=content_type, codename=f"{action}_{model}"))
        group.permissions.set(permissions)
        counts[role] = len(permissions)
    return counts

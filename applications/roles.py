"""Django groups for the role matrix of docs/architecture.md#roles-and-scoping. ``setup_roles`` applies
them idempotently.

Each role lists, per model, the permission actions it holds. Anything not listed is refused by the
admin. Application permissions open the admin pages; the workflow decides the steps.
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
    # Entered by the registry operator, to whom institutions report each quarter (art. 65).
    ("qualifications", "quarterlyreport"),
    ("qualifications", "prklevel"),
    ("qualifications", "sectorframework"),
    # The search thesaurus (synonyms applied to queries), kept by the registry operator.
    ("qualifications", "synonymset"),
    ("institutions", "organisation"),
    ("institutions", "ministry"),
    ("institutions", "voivodeship"),
]
PZZJ_LIST = [("institutions", "pzzjentry")]
# The lifecycle log of certification rights: written by qualifications.rights only, read by everyone.
RIGHT_EVENTS = ("qualifications", "rightevent")
APPLICATION = ("applications", "inclusionapplication")
COMMENT = ("applications", "consultationcomment")
ATTACHMENT = ("applications", "applicationattachment")
RIGHTS_APPLICATION = ("applications", "certificationrightsapplication")
# PZZJ list applications: the operator checks them formally, the coordinator decides; officers see none.
PZZJ_APPLICATION = ("applications", "pzzjapplication")
PZZJ_APPLICATION_EVENTS = ("applications", "pzzjapplicationevent")
APPLICATION_RECORDS = [
    ("applications", "consultation"),
    ("applications", "applicationevent"),
    ("applications", "rightsapplicationevent"),
]
# The applicant portal's members and invitations (read-only: owners manage them in the portal) and the
# requests to act for an organisation already in the register, which the registry operator decides.
PORTAL_MEMBERS = [("institutions", "membership"), ("institutions", "invitation")]
MEMBERSHIP_REQUEST = ("institutions", "membershiprequest")
APPLICATION_MODELS = [APPLICATION, RIGHTS_APPLICATION, COMMENT, ATTACHMENT, *APPLICATION_RECORDS]

# Applications: nobody deletes an application or its events (the audit trail is append-only). The
# workflow (applications/workflow.py) decides who may take which step; these permissions only open
# the admin pages. A ministry officer's pages are further limited to their own ministry (admin.py).
ROLES: dict[str, dict[tuple[str, str], tuple[str, ...]]] = {
    REGISTRY_OPERATOR: {
        **dict.fromkeys(REGISTRY_MODELS, ALL),
        # A certification right is never deleted: it is withdrawn or expires, with a reason, in its log.
        ("qualifications", "certificationright"): ("view", "add", "change"),
        **dict.fromkeys(PZZJ_LIST, READ),
        RIGHT_EVENTS: READ,
        APPLICATION: ("view", "add", "change"),
        RIGHTS_APPLICATION: ("view", "add", "change"),
        PZZJ_APPLICATION: ("view", "add", "change"),
        PZZJ_APPLICATION_EVENTS: READ,
        COMMENT: ("view", "change"),
        ATTACHMENT: ALL,
        **dict.fromkeys(APPLICATION_RECORDS, READ),
        **dict.fromkeys(PORTAL_MEMBERS, READ),
        MEMBERSHIP_REQUEST: ("view", "change"),
    },
    MINISTRY_OFFICER: {
        **dict.fromkeys(REGISTRY_MODELS, READ),
        **dict.fromkeys(PZZJ_LIST, READ),
        RIGHT_EVENTS: READ,
        APPLICATION: ("view", "change"),
        RIGHTS_APPLICATION: ("view", "change"),
        COMMENT: ("view", "change"),
        ATTACHMENT: ("view", "add"),
        **dict.fromkeys(APPLICATION_RECORDS, READ),
    },
    COORDINATOR: {
        **dict.fromkeys(REGISTRY_MODELS, READ),
        **dict.fromkeys(PZZJ_LIST, ALL),
        RIGHT_EVENTS: READ,
        **dict.fromkeys(APPLICATION_MODELS, READ),
        PZZJ_APPLICATION: ("view", "change"),
        PZZJ_APPLICATION_EVENTS: READ,
        **dict.fromkeys([*PORTAL_MEMBERS, MEMBERSHIP_REQUEST], READ),
    },
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

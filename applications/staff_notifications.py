"""E-mail to the staff handling an application when the applicant acts on it through the portal (an
answer to a completion request, a withdrawal): the registry operators while the application is in
their formal check, the assigned officer once it is at the ministry (the ministry's officers, or the
coordinators for the PZZJ list, while nobody is assigned). Sent by the engine after the transaction
commits, for the transitions marked ``notify_staff``."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from applications.models import ApplicantFile
from applications.models.base import officers_of
from applications.roles import COORDINATOR, REGISTRY_OPERATOR
from applications.uploads import files_of
from zrk.site_url import absolute_url

# The states in which the registry operator, not the minister, has the application.
FORMAL_CHECK_STATES = ("submitted", "formal_check", "completion_requested")


def _group_members(name):
    return get_user_model().objects.filter(is_active=True, groups__name=name)


def recipients(application, from_state: str) -> list[str]:
    """Where the news goes, judged by the state the application was in when the applicant acted."""
    if from_state in FORMAL_CHECK_STATES:
        users = _group_members(REGISTRY_OPERATOR)
    else:
        officer = getattr(application, "assigned_officer", None)
        if officer is not None and officer.is_active:
            users = [officer]
        elif getattr(application, "ministry_id", None):
            users = officers_of(application.ministry_id)
        else:
            users = _group_members(COORDINATOR)
    return sorted({user.email for user in users if user.email})


def _subject(application, event) -> str:
    if event.action == "answer_completion":
        return _("Applicant's answer to the completion request: %(number)s") % {"number": application.number}
    return _("The applicant withdrew application %(number)s") % {"number": application.number}


def notify_staff(application, event) -> bool:
    to = recipients(application, event.from_state)
    if not to:
        return False
    meta = application._meta
    change_url = absolute_url(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[application.pk]))
    files: list[ApplicantFile] = list(files_of(application).filter(uploaded_at__gte=event.created_at))
    # The back-office works in Polish: the staff's letters are written in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "applications/email/staff_applicant_step.txt",
            {"application": application, "event": event, "files": files, "change_url": change_url},
        )
        subject = _subject(application, event)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    return True

"""The confirmation e-mail of an application filed through the portal, for the kinds whose workflow
sends no other letter (certification rights, PZZJ list); the inclusion kind's notifier sends the same
letter (``applications.notifications``). Official Polish correspondence, like the others."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

SUBMITTED_SUBJECT = "Potwierdzenie złożenia wniosku {number}"


def confirm_submission(application, event) -> bool:
    recipient = application.notice_email
    if not recipient or event.action != "submit_online":
        return False
    with translation.override("pl"):
        body = render_to_string(
            "applications/email/submit_online.txt", {"application": application, "event": event, "draft": None}
        )
    send_mail(SUBMITTED_SUBJECT.format(number=application.number), body, settings.DEFAULT_FROM_EMAIL, [recipient])
    return True

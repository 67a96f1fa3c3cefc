"""E-mail to the applicant on the steps that concern them. The letters are official Polish
correspondence, so they are written in Polish (templates/applications/email/) whatever the language
of the officer who clicked. Sent through Django's mail framework after the transaction commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

SUBJECTS = {
    "request_completion": "Wezwanie do uzupełnienia wniosku {number}",
    "receive_completion": "Przyjęto uzupełnienie wniosku {number}",
    "leave_unprocessed": "Wniosek {number} pozostawiono bez rozpoznania",
    "forward": "Wniosek {number} przekazano ministrowi właściwemu",
    "extend_deadline": "Przedłużenie terminu rozpatrzenia wniosku {number}",
    "open_consultation": "Konsultacje środowiskowe kwalifikacji z wniosku {number}",
    "decide": "Decyzja o włączeniu kwalifikacji z wniosku {number}",
    "refuse": "Odmowa włączenia kwalifikacji z wniosku {number}",
    "publish": "Kwalifikacja z wniosku {number} włączona do ZSK",
    "withdraw": "Potwierdzenie wycofania wniosku {number}",
    # The applicant's own steps through the portal: a receipt the whole organisation gets.
    "answer_completion": "Otrzymaliśmy odpowiedź na wezwanie do uzupełnienia wniosku {number}",
    "withdraw_online": "Potwierdzenie wycofania wniosku {number}",
    "submit_online": "Potwierdzenie złożenia wniosku {number}",
}


def notify_applicant(application, event) -> bool:
    """The inclusion kind's letters. The engine hands over the application it has just moved, so
    the letter can never be written about a row of another kind that happens to share the id."""
    recipient = application.notice_email
    if not recipient or event.action not in SUBJECTS:
        return False
    with translation.override("pl"):
        body = render_to_string(
            f"applications/email/{event.action}.txt",
            {"application": application, "event": event, "draft": application.draft},
        )
    subject = SUBJECTS[event.action].format(number=application.number)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    return True

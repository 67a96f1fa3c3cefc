"""Signing up, confirming and unsubscribing; the signed links; the e-mails.

Links carry the subscription's id signed with Django's signing (the secret key and a salt per
purpose), so nothing secret is stored: a confirmation link expires after ``UNCONFIRMED_DAYS``, an
unsubscribe link never does, and both stop working once the subscription is deleted (ids are not
reused). Whether an address already follows something is never revealed: every sign-up gets the
same answer, and an address that already follows it gets no second e-mail.
"""

import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from institutions.models import Organisation
from qualifications.alerts.models import Kind, SignupAttempt, Subscription
from qualifications.filters import NON_FILTERS, QualificationFilter
from qualifications.models import Qualification
from zrk.i18n import is_english
from zrk.rate_limit import client_hash, lock_for
from zrk.site_url import absolute_url

logger = logging.getLogger(__name__)

UNCONFIRMED_DAYS = 7  # an unconfirmed sign-up is deleted after this many days, and its link expires
SIGNUPS_PER_HOUR = 10  # per client address
SIGNUP_LOCK_CLASS = 7302  # first key of the advisory lock serialising one client's sign-ups
CONFIRM_SALT = "qualifications.alerts.confirm"
UNSUBSCRIBE_SALT = "qualifications.alerts.unsubscribe"


# --- what is followed -----------------------------------------------------------------------------


@dataclass
class Target:
    kind: str
    target_id: int | None
    query: str
    label: str  # in the current language
    url: str  # the page of what is followed (a path)


def search_query(params: QueryDict) -> str:
    """The search's valid filters and text, normalised (fixed order, no repeats, no sort or paging):
    two addresses of the same search follow the same thing."""
    query = QualificationFilter(params, queryset=Qualification.objects.public()).clean_query()
    for name in NON_FILTERS:
        if name != "q":
            query.pop(name, None)
    return query.urlencode()


def _pick(pl: str, en: str | None) -> str:
    return en if is_english() and en else pl


def resolve(kind: str, target_id: int | None, query: str) -> Target | None:
    """What a subscription follows, as it is shown; None when it is not (or no longer) public."""
    if kind == Kind.QUALIFICATION and target_id:
        row = Qualification.objects.public().filter(zrk_id=target_id).values_list("name_pl", "name_en").first()
        if row is None:
            return None
        qualification = Qualification(zrk_id=target_id, name_pl=row[0])
        url = reverse("qualification_detail", args=[target_id, qualification.slug])
        return Target(kind, target_id, "", _pick(*row), url)
    if kind == Kind.INSTITUTION and target_id:
        row = Organisation.objects.filter(pk=target_id).values_list("name_pl", "name_en").first()
        if row is None:
            return None
        return Target(kind, target_id, "", _pick(*row), reverse("institution_detail", args=[target_id]))
    if kind == Kind.SEARCH and query:
        text = QueryDict(query).get("q")
        label = _("the search “%(query)s”") % {"query": text} if text else _("a search with filters")
        return Target(kind, None, query, label, f"{reverse('qualification_search')}?{query}")
    return None


def target_of(subscription: Subscription) -> Target | None:
    return resolve(subscription.kind, subscription.target_id, subscription.query)


# --- links ----------------------------------------------------------------------------------------


def confirm_token(subscription: Subscription) -> str:
    return signing.dumps(subscription.pk, salt=CONFIRM_SALT)


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.dumps(subscription.pk, salt=UNSUBSCRIBE_SALT)


def _subscription_id(token: str, salt: str, max_age=None) -> int | None:
    if not isinstance(token, str) or len(token) > 200:
        return None
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # also SignatureExpired
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63 else None


def confirm_url(subscription: Subscription) -> str:
    with translation.override(subscription.language):
        return absolute_url(reverse("alerts_confirm", args=[confirm_token(subscription)]))


def unsubscribe_url(subscription: Subscription) -> str:
    with translation.override(subscription.language):
        return absolute_url(reverse("alerts_unsubscribe", args=[unsubscribe_token(subscription)]))


# --- sign-up, confirmation, unsubscribe -----------------------------------------------------------


def signup(email: str, target: Target, language: str, client_address: str | None, now=None) -> bool:
    """Record a sign-up and send the confirmation e-mail. False when the client has reached the
    hourly limit (nothing recorded, nothing sent). True otherwise, whether or not the address was
    already signed up: an address that already confirmed gets no e-mail, an unconfirmed one gets
    the confirmation again."""
    now = now or timezone.now()
    key = client_hash("alert-signup", client_address)
    with transaction.atomic():
        lock_for(SIGNUP_LOCK_CLASS, key)
        SignupAttempt.objects.filter(created_at__lt=now - datetime.timedelta(hours=1)).delete()
        if SignupAttempt.objects.filter(client_hash=key).count() >= SIGNUPS_PER_HOUR:
            return False
        SignupAttempt.objects.create(client_hash=key, created_at=now)
        subscription, _created = Subscription.objects.get_or_create(
            email=email.strip().lower(),
            kind=target.kind,
            target_id=target.target_id,
            query=target.query,
            defaults={"language": language},
        )
        if subscription.confirmed_at is None:
            subscription.language = language
            subscription.save(update_fields=["language"])
            to_confirm = subscription
        else:
            to_confirm = None
    # Sent once the sign-up is committed, outside the lock, so a slow mail server holds up nobody.
    if to_confirm is not None:
        try:
            send_confirmation(to_confirm)
        except (smtplib.SMTPException, OSError):
            # The answer stays the same (it must not tell anything about the address); asking again
            # sends the confirmation again.
            logger.exception("Alert confirmation for subscription %s not sent", to_confirm.pk)
    return True


def subscription_to_confirm(token: str) -> Subscription | None:
    pk = _subscription_id(token, CONFIRM_SALT, max_age=datetime.timedelta(days=UNCONFIRMED_DAYS))
    return Subscription.objects.filter(pk=pk).first() if pk else None


def confirm(subscription: Subscription, now=None) -> None:
    """Start following: changes from now on are reported."""
    now = now or timezone.now()
    Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(confirmed_at=now, sent_until=now)


def unsubscribe(token: str) -> bool | None:
    """Delete the subscription of a signed unsubscribe link. None when the link is not valid; True
    otherwise (also when it was already deleted: the second click finds nothing to delete)."""
    pk = _subscription_id(token, UNSUBSCRIBE_SALT)
    if pk is None:
        return None
    Subscription.objects.filter(pk=pk).delete()
    return True


def token_is_valid_unsubscribe(token: str) -> bool:
    return _subscription_id(token, UNSUBSCRIBE_SALT) is not None


# --- e-mails --------------------------------------------------------------------------------------


def alert_message(subscription: Subscription, subject: str, template: str, context: dict) -> EmailMessage:
    """An e-mail to a subscriber in the language of their sign-up, with the one-click unsubscribe
    headers (RFC 2369 List-Unsubscribe, RFC 8058 List-Unsubscribe-Post)."""
    unsubscribe = unsubscribe_url(subscription)
    with translation.override(subscription.language):
        target = target_of(subscription)
        body = render_to_string(
            template,
            {
                **context,
                "subscription": subscription,
                "target": target,
                "target_url": absolute_url(target.url) if target else "",
                "unsubscribe_url": unsubscribe,
            },
        )
        subject = str(subject) % {"target": target.label if target else ""}
    return EmailMessage(
        subject=" ".join(subject.split())[:200],
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def send_confirmation(subscription: Subscription) -> None:
    with translation.override(subscription.language):
        subject = _("Confirm that you want alerts about %(target)s")
    message = alert_message(
        subscription,
        subject,
        "qualifications/alerts/email/confirm.txt",
        {"confirm_url": confirm_url(subscription), "days": UNCONFIRMED_DAYS},
    )
    message.send()

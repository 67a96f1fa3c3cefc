"""The digest: for each confirmed subscription, the changes since its last digest, in one e-mail.

What counts as a change: for a qualification, a new version of its public fields or an event of one
of its certification rights; for an institution, an event of one of its rights; for a search, a
public qualification matching it that was included or changed.

Safe to run from cron, and twice at once: each subscription is handled in a transaction of its own
that locks its row (``SELECT ... FOR UPDATE SKIP LOCKED``: a second run skips what the first holds),
re-reads how far it was reported, sends, and moves ``sent_until`` to the end of the window. A change
is reported by the run whose window holds it, and no window overlaps another.
"""

import datetime
import logging
import smtplib
from dataclasses import dataclass, field

from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qualifications.alerts.models import Kind, SignupAttempt, Subscription
from qualifications.alerts.services import UNCONFIRMED_DAYS, alert_message
from qualifications.history import PUBLIC_FIELDS, right_entries, version_entries
from qualifications.models import PUBLIC_STATUSES, Qualification, RightEvent
from qualifications.models.qualification import make_slug
from qualifications.search import pipeline
from zrk.i18n import is_english
from zrk.site_url import absolute_url

logger = logging.getLogger(__name__)

SEARCH_LIST_LIMIT = 20  # qualifications named in a search digest; the rest are counted


@dataclass
class Digest:
    lines: list[str] = field(default_factory=list)
    more: int = 0  # changes not listed

    def __bool__(self):
        return bool(self.lines)


def _qualification_digest(zrk_id: int, since, until) -> Digest:
    qualification = Qualification.objects.public().filter(zrk_id=zrk_id).only("pk").first()
    if qualification is None:
        return Digest()
    rows = list(
        Qualification.history.filter(id=qualification.pk)
        .exclude(history_type="-")
        .order_by("history_date", "history_id")
        .filter(history_date__lte=until)
        .values("history_date", *PUBLIC_FIELDS)
    )
    digest = Digest()
    for entry in version_entries(rows):
        if entry.when <= since:
            continue
        date = entry.date.isoformat()
        if entry.kind == "published":
            digest.lines.append(_("%(date)s: included in the register") % {"date": date})
        else:
            labels = "; ".join(change.summary for change in entry.changes)
            digest.lines.append(_("%(date)s: changed: %(fields)s") % {"date": date, "fields": labels})
    for entry in right_entries(qualification.pk, after=since, until=until):
        digest.lines += [f"{entry.date.isoformat()}: {text}" for text in entry.rights]
    return digest


def _institution_digest(institution_id: int, since, until) -> Digest:
    english = is_english()
    events = (
        RightEvent.objects.filter(
            right__institution_id=institution_id,
            right__qualification__status__in=PUBLIC_STATUSES,
            created_at__gt=since,
            created_at__lte=until,
        )
        .order_by("created_at", "pk")
        .values_list(
            "created_at", "action", "effective_on", "right__qualification__name_pl", "right__qualification__name_en"
        )
    )
    digest = Digest()
    for created, action, effective, name_pl, name_en in events:
        name = name_en if english and name_en else name_pl
        label = RightEvent(action=action).get_action_display()
        digest.lines.append(
            _("%(date)s: %(qualification)s: certification right %(action)s, effective %(effective)s")
            % {
                "date": timezone.localdate(created).isoformat(),
                "qualification": name,
                "action": label,
                "effective": effective.isoformat(),
            }
        )
    return digest


def _search_digest(query: str, since, until) -> Digest:
    english = is_english()
    narrowed = pipeline.run(QueryDict(query)).narrowed
    changed = narrowed.filter(updated_at__gt=since, updated_at__lte=until)
    total = changed.count()
    digest = Digest(more=0)
    if not total:
        return digest
    for zrk_id, name_pl, name_en in changed.order_by("-updated_at", "-pk").values_list("zrk_id", "name_pl", "name_en")[
        :SEARCH_LIST_LIMIT
    ]:
        name = name_en if english and name_en else name_pl
        url = absolute_url(reverse("qualification_detail", args=[zrk_id, make_slug(name_pl)]))
        digest.lines.append(f"{name}\n  {url}")
    digest.more = total - len(digest.lines)
    return digest


def changes_for(subscription: Subscription, until) -> Digest:
    """The changes ``subscription`` has not been told about, up to ``until``, in its language."""
    since = subscription.sent_until or subscription.confirmed_at
    with translation.override(subscription.language):
        if subscription.kind == Kind.QUALIFICATION:
            return _qualification_digest(subscription.target_id, since, until)
        if subscription.kind == Kind.INSTITUTION:
            return _institution_digest(subscription.target_id, since, until)
        return _search_digest(subscription.query, since, until)


def _digest_message(subscription: Subscription, digest: Digest):
    with translation.override(subscription.language):
        subject = _("Changes in the qualifications register: %(target)s")
        history_url = ""
        if subscription.kind == Kind.QUALIFICATION:
            row = Qualification.objects.filter(zrk_id=subscription.target_id).values_list("name_pl").first()
            if row:
                history_url = absolute_url(
                    reverse("qualification_changes", args=[subscription.target_id, make_slug(row[0])])
                )
    return alert_message(
        subscription,
        subject,
        "qualifications/alerts/email/digest.txt",
        {"digest": digest, "history_url": history_url},
    )


@dataclass
class RunReport:
    sent: int = 0
    nothing_new: int = 0
    skipped: int = 0
    failed: int = 0
    deleted_unconfirmed: int = 0


def _send_one(pk: int, until, dry_run: bool, report: RunReport) -> str:
    """One subscription's digest, in a transaction holding its row; what happened, for the progress."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
        if subscription is None or (subscription.sent_until and subscription.sent_until >= until):
            report.skipped += 1
            return "skipped"
        digest = changes_for(subscription, until)
        if digest and not dry_run:
            _digest_message(subscription, digest).send()
        if not dry_run:
            subscription.sent_until = until
            subscription.save(update_fields=["sent_until"])
    if digest:
        report.sent += 1
        return "would send" if dry_run else "sent"
    report.nothing_new += 1
    return "nothing new"


def send_digests(*, now=None, settle=datetime.timedelta(0), dry_run=False, progress=None) -> RunReport:
    """Send every confirmed subscription its digest; delete unconfirmed sign-ups older than
    ``UNCONFIRMED_DAYS``. ``settle``: changes younger than this wait for the next run (so that a
    transaction still committing when the run starts is not passed over)."""
    now = now or timezone.now()
    until = now - settle
    report = RunReport()
    stale = Subscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - datetime.timedelta(days=UNCONFIRMED_DAYS)
    )
    if dry_run:
        report.deleted_unconfirmed = stale.count()
    else:
        report.deleted_unconfirmed, _by_model = stale.delete()
        SignupAttempt.objects.filter(created_at__lt=now - datetime.timedelta(hours=1)).delete()
    ids = list(Subscription.objects.filter(confirmed_at__isnull=False).order_by("pk").values_list("pk", flat=True))
    for number, pk in enumerate(ids, start=1):
        try:
            outcome = _send_one(pk, until, dry_run, report)
        except (smtplib.SMTPException, OSError) as error:
            # The transaction rolled back: the same changes are offered again by the next run.
            logger.exception("Alert digest for subscription %s not sent", pk)
            report.failed += 1
            outcome = f"not sent ({error.__class__.__name__}); left for the next run"
        if progress:
            progress(number, len(ids), pk, outcome)
    return report

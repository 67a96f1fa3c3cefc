"""Subscriptions to e-mail alerts, and the short-lived record that rate-limits sign-ups."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    QUALIFICATION = "qualification", _("a qualification")
    INSTITUTION = "institution", _("an institution")
    SEARCH = "search", _("a search")


class Subscription(models.Model):
    """One address following one thing. Nothing is sent but the confirmation e-mail until
    ``confirmed_at`` is set; ``sent_until`` is the instant up to which changes have been reported, so a
    digest never reports a change twice."""

    email = models.EmailField(_("e-mail address"), max_length=254)
    kind = models.CharField(_("what is followed"), max_length=16, choices=Kind.choices)
    # The ZRK id of a qualification, the id of an institution; empty for a search.
    target_id = models.PositiveIntegerField(null=True, blank=True)
    # The search's cleaned, normalised query string; empty for the others.
    query = models.CharField(max_length=2000, blank=True, default="")
    language = models.CharField(max_length=2, default="pl")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    sent_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("alert subscription")
        verbose_name_plural = _("alert subscriptions")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["email", "kind", "target_id", "query"], name="alert_one_per_target"),
            models.UniqueConstraint(
                fields=["email", "kind", "query"], condition=Q(target_id__isnull=True), name="alert_one_per_search"
            ),
            models.CheckConstraint(
                condition=Q(kind="search", target_id__isnull=True) & ~Q(query="")
                | Q(kind__in=["qualification", "institution"], target_id__isnull=False, query=""),
                name="alert_target_matches_kind",
            ),
            models.CheckConstraint(condition=Q(language__in=["pl", "en"]), name="alert_language_known"),
        ]
        indexes = [models.Index(fields=["confirmed_at", "created_at"], name="alert_confirmed")]

    def __str__(self):
        return f"{self.kind} {self.target_id or self.query}"


class SignupAttempt(models.Model):
    """A sign-up request, kept one hour to count requests per client: a keyed hash of the client's
    network address (never the address itself) and the time."""

    client_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"{self.client_hash[:8]} {self.created_at}"

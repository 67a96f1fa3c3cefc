"""The lifecycle log of a certification right: granted, suspended, reinstated, withdrawn, expired.

Append-only: the model refuses updates and deletes, and so does a database trigger (migration 0009).
Rows are written by ``qualifications.rights`` only, in the same transaction as the change.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualifications.models.rights import CertificationRight, RightStatus


class RightAction(models.TextChoices):
    GRANT = "grant", _("granted")
    SUSPEND = "suspend", _("suspended")
    REINSTATE = "reinstate", _("reinstated")
    WITHDRAW = "withdraw", _("withdrawn")
    EXPIRE = "expire", _("expired")


class RightEvent(models.Model):
    right = models.ForeignKey(
        CertificationRight, on_delete=models.PROTECT, related_name="events", verbose_name=_("certification right")
    )
    action = models.CharField(_("action"), max_length=10, choices=RightAction.choices)
    from_status = models.CharField(_("from"), max_length=10, choices=RightStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=RightStatus.choices)
    effective_on = models.DateField(_("effective on"))
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("who")
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("certification right event")
        verbose_name_plural = _("certification right events")

    def __str__(self):
        return f"{self.right_id}: {self.from_status or '–'} → {self.to_status} ({self.effective_on})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Certification right events cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Certification right events cannot be deleted."))

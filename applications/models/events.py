"""The append-only event log of each kind of application."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models.inclusion import InclusionApplication, State
from applications.models.pzzj import PzzjApplication, PzzjState
from applications.models.rights import CertificationRightsApplication, RightsState


class AppendOnlyEvent(models.Model):
    """One step of an application of any kind: who, when, which action, and why. Subclasses add the
    application and its from/to states. Append-only: the model refuses updates and deletes, and so
    does a database trigger on each table (migrations 0002-0004)."""

    action = models.CharField(_("action"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("who")
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.application_id}: {self.from_state} → {self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Application events cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Application events cannot be deleted."))


class ApplicationEvent(AppendOnlyEvent):
    """One step of an application: who, when, from which state to which, and why. Append-only: the
    model refuses updates and deletes, and so does a database trigger (migration 0002)."""

    application = models.ForeignKey(
        InclusionApplication, on_delete=models.PROTECT, related_name="events", verbose_name=_("application")
    )
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)

    class Meta(AppendOnlyEvent.Meta):
        verbose_name = _("application event")
        verbose_name_plural = _("application events")


class RightsApplicationEvent(AppendOnlyEvent):
    """One step of a certification-rights application. Append-only (model and database trigger)."""

    application = models.ForeignKey(
        CertificationRightsApplication,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("application"),
    )
    from_state = models.CharField(_("from"), max_length=20, choices=RightsState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=RightsState.choices)

    class Meta(AppendOnlyEvent.Meta):
        verbose_name = _("rights application event")
        verbose_name_plural = _("rights application events")


class PzzjApplicationEvent(AppendOnlyEvent):
    """One step of a PZZJ list application. Append-only (model and database trigger)."""

    application = models.ForeignKey(
        PzzjApplication, on_delete=models.PROTECT, related_name="events", verbose_name=_("application")
    )
    from_state = models.CharField(_("from"), max_length=20, choices=PzzjState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=PzzjState.choices)

    class Meta(AppendOnlyEvent.Meta):
        verbose_name = _("PZZJ application event")
        verbose_name_plural = _("PZZJ application events")

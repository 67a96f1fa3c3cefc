"""Learning outcomes: sets, outcomes in a set, verification criteria of an outcome. All ordered."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from qualifications.models.qualification import Qualification


class LearningOutcomeSet(models.Model):
    qualification = models.ForeignKey(
        Qualification, on_delete=models.CASCADE, related_name="outcome_sets", verbose_name=_("qualification")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("name"), max_length=400)
    workload_hours = models.PositiveIntegerField(_("workload (hours)"), null=True, blank=True)

    class Meta:
        ordering = ["qualification", "position", "id"]
        verbose_name = _("set of learning outcomes")
        verbose_name_plural = _("sets of learning outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["qualification", "position"],
                name="outcomeset_unique_position",
                violation_error_message=_("Two sets of this qualification have the same order number."),
            )
        ]

    def __str__(self):
        return f"{self.position}. {self.name}"


class LearningOutcome(models.Model):
    outcome_set = models.ForeignKey(
        LearningOutcomeSet, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("set")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.TextField(_("learning outcome"))

    class Meta:
        ordering = ["outcome_set", "position", "id"]
        verbose_name = _("learning outcome")
        verbose_name_plural = _("learning outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["outcome_set", "position"],
                name="outcome_unique_position",
                violation_error_message=_("Two outcomes of this set have the same order number."),
            )
        ]

    def __str__(self):
        return f"{self.position}. {self.text[:80]}"


class VerificationCriterion(models.Model):
    outcome = models.ForeignKey(
        LearningOutcome, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("learning outcome")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.TextField(_("verification criterion"))

    class Meta:
        ordering = ["outcome", "position", "id"]
        verbose_name = _("verification criterion")
        verbose_name_plural = _("verification criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "position"],
                name="criterion_unique_position",
                violation_error_message=_("Two criteria of this outcome have the same order number."),
            )
        ]

    def __str__(self):
        return f"{self.position}. {self.text[:80]}"

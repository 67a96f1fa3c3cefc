"""The Polish Qualifications Framework (PRK) and sector frameworks (SRK)."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class PrkLevel(models.Model):
    """A PRK level, 1-8. PRK level N is EQF level N, so the level number is the key."""

    level = models.PositiveSmallIntegerField(_("level"), primary_key=True)
    name = models.CharField(_("name"), max_length=60)
    summary = models.TextField(_("summary"), blank=True)
    knowledge = models.TextField(_("knowledge"), blank=True)
    skills = models.TextField(_("skills"), blank=True)
    social_competence = models.TextField(_("social competence"), blank=True)
    typical_full_qualification = models.TextField(_("typical full qualification"), blank=True)

    class Meta:
        ordering = ["level"]
        verbose_name = _("PRK level")
        verbose_name_plural = _("PRK levels")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=8),
                name="prklevel_1_to_8",
                violation_error_message=_("A PRK level is a number from 1 to 8."),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def eqf_level(self) -> int:
        return self.level


class SectorFramework(models.Model):
    """A sector qualifications framework (Sektorowa Rama Kwalifikacji)."""

    abbreviation = models.CharField(_("abbreviation"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=100)
    included_on = models.DateField(
        _("included in the ZSK on"),
        null=True,
        blank=True,
        help_text=_("Empty when the framework has not been included in the system."),
    )
    level_min = models.PositiveSmallIntegerField(_("lowest level"), null=True, blank=True)
    level_max = models.PositiveSmallIntegerField(_("highest level"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sector framework (SRK)")
        verbose_name_plural = _("sector frameworks (SRK)")
        constraints = [
            models.CheckConstraint(
                condition=(
                    (Q(level_min__isnull=True) | Q(level_min__gte=1, level_min__lte=8))
                    & (Q(level_max__isnull=True) | Q(level_max__gte=1, level_max__lte=8))
                    & (Q(level_min__isnull=True) | Q(level_max__isnull=True) | Q(level_min__lte=F("level_max")))
                ),
                name="sectorframework_level_range",
                violation_error_message=_("SRK levels run from 1 to 8, the lowest not above the highest."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.abbreviation})"

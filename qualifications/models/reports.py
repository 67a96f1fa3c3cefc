"""Quarterly reports of certifying institutions to the ZRK operator (art. 65 of the ZSK Act).

One report per certification right (an institution and a qualification) and calendar quarter. The
register publishes the average fee and the number of documents issued from them.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualifications.models.rights import CertificationRight

# The ZSK Act came into force in January 2016; nothing could be certified in the system earlier.
FIRST_REPORT_YEAR = 2016


def quarter_end(year: int, quarter: int) -> datetime.date:
    if quarter == 4:
        return datetime.date(year, 12, 31)
    return datetime.date(year, 3 * quarter + 1, 1) - datetime.timedelta(days=1)


def quarter_start(year: int, quarter: int) -> datetime.date:
    return datetime.date(year, 3 * quarter - 2, 1)


class Quarter(models.IntegerChoices):
    Q1 = 1, _("Q1 (January–March)")
    Q2 = 2, _("Q2 (April–June)")
    Q3 = 3, _("Q3 (July–September)")
    Q4 = 4, _("Q4 (October–December)")


class QuarterlyReport(models.Model):
    right = models.ForeignKey(
        CertificationRight,
        on_delete=models.PROTECT,
        related_name="quarterly_reports",
        verbose_name=_("certification right"),
        help_text=_("The institution and the qualification the report is about."),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(FIRST_REPORT_YEAR)])
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=Quarter.choices)
    documents_issued = models.PositiveIntegerField(
        _("documents issued"), help_text=_("Certificates and other documents confirming the qualification.")
    )
    average_fee = models.DecimalField(
        _("average fee (zł)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1000000"))],
        help_text=_("Average fee for validation and certification; leave empty when nobody paid a fee."),
    )
    revenue = models.DecimalField(
        _("fee revenue (zł)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    free_validations = models.PositiveIntegerField(
        _("validations free of charge"),
        default=0,
        help_text=_("Persons validated free of charge under art. 122a of the Education Law."),
    )
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-year", "-quarter", "pk"]
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        constraints = [
            models.UniqueConstraint(
                fields=["right", "year", "quarter"],
                name="report_one_per_right_and_quarter",
                violation_error_message=_("This institution has already reported this quarter for this qualification."),
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="report_quarter_1_to_4",
                violation_error_message=_("The quarter must be 1, 2, 3 or 4."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_REPORT_YEAR),
                name="report_year_in_system",
                violation_error_message=_("There are no reports from before 2016."),
            ),
            models.CheckConstraint(
                condition=Q(revenue__gte=0) & (Q(average_fee__isnull=True) | Q(average_fee__gte=0)),
                name="report_amounts_not_negative",
                violation_error_message=_("Fees and revenue cannot be negative."),
            ),
        ]
        indexes = [models.Index(fields=["right", "-year", "-quarter"], name="report_right_latest")]

    def __str__(self):
        return f"{self.right}: {self.year} Q{self.quarter}"

    @property
    def period_end(self) -> datetime.date:
        return quarter_end(self.year, self.quarter)

    def clean(self):
        errors = {}
        if self.year and self.quarter in Quarter.values:
            if self.period_end >= timezone.localdate():
                errors["quarter"] = _("A quarter can be reported only after it has ended.")
            elif self.right_id and self.period_end < self.right.decision_date:
                errors["quarter"] = _("The right was granted on %(date)s, after this quarter ended.") % {
                    "date": self.right.decision_date.isoformat()
                }
        if self.revenue is not None:
            if self.average_fee and not self.revenue:
                errors["revenue"] = _("An average fee was given, so the fee revenue cannot be zero.")
            elif self.revenue and self.average_fee is None:
                errors["average_fee"] = _("Fees were collected, so give their average.")
        if errors:
            raise ValidationError(errors)

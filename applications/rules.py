"""The fee and dates of an application of any kind (inclusion, certification rights, PZZJ list), in
one place: the model's validation (admin forms) and the forwarding steps of the three workflows ask
these functions.

The statutory fees (2,000 zł for inclusion and for the PZZJ list; 10,000 zł for certification
rights, 5,000 zł when filed together with the inclusion application) are the ``FEE`` constants of
``applications.models``; each model says which one it owes (``statutory_fee_due``).
"""

import datetime

from django.utils.formats import number_format
from django.utils.translation import gettext as _

# The Integrated Qualifications System Act came into force on this day: nothing in it is older.
ZSK_START = datetime.date(2016, 1, 15)


def date_error(value: datetime.date | None, today: datetime.date) -> str | None:
    """Why a submission or payment date cannot be right, or None."""
    if value is None:
        return None
    if value > today:
        return _("The date cannot be in the future.")
    if value < ZSK_START:
        return _("The date cannot be before the Integrated Qualifications System came into force (%(date)s).") % {
            "date": ZSK_START.isoformat()
        }
    return None


def fee_error(fee, statutory) -> str | None:
    """Why the fee entered is not the one the law sets, or None."""
    if fee is None or fee == statutory:
        return None
    return _("The statutory fee for this application is %(fee)s zł.") % {
        "fee": number_format(statutory, decimal_pos=2, force_grouping=True)
    }


def unpaid_fee_refusal(application, today: datetime.date) -> str | None:
    """Why the application cannot be forwarded for want of the fee, or None."""
    if application.fee_paid_on is None or application.fee_paid_on > today:
        return _("The fee has not been recorded as paid: enter the payment date before forwarding.")
    if not application.fee or application.fee <= 0:
        return _("No fee has been recorded: the application cannot be forwarded without the statutory fee.")
    return None

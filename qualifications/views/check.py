"""The public check: may institution X certify qualification Y today? A GET form, so every answer
has a shareable address: /sprawdz-uprawnienia/?qualification=<ZRK id>&institution=<institution id>
(English: /en/certification-check/...). Bad values are reported, never a server error."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from institutions.models import Organisation
from qualifications.models import AWARDABLE_STATUSES, PUBLIC_STATUSES, CertificationRight, Qualification
from qualifications.rights import latest_right


def _number(raw):
    raw = (raw or "").strip()
    if not raw:
        return None, False
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 12:  # "²".isdigit(), but int("²") fails
        return None, True
    return int(raw), False


def certification_answer(qualification, institution, today):
    """The answer for a pair: (may certify on ``today``, the right or None, the date its status applies
    from). The rule is the one of ``CertificationRight.objects.certifying_on``; the date is the one the
    qualification and institution pages show (the right's ``since``)."""
    right = latest_right(qualification, institution)
    if right is None:
        return False, None, None
    may = qualification.status in AWARDABLE_STATUSES and right.certifies_on(today)
    return may, right, right.since


@require_GET
def certification_check(request):
    today = timezone.localdate()
    errors = []
    zrk_id, bad_zrk = _number(request.GET.get("qualification"))
    institution_id, bad_institution = _number(request.GET.get("institution"))
    qualification = institution = None
    if bad_zrk:
        errors.append(("id_qualification", _("The qualification's ZRK id is a number, e.g. 13859.")))
    elif zrk_id is not None:
        qualification = (
            Qualification.objects.filter(zrk_id=zrk_id, status__in=PUBLIC_STATUSES).select_related("ministry").first()
        )
        if qualification is None:
            errors.append(
                ("id_qualification", _("No qualification in the register has the ZRK id %(id)s.") % {"id": zrk_id})
            )
    if bad_institution:
        errors.append(("id_institution", _("The institution's number is a number, as in its page address.")))
    elif institution_id is not None:
        institution = Organisation.objects.filter(pk=institution_id).first()
        if institution is None:
            errors.append(("id_institution", _("There is no institution number %(id)s.") % {"id": institution_id}))
    answer = None
    if qualification is not None and institution is not None:
        may, right, since = certification_answer(qualification, institution, today)
        answer = {"may": may, "right": right, "since": since}
    holders = []
    if qualification is not None and institution is None:
        holders = (
            CertificationRight.objects.certifying_on(today)
            .filter(qualification=qualification)
            .select_related("institution")
            .order_by("institution__name_pl")
        )
    crumbs = [(_("Home"), reverse("home")), (_("Check certification rights"), None)]
    return render(
        request,
        "qualifications/check.html",
        {
            "today": today,
            "errors": errors,
            "qualification": qualification,
            "institution": institution,
            "answer": answer,
            "holders": holders,
            "values": {
                "qualification": request.GET.get("qualification", ""),
                "institution": request.GET.get("institution", ""),
            },
            "crumbs": crumbs,
        },
    )

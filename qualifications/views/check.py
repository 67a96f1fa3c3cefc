"""The public check: may institution X certify qualification Y today? A GET form, so every answer
has a shareable address: /sprawdz-uprawnienia/?qualification=<ZRK id>&institution=<institution id>
(English: /en/certification-check/...). Visitors choose both by name (qualification_name,
institution_name): one match is taken, several are listed to choose from, all without JavaScript.
Bad values are reported, never a server error."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from institutions.models import Organisation
from qualifications.models import AWARDABLE_STATUSES, PUBLIC_STATUSES, CertificationRight, Qualification
from qualifications.rights import latest_right
from qualifications.selectors import check as check_queries
from zrk.params import is_ascii_number


def _number(raw):
    raw = (raw or "").strip()
    if not raw:
        return None, False
    if not is_ascii_number(raw, 12):
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


def _choose(request, id_name, text_name, by_id, by_text):
    """Resolve one side of the check from the GET parameters: an id (from a link, or a choice among
    matches) wins over a name typed in the text field. Returns (the record or None, the matches to
    choose from, an error message or None)."""
    number, bad = _number(request.GET.get(id_name))
    if number is not None:
        record = by_id(number)
        return record, [], None if record else "missing"
    if bad:
        return None, [], "bad"
    text = (request.GET.get(text_name) or "").strip()
    if not text:
        return None, [], None
    matches = by_text(text)
    if len(matches) == 1:
        return matches[0], [], None
    return None, matches, None if matches else "none"


def _qualification_by_id(zrk_id):
    return Qualification.objects.filter(zrk_id=zrk_id, status__in=PUBLIC_STATUSES).select_related("ministry").first()


def _institution_by_id(pk):
    return Organisation.objects.filter(pk=pk).first()


@require_GET
def certification_check(request):
    today = timezone.localdate()
    errors = []
    qualification, qualification_matches, problem = _choose(
        request, "qualification", "qualification_name", _qualification_by_id, check_queries.qualifications_named
    )
    if problem == "bad":
        errors.append(("id_qualification_name", _("The qualification's ZRK id is a number, e.g. 13859.")))
    elif problem == "missing":
        errors.append(
            (
                "id_qualification_name",
                _("No qualification in the register has the ZRK id %(id)s.") % {"id": request.GET["qualification"]},
            )
        )
    elif problem == "none":
        errors.append(
            ("id_qualification_name", _("No qualification matches this name. Check the spelling or type fewer words."))
        )
    institution, institution_matches, problem = _choose(
        request, "institution", "institution_name", _institution_by_id, check_queries.institutions_named
    )
    if problem == "bad":
        errors.append(("id_institution_name", _("The institution's number is a number, as in its page address.")))
    elif problem == "missing":
        errors.append(
            ("id_institution_name", _("There is no institution number %(id)s.") % {"id": request.GET["institution"]})
        )
    elif problem == "none":
        errors.append(
            (
                "id_institution_name",
                _("No certifying institution matches this name. Try part of the name, the city or the NIP."),
            )
        )
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
    awardable = []
    if institution is not None and qualification is None:
        awardable = check_queries.certifiable_qualifications(institution)
    crumbs = [(_("Home"), reverse("home")), (_("Check certification rights"), None)]
    return render(
        request,
        "qualifications/check.html",
        {
            "today": today,
            "errors": errors,
            "qualification": qualification,
            "institution": institution,
            "qualification_matches": qualification_matches[: check_queries.CHECK_CHOICES],
            "institution_matches": institution_matches[: check_queries.CHECK_CHOICES],
            "more_qualifications": len(qualification_matches) > check_queries.CHECK_CHOICES,
            "more_institutions": len(institution_matches) > check_queries.CHECK_CHOICES,
            "answer": answer,
            "holders": holders,
            "awardable": awardable,
            "values": {
                "qualification_name": _clean(request.GET.get("qualification_name")),
                "institution_name": _clean(request.GET.get("institution_name")),
            },
            "crumbs": crumbs,
        },
    )


def _clean(text):
    return " ".join((text or "").replace("\x00", "").split())[:200]

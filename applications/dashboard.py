"""The back-office landing page: the figures of each user's work, per role, each with the address of
the admin list that shows exactly the rows it counts.

The work lists themselves (``work_queryset``) are shared with the applications' list filter
(``applications.admin.work.WorkFilter``), so that a figure and the list it links to cannot disagree.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from applications.access import scope
from applications.models import (
    CertificationRightsApplication,
    InclusionApplication,
    PzzjApplication,
)
from applications.roles import COORDINATOR
from applications.workflow import OFFICER, OPERATOR, user_roles
from institutions.models import PzzjEntry
from qualifications import completeness, worklists

# The formal check's states are the same three in every kind.
OPERATOR_STAGE = ("submitted", "formal_check", "completion_requested")

MINE, UNASSIGNED, OPERATOR_WORK, MINISTRY_WORK = "mine", "unassigned", "formal_check", "ministry"
WORK_CHOICES = (
    (MINE, _("assigned to me")),
    (UNASSIGNED, _("at the ministry, not assigned")),
    (OPERATOR_WORK, _("formal check")),
    (MINISTRY_WORK, _("at the ministry")),
)


def work_queryset(queryset, code: str, user):
    """The open applications of one work list (``WORK_CHOICES``) within ``queryset``."""
    model = queryset.model
    queryset = queryset.open()
    if code == OPERATOR_WORK:
        return queryset.filter(state__in=OPERATOR_STAGE)
    at_ministry = queryset.exclude(state__in=OPERATOR_STAGE)
    if code == MINISTRY_WORK:
        return at_ministry
    if code == MINE and hasattr(model, "assigned_officer"):
        return queryset.filter(assigned_officer=user)
    if code == UNASSIGNED and hasattr(model, "assigned_officer"):
        return at_ministry.filter(assigned_officer__isnull=True)
    return queryset.none()


@dataclass
class Figure:
    label: str
    count: int
    url: str
    urgent: bool = False  # shown highlighted when not zero


@dataclass
class Panel:
    title: str
    figures: list[Figure] = field(default_factory=list)


@dataclass(frozen=True)
class Kind:
    model: type
    title: str
    ministry_path: str | None  # None: no ministry scoping (PZZJ list: operators and coordinator only)


INCLUSION = Kind(InclusionApplication, _("Inclusion applications"), "ministry")
RIGHTS = Kind(CertificationRightsApplication, _("Certification-rights applications"), "ministry")
PZZJ = Kind(PzzjApplication, _("PZZJ list applications"), None)


def _changelist(model, **params) -> str:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def _visible(kind: Kind, request):
    queryset = kind.model.objects.all()
    if kind.ministry_path:
        return scope(request, queryset, kind.ministry_path)
    return queryset


def _work_figures(kind: Kind, request, work: str, label, today) -> list[Figure]:
    """The count of one work list (left out without a ``label``) with how much of it is overdue
    and due within 7 days."""
    queryset = work_queryset(_visible(kind, request), work, request.user)
    figures = [Figure(label, queryset.count(), _changelist(kind.model, work=work))] if label else []
    figures.append(
        Figure(
            _("overdue"), queryset.overdue(today).count(), _changelist(kind.model, work=work, deadline="overdue"), True
        )
    )
    figures.append(
        Figure(
            _("due within 7 days"),
            queryset.due_soon(today).count(),
            _changelist(kind.model, work=work, deadline="due_soon"),
        )
    )
    return figures


def officer_panels(request, today) -> list[Panel]:
    panels = []
    for kind in (INCLUSION, RIGHTS):
        if not request.user.has_perm(f"applications.view_{kind.model._meta.model_name}"):
            continue
        visible = _visible(kind, request)
        panel = Panel(kind.title)
        mine = work_queryset(visible, MINE, request.user)
        panel.figures.append(Figure(_("assigned to me"), mine.count(), _changelist(kind.model, work=MINE)))
        panel.figures += _work_figures(kind, request, MINISTRY_WORK, None, today)
        unassigned = work_queryset(visible, UNASSIGNED, request.user)
        panel.figures.append(
            Figure(_("not assigned yet"), unassigned.count(), _changelist(kind.model, work=UNASSIGNED), True)
        )
        panels.append(panel)
    return panels


def operator_panels(request, today) -> list[Panel]:
    panels = []
    for kind in (INCLUSION, RIGHTS, PZZJ):
        if not request.user.has_perm(f"applications.view_{kind.model._meta.model_name}"):
            continue
        panel = Panel(kind.title)
        panel.figures = _work_figures(kind, request, OPERATOR_WORK, _("in the formal check"), today)
        panels.append(panel)
    register = Panel(_("The register"))
    report = completeness.register_gaps()
    register.figures.append(
        Figure(
            _("public records lacking a required element"),
            report.incomplete,
            reverse("admin:qualifications_qualification_data_quality"),
        )
    )
    register.figures.append(
        Figure(
            _("public records lacking English text"),
            worklists.english_coverage_queue().count(),
            _changelist(worklists.Qualification, english="missing"),
        )
    )
    year, quarter = worklists.last_ended_quarter(today)
    register.figures.append(
        Figure(
            _("quarterly reports to enter for %(year)d Q%(quarter)d") % {"year": year, "quarter": quarter},
            worklists.rights_without_last_report(today).count(),
            _changelist(worklists.CertificationRight, report="missing"),
        )
    )
    panels.append(register)
    return panels


def coordinator_panels(request, today) -> list[Panel]:
    panel = Panel(_("PZZJ list"))
    panel.figures += _work_figures(PZZJ, request, MINISTRY_WORK, _("applications to decide"), today)
    panel.figures.append(
        Figure(
            _("entries valid today"),
            PzzjEntry.objects.valid_on(today).count(),
            _changelist(PzzjEntry, validity="valid"),
        )
    )
    panel.figures.append(
        Figure(
            _("entries expiring soon"),
            PzzjEntry.objects.expiring(today).count(),
            _changelist(PzzjEntry, validity="expiring"),
            True,
        )
    )
    panel.figures.append(
        Figure(
            _("active rights whose PZZJ entry has lapsed"),
            worklists.rights_with_lapsed_pzzj(today).count(),
            _changelist(worklists.CertificationRight, pzzj_entry="expired", status__exact="active"),
            True,
        )
    )
    return [panel]


def panels_for(request, today=None) -> list[Panel]:
    """The landing page's panels for the signed-in user's roles (a superuser sees every role's)."""
    today = today or timezone.localdate()
    roles = user_roles(request.user)
    panels = []
    if OFFICER in roles and not request.user.is_superuser:
        panels += officer_panels(request, today)
    if OPERATOR in roles:
        panels += operator_panels(request, today)
    if COORDINATOR in roles:
        panels += coordinator_panels(request, today)
    return panels

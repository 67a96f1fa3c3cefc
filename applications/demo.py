"""Demo inclusion applications, one or more in every workflow state. Idempotent: each is keyed by
the code of its draft qualification (DEMO-WN-..), and an existing one is left as it is (except the
published one, whose public record is brought up to date: see ``refresh_published``).

Facts used (docs/domain.md#sources-of-the-demo-register, proposals never included): "Stylizowanie paznokci" was
proposed by Nesperta and went to consultation; "Animacja czasu wolnego" exists as a 2020 draft
description. The published application is a real qualification (M.P. 2021 poz. 684): its name,
PRK level, competent minister, Monitor Polski reference and date, document and validity are the
notice's. A published application becomes a public record, so it never carries a placeholder.
Everything else is demo content and says so: the unpublished proposals and the applicant end in
"(demo)", the descriptions, learning outcomes and English texts are labelled as demo, and the
comments, application dates, deadlines and the ISCED/PKD codes of the published entry are invented
for testing, not taken from any notice.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from applications import deadlines
from applications.models import (
    ApplicationEvent,
    Consultation,
    ConsultationComment,
    InclusionApplication,
    Moderation,
    OfficerProfile,
    State,
)
from applications.workflow import TRANSITIONS
from institutions.models import Ministry, Organisation
from qualifications.models import Category, LearningOutcome, LearningOutcomeSet, Qualification, Status

DEMO_NOTE = "(demo)"
DEMO_EMAIL = "wnioskodawca@example.org"
DEMO_MINISTRY = "mrit"


@dataclass
class Demo:
    key: str
    name_pl: str
    applicant: str  # organisation name_pl
    submitted_days_ago: int
    steps: list[tuple[str, int, dict]] = field(default_factory=list)  # (action, days ago, data)
    characteristic: str = ""
    comments: list[tuple[str, str, str, str]] = field(default_factory=list)  # name, org, text, moderation
    # A complete description (the draft's fields and its outcome sets) instead of the short demo one.
    description: dict | None = None
    ministry: str = ""  # code; the demo ministry when empty
    # Days are counted back from this date instead of today (a record published on a real date).
    anchor: datetime.date | None = None


DEMO_APPLICANT = "Stowarzyszenie Przykładowych Wnioskodawców (demo)"
DEMO_PROSE = (
    "Opis demonstracyjny przygotowany do testów portalu, nie pochodzi z wniosku ani z obwieszczenia. "
    "Osoba posiadająca kwalifikację samodzielnie planuje i wykonuje zadania opisane w efektach uczenia się."
)

DEMO_LABEL_PL = "(Opis demonstracyjny przygotowany do testów portalu; nie pochodzi z obwieszczenia.)"
DEMO_LABEL_EN = "(Demo description written for testing the portal; not taken from the notice.)"


def _outcome(pl: str, en: str, *criteria: tuple[str, str]) -> dict:
    return {"text_pl": pl, "text_en": en, "criteria": [{"text_pl": c_pl, "text_en": c_en} for c_pl, c_en in criteria]}


# The published demo: M.P. 2021 poz. 684 (notice of 12 July 2021), PRK 3, Minister Rozwoju, Pracy i
# Technologii, "Certyfikat" valid 4 years, then validation again. The rest is labelled demo prose.
MONTOWANIE = {
    "name_pl": "Montowanie manualne komponentów i urządzeń elektrycznych, elektronicznych i mechatronicznych",
    "name_en": "Manual assembly of electrical, electronic and mechatronic components and devices",
    "category": Category.MARKET,  # included in 2021, before free-market qualifications replaced market ones
    "document_name_pl": "Certyfikat",
    "document_name_en": "Certificate",
    "validity_months": 48,
    "renewal_conditions_pl": (
        "Po upływie 4 lat od wydania certyfikatu jego posiadacz musi ponownie przystąpić do walidacji."
    ),
    "renewal_conditions_en": "Four years after the certificate is issued, its holder must go through validation again.",
    "isced_code": "0714",
    "pkd_code": "26.11.Z",
    "characteristic_pl": (
        "Osoba posiadająca kwalifikację ręcznie montuje komponenty i podzespoły urządzeń elektrycznych, "
        "elektronicznych i mechatronicznych według dokumentacji technicznej, wykonuje połączenia lutowane, "
        "zaciskane i skręcane oraz sprawdza jakość swojej pracy. " + DEMO_LABEL_PL
    ),
    "characteristic_en": (
        "The holder assembles components and sub-assemblies of electrical, electronic and mechatronic devices "
        "by hand, following the technical documentation, makes soldered, crimped and screwed connections, and "
        "checks the quality of their own work. " + DEMO_LABEL_EN
    ),
    "target_groups_pl": (
        "Osoby, które pracują lub chcą pracować przy montażu w zakładach produkujących urządzenia elektryczne "
        "i elektroniczne, także bez przygotowania zawodowego w tej dziedzinie. " + DEMO_LABEL_PL
    ),
    "target_groups_en": (
        "People who work, or want to work, in assembly at plants making electrical and electronic equipment, "
        "including those with no vocational training in the field. " + DEMO_LABEL_EN
    ),
    "entry_conditions_pl": "Brak szczególnych warunków. " + DEMO_LABEL_PL,
    "entry_conditions_en": "No particular conditions. " + DEMO_LABEL_EN,
    "validation_requirements_pl": (
        "Walidacja składa się z testu teoretycznego i zadania praktycznego: montażu podzespołu według "
        "dokumentacji, obserwowanego przez komisję walidacyjną. Stanowisko jest wyposażone w narzędzia "
        "montażowe i przyrządy pomiarowe. " + DEMO_LABEL_PL
    ),
    "validation_requirements_en": (
        "Validation consists of a theory test and a practical task: assembling a sub-assembly from the "
        "documentation, observed by the validation committee. The workstation is equipped with assembly tools "
        "and measuring instruments. " + DEMO_LABEL_EN
    ),
    "outcome_sets": [
        {
            "name_pl": "Przygotowanie stanowiska i dokumentacji montażowej (demo)",
            "name_en": "Preparing the workstation and the assembly documentation (demo)",
            "outcomes": [
                _outcome(
                    "Odczytuje dokumentację techniczną montażu",
                    "Reads the technical assembly documentation",
                    (
                        "rozpoznaje symbole elementów na rysunku montażowym",
                        "recognises component symbols on the assembly drawing",
                    ),
                    ("ustala kolejność operacji montażowych", "sets the order of the assembly operations"),
                ),
                _outcome(
                    "Przygotowuje stanowisko zgodnie z zasadami BHP i ochrony przed wyładowaniami elektrostatycznymi",
                    "Prepares the workstation in line with health and safety rules and protection against "
                    "electrostatic discharge",
                    ("stosuje opaskę i matę antystatyczną", "uses an antistatic wrist strap and mat"),
                ),
            ],
        },
        {
            "name_pl": "Montaż i kontrola jakości (demo)",
            "name_en": "Assembly and quality control (demo)",
            "outcomes": [
                _outcome(
                    "Wykonuje połączenia lutowane, zaciskane i skręcane",
                    "Makes soldered, crimped and screwed connections",
                    (
                        "wykonuje lut zgodny z wymaganiami dokumentacji",
                        "makes a solder joint that meets the documentation",
                    ),
                    ("zaciska końcówkę przewodu właściwym narzędziem", "crimps a wire terminal with the right tool"),
                ),
                _outcome(
                    "Sprawdza jakość wykonanego montażu",
                    "Checks the quality of the assembly",
                    ("wykrywa wady montażu podczas oględzin", "finds assembly defects by visual inspection"),
                    ("sprawdza ciągłość połączeń miernikiem", "checks the continuity of connections with a meter"),
                ),
            ],
        },
    ],
}

DEMOS = [
    Demo("DEMO-WN-01", "Przykładowa kwalifikacja: wniosek złożony (demo)", DEMO_APPLICANT, 2),
    Demo(
        "DEMO-WN-02",
        "Przykładowa kwalifikacja: ocena formalna (demo)",
        DEMO_APPLICANT,
        11,
        [("start_formal_check", 10, {})],
    ),
    Demo(
        "DEMO-WN-03",
        "Przykładowa kwalifikacja: wezwanie do uzupełnienia (demo)",
        DEMO_APPLICANT,
        25,
        [
            ("start_formal_check", 24, {}),
            ("request_completion", 12, {"comment": "Proszę uzupełnić kryteria weryfikacji efektów (demo)."}),
        ],
    ),
    Demo(
        "DEMO-WN-04",
        "Animacja czasu wolnego",
        DEMO_APPLICANT,
        170,
        [("start_formal_check", 168, {}), ("forward", 160, {})],
        DEMO_PROSE,
    ),
    Demo(
        "DEMO-WN-05",
        "Stylizowanie paznokci",
        "Nesperta",
        60,
        [
            ("start_formal_check", 59, {}),
            ("forward", 50, {}),
            ("open_consultation", 6, {"closes_on": 21, "comment": "Konsultacje środowiskowe (demo)."}),
        ],
        DEMO_PROSE,
        [
            (
                "Anna Przykładowa (demo)",
                "Izba Przykładowa (demo)",
                "Komentarz demonstracyjny: proponuję doprecyzować wymagania dotyczące higieny stanowiska pracy.",
                Moderation.PUBLISHED,
            ),
            (
                "Jan Testowy (demo)",
                "",
                "Komentarz demonstracyjny: warto dodać efekt dotyczący obsługi klienta.",
                Moderation.PUBLISHED,
            ),
            ("Ewa Oczekująca (demo)", "", "Komentarz demonstracyjny czekający na moderację.", Moderation.PENDING),
        ],
    ),
    Demo(
        "DEMO-WN-06",
        "Przykładowa kwalifikacja: ocena ekspertów (demo)",
        DEMO_APPLICANT,
        120,
        [("start_formal_check", 119, {}), ("forward", 110, {}), ("start_expert_review", 45, {})],
        DEMO_PROSE,
    ),
    Demo(
        "DEMO-WN-07",
        "Przykładowa kwalifikacja: decyzja o włączeniu (demo)",
        DEMO_APPLICANT,
        150,
        [
            ("start_formal_check", 149, {}),
            ("forward", 140, {}),
            ("start_expert_review", 100, {}),
            ("decide", 5, {"prk_level": 4, "comment": "Poziom 4 PRK (demo)."}),
        ],
        DEMO_PROSE,
    ),
    Demo(
        "DEMO-WN-08",
        MONTOWANIE["name_pl"],
        DEMO_APPLICANT,
        240,
        [
            ("start_formal_check", 239, {}),
            ("forward", 225, {}),
            ("start_expert_review", 150, {}),
            ("decide", 40, {"prk_level": 3}),
            ("publish", 0, {"mp_position": 684, "comment": "Obwieszczenie z 12 lipca 2021 r., M.P. 2021 poz. 684."}),
        ],
        description=MONTOWANIE,
        ministry="mrpit",
        anchor=datetime.date(2021, 7, 12),
    ),
    Demo(
        "DEMO-WN-09",
        "Przykładowa kwalifikacja: odmowa (demo)",
        DEMO_APPLICANT,
        200,
        [
            ("start_formal_check", 199, {}),
            ("forward", 190, {}),
            ("start_expert_review", 150, {}),
            (
                "refuse",
                30,
                {
                    "reason": "Uzasadnienie demonstracyjne: zespół ekspertów nie potwierdził "
                    "zapotrzebowania na kwalifikację (demo)."
                },
            ),
        ],
    ),
    Demo(
        "DEMO-WN-10",
        "Przykładowa kwalifikacja: wniosek wycofany (demo)",
        DEMO_APPLICANT,
        90,
        [("start_formal_check", 89, {}), ("withdraw", 80, {"comment": "Pismo wnioskodawcy (demo)."})],
    ),
    Demo(
        "DEMO-WN-11",
        "Przykładowa kwalifikacja: bez rozpoznania (demo)",
        DEMO_APPLICANT,
        100,
        [
            ("start_formal_check", 99, {}),
            ("request_completion", 90, {"comment": "Brak opłaty (demo)."}),
            ("leave_unprocessed", 55, {}),
        ],
    ),
]


def _actor(role_username: str):
    return get_user_model().objects.filter(username=role_username).first()


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


def _data(action: str, raw: dict, today: datetime.date, step_day: datetime.date) -> dict:
    data = dict(raw)
    if action == "open_consultation":
        data["closes_on"] = today + datetime.timedelta(days=raw["closes_on"])
    if action == "publish":
        data.update(mp_year=step_day.year, mp_date=step_day)
    if action == "decide":
        from qualifications.models import PrkLevel

        data["prk_level"] = PrkLevel.objects.get(level=raw["prk_level"])
    return data


def _describe(draft: Qualification, description: dict) -> None:
    """Write a complete description onto the draft: its fields and its outcome sets."""
    for name, value in description.items():
        if name != "outcome_sets":
            setattr(draft, name, value)
    draft.save()
    draft.outcome_sets.all().delete()
    for set_position, set_row in enumerate(description["outcome_sets"], start=1):
        outcome_set = LearningOutcomeSet.objects.create(
            qualification=draft, position=set_position, name_pl=set_row["name_pl"], name_en=set_row["name_en"]
        )
        for position, row in enumerate(set_row["outcomes"], start=1):
            outcome = LearningOutcome.objects.create(
                outcome_set=outcome_set, position=position, text_pl=row["text_pl"], text_en=row["text_en"]
            )
            for criterion_position, criterion in enumerate(row["criteria"], start=1):
                outcome.criteria.create(position=criterion_position, **criterion)


def _draft(demo: Demo, ministry: Ministry, applicant: Organisation) -> Qualification:
    draft = Qualification.objects.create(
        code=demo.key,
        name_pl=demo.name_pl,
        status=Status.DRAFT,
        category=Category.FREE_MARKET,
        type="partial",
        ministry=ministry,
        applicant=applicant,
        characteristic_pl=demo.characteristic,
    )
    if demo.description:
        _describe(draft, demo.description)
    elif demo.characteristic:
        outcome_set = LearningOutcomeSet.objects.create(
            qualification=draft, position=1, name_pl="Przygotowanie stanowiska pracy (demo)"
        )
        outcome = LearningOutcome.objects.create(
            outcome_set=outcome_set, position=1, text_pl="Przygotowuje stanowisko pracy zgodnie z zasadami BHP (demo)."
        )
        outcome.criteria.create(position=1, text_pl="omawia zasady przygotowania stanowiska (demo)")
    return draft


def withdraw_placeholder_consultations() -> None:
    """A consultation is public, open or closed, so only a real proposal may have one. Registers
    loaded earlier gave a placeholder proposal a (closed) consultation: take it off the public list.
    Its log entry stays in the back-office (events are append-only)."""
    with_consultation = {demo.key for demo in DEMOS if any(step[0] == "open_consultation" for step in demo.steps)}
    stale = Consultation.objects.filter(application__draft__code__startswith="DEMO-WN-").exclude(
        application__draft__code__in=with_consultation
    )
    for consultation in stale.filter(comments__isnull=True):
        consultation.delete()


def refresh_published() -> None:
    """Registers loaded before the published demo application became a real qualification show a
    placeholder as that public record: give the record the real facts and the complete description.
    The application's log stays as it was (events are append-only); only the public record changes."""
    for demo in DEMOS:
        publish = next((raw for action, _days, raw in demo.steps if action == "publish"), None)
        if not demo.description or publish is None or demo.anchor is None:
            continue
        record = Qualification.objects.filter(code=demo.key).exclude(status=Status.DRAFT).first()
        if record is None or record.name_pl == demo.name_pl:
            continue
        from qualifications.models import PrkLevel

        decided = next(raw for action, _days, raw in demo.steps if action == "decide")
        ministry = Ministry.objects.get(code=demo.ministry) if demo.ministry else record.ministry
        record.prk_level = PrkLevel.objects.get(level=decided["prk_level"])
        record.ministry = ministry
        record.mp_year, record.mp_position = demo.anchor.year, publish["mp_position"]
        record.mp_date = record.included_on = demo.anchor
        _describe(record, demo.description)
        InclusionApplication.objects.filter(draft=record).update(ministry=ministry)


def load_demo_applications() -> dict[str, int]:
    """Create the demo applications that do not exist yet; returns the totals."""
    today = timezone.localdate()
    demo_ministry = Ministry.objects.get(code=DEMO_MINISTRY)
    operator, officer = _actor("operator"), _actor("officer")
    if officer is not None and not hasattr(officer, "officer_profile"):
        OfficerProfile.objects.create(user=officer, ministry=demo_ministry)
    with transaction.atomic():
        refresh_published()
        withdraw_placeholder_consultations()
        for demo in DEMOS:
            if Qualification.objects.filter(code=demo.key).exists():
                continue
            ministry = Ministry.objects.get(code=demo.ministry) if demo.ministry else demo_ministry
            applicant, _ = Organisation.objects.get_or_create(name_pl=demo.applicant, defaults={"name": demo.applicant})
            draft = _draft(demo, ministry, applicant)
            origin = demo.anchor or today
            submitted_on = origin - datetime.timedelta(days=demo.submitted_days_ago)
            application = InclusionApplication.objects.create(
                applicant=applicant,
                contact_email=DEMO_EMAIL,
                ministry=ministry,
                draft=draft,
                submitted_on=submitted_on,
                fee_paid_on=submitted_on,
                formal_check_due=deadlines.formal_check_due(submitted_on),
            )
            ApplicationEvent.objects.create(
                application=application,
                action="submit",
                to_state=State.SUBMITTED,
                created_at=_noon(submitted_on),
                comment="Wniosek demonstracyjny.",
            )
            for action, days_ago, raw in demo.steps:
                step_day = origin - datetime.timedelta(days=days_ago)
                transition = TRANSITIONS[action]
                actor = operator if "registry_operator" in transition.roles else officer
                data = _data(action, raw, today, step_day)
                from_state = application.state
                if transition.effect:  # the table's own side effects, dated on the step's day
                    transition.effect(application, data, actor, step_day)
                application.state = transition.target or application.state
                if action == "forward" and officer is not None and ministry == demo_ministry:
                    application.assigned_officer = officer
                application.save()
                ApplicationEvent.objects.create(
                    application=application,
                    action=action,
                    from_state=from_state,
                    to_state=application.state,
                    actor=actor,
                    created_at=_noon(step_day),
                    comment=(data.get("comment") or data.get("reason") or ""),
                )
            consultation = Consultation.objects.filter(application=application).first()
            for name, organisation, text, moderation in demo.comments:
                ConsultationComment.objects.create(
                    consultation=consultation,
                    author_name=name,
                    organisation=organisation,
                    email="komentarz@example.org",
                    text=text,
                    moderation=moderation,
                )
        rights_applications = load_demo_rights_applications()
    return {
        "applications": InclusionApplication.objects.count(),
        "consultation comments": ConsultationComment.objects.count(),
        "certification rights applications": rights_applications,
    }


# --- certification rights: the lifecycle log of the demo rights and demo rights applications -------

DEMO_RIGHTS_EMAIL = "ic-wnioskodawca@example.org"
RIGHT_ACTIONS = {"suspended": "suspend", "withdrawn": "withdraw", "expired": "expire"}
# (the state it ends in, days since filing, the steps taken as (action, days ago, data))
RIGHTS_DEMOS = [
    ("submitted", 3, []),
    (
        "completion_requested",
        12,
        [
            ("start_formal_check", 10, {}),
            ("request_completion", 9, {"comment": "Brak opisu zasobów kadrowych (demo)."}),
        ],
    ),
    ("forwarded", 30, [("start_formal_check", 28, {}), ("forward", 20, {})]),
    ("granted", 60, [("start_formal_check", 58, {}), ("forward", 50, {}), ("grant", 15, {})]),
    (
        "refused",
        70,
        [
            ("start_formal_check", 68, {}),
            ("forward", 60, {}),
            ("refuse", 25, {"reason": "Brak warunków organizacyjnych do walidacji (demo)."}),
        ],
    ),
]


def load_demo_right_events(today: datetime.date) -> None:
    """Demo rights loaded in a non-active state get the log entry that put them there (demo dates)."""
    from qualifications.models import CertificationRight, RightEvent

    for right in CertificationRight.objects.exclude(status="active").filter(events__isnull=True):
        effective_on = right.ended_on or max(right.decision_date, today - datetime.timedelta(days=30))
        RightEvent.objects.create(
            right=right,
            action=RIGHT_ACTIONS[right.status],
            from_status="active",
            to_status=right.status,
            effective_on=effective_on,
            reason=right.reason_pl or "Dane demonstracyjne.",
        )


def load_demo_rights_applications() -> int:
    """Demo certification-rights applications in each state, on the demo officer's ministry's
    qualifications, filed by the demo institutions. Idempotent (keyed by their contact e-mail)."""
    from applications.models import CertificationRightsApplication, RightsApplicationEvent
    from applications.workflow.rights import TRANSITIONS as RIGHTS_TRANSITIONS
    from qualifications import rights
    from qualifications.models import CertificationRight

    today = timezone.localdate()
    load_demo_right_events(today)
    if CertificationRightsApplication.objects.filter(contact_email=DEMO_RIGHTS_EMAIL).exists():
        return CertificationRightsApplication.objects.count()
    qualification = (
        Qualification.objects.filter(ministry__code=DEMO_MINISTRY, status__in=[Status.INCLUDED, Status.FUNCTIONING])
        .order_by("zrk_id")
        .first()
    )
    # The granted one goes to a qualification that already functions in the demo (the demo loader
    # decides the statuses from its own rights on every run); the others wait for the demo officer.
    functioning = (
        Qualification.objects.filter(status=Status.FUNCTIONING, certification_rights__status="active")
        .order_by("zrk_id")
        .first()
    )
    if qualification is None or functioning is None:
        return CertificationRightsApplication.objects.count()
    holders = CertificationRight.objects.current().filter(qualification__in=[qualification, functioning])
    holders = holders.values("institution_id")
    applicants = list(
        Organisation.objects.filter(name_pl__endswith=DEMO_NOTE).exclude(pk__in=holders).order_by("name_pl")
    )
    operator, officer = _actor("operator"), _actor("officer")
    for (state, filed_days_ago, steps), applicant in zip(RIGHTS_DEMOS, applicants, strict=False):
        target = functioning if state == "granted" else qualification
        submitted_on = today - datetime.timedelta(days=filed_days_ago)
        application = CertificationRightsApplication.objects.create(
            applicant=applicant,
            contact_email=DEMO_RIGHTS_EMAIL,
            qualification=target,
            submitted_on=submitted_on,
            fee_paid_on=submitted_on,
            formal_check_due=deadlines.formal_check_due(submitted_on),
        )
        RightsApplicationEvent.objects.create(
            application=application,
            action="submit",
            to_state="submitted",
            created_at=_noon(submitted_on),
            comment="Wniosek demonstracyjny.",
        )
        for action, days_ago, data in steps:
            step_day = today - datetime.timedelta(days=days_ago)
            transition = RIGHTS_TRANSITIONS[action]
            actor = operator if "registry_operator" in transition.roles else officer
            from_state = application.state
            if action == "grant":  # a demo decision: no PZZJ list entry of the demo is valid today
                application.right = rights.grant(
                    target, applicant, decision_date=step_day, decision_number=f"DEMO/IC/{application.pk}", user=actor
                )
                application.decided_on = step_day
            elif transition.effect:
                transition.effect(application, data, actor, step_day)
            application.state = transition.target or application.state
            if action == "forward" and officer is not None:
                application.assigned_officer = officer
            application.save()
            RightsApplicationEvent.objects.create(
                application=application,
                action=action,
                from_state=from_state,
                to_state=application.state,
                actor=actor,
                created_at=_noon(step_day),
                comment=data.get("comment") or data.get("reason") or "",
            )
    return CertificationRightsApplication.objects.count()

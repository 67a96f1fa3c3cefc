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
comments, application dates, deadlines, the ISCED/PKD codes and workload of the published entry and
the proposed levels, workloads, validity and codes of the unpublished proposals are invented for
testing, not taken from any application or notice.

Every step is replayed through the workflow engine (``perform``) on the day it is dated, by the demo
account whose role takes it or else by the system, so the demo holds no state the rules would refuse:
an application forwarded or published has the complete description the gate asks for.
"""

import datetime
from dataclasses import dataclass, field, replace

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from applications.models import (
    Consultation,
    ConsultationComment,
    InclusionApplication,
    Moderation,
    OfficerProfile,
    PzzjApplication,
)
from applications.roles import COORDINATOR, MINISTRY_OFFICER, REGISTRY_OPERATOR
from applications.workflow import INCLUSION
from applications.workflow.engine import SYSTEM, Workflow, may_act, perform, submit
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
    comments: list[tuple[str, str, str, str]] = field(default_factory=list)  # name, org, text, moderation
    # The draft's description (its fields and its outcome sets); the name alone when None.
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


# The description of the unpublished proposals that reached the minister: every element the formal
# check requires before forwarding, all of it demo (the texts say so; the level, workload, validity
# and codes are demo values, not those of any real application).
DEMO_DESCRIPTION = {
    "characteristic_pl": DEMO_PROSE,
    "prk_level_id": 4,
    "target_groups_pl": "Osoby dorosłe, które chcą potwierdzić umiejętności opisane we wniosku (demo).",
    "workload_hours": 100,
    "document_name_pl": "Certyfikat",
    "validity_months": 60,
    "entry_conditions_pl": "Brak szczególnych warunków (demo).",
    "validation_requirements_pl": (
        "Walidacja składa się z testu teoretycznego i zadania praktycznego obserwowanego przez komisję "
        "walidacyjną (demo)."
    ),
    "demand_pl": "Uzasadnienie zapotrzebowania przygotowane do testów portalu (demo).",
    "isced_code": "0413",
    "pkd_code": "85.59.B",
    "outcome_sets": [
        {
            "name_pl": "Przygotowanie stanowiska pracy (demo)",
            "name_en": "Preparing the workstation (demo)",
            "outcomes": [
                _outcome(
                    "Przygotowuje stanowisko pracy zgodnie z zasadami BHP (demo).",
                    "Prepares the workstation in line with health and safety rules (demo).",
                    (
                        "omawia zasady przygotowania stanowiska (demo)",
                        "explains how the workstation is prepared (demo)",
                    ),
                )
            ],
        }
    ],
}


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
    "prk_level_id": 3,  # proposed as the minister then decided it (the notice's level)
    "isced_code": "0714",
    "pkd_code": "26.11.Z",
    "workload_hours": 120,  # demo value: the notice's figure is not among the sources
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
    "demand_pl": (
        "Zakłady produkujące urządzenia elektryczne i elektroniczne zatrudniają monterów, którzy potrzebują "
        "potwierdzenia swoich umiejętności. " + DEMO_LABEL_PL
    ),
    "demand_en": (
        "Plants making electrical and electronic equipment employ assemblers who need their skills "
        "confirmed. " + DEMO_LABEL_EN
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
        description=DEMO_DESCRIPTION,
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
        description=DEMO_DESCRIPTION,
        comments=[
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
        description=DEMO_DESCRIPTION,
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
        description=DEMO_DESCRIPTION,
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
        description=DEMO_DESCRIPTION,
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


# The demo replays past steps: its applicants are examples, so nobody is written to.
QUIET_INCLUSION = replace(INCLUSION, notifier=lambda application, event: None)
DEMO_ACCOUNTS = {REGISTRY_OPERATOR: "operator", MINISTRY_OFFICER: "officer", COORDINATOR: "coordinator"}


def _accounts() -> dict:
    """The demo accounts by role; present only where ``load_demo --users`` made them."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_ACCOUNTS.values())}
    return {role: users.get(username) for role, username in DEMO_ACCOUNTS.items()}


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


def _own_officer(accounts: dict, application):
    """The demo officer, where they work for the application's ministry: the forwarding assigns them."""
    officer = accounts[MINISTRY_OFFICER]
    profile = getattr(officer, "officer_profile", None)
    return officer if profile is not None and profile.ministry_id == application.ministry_id else None


def replay(workflow: Workflow, application, steps, origin: datetime.date, accounts: dict, data_for):
    """Take the demo's steps through the engine, each on its day (``origin`` minus its days) and by
    the demo account whose role takes it, or by the system where there is none: a step the rules
    refuse stops the load. ``data_for(action, raw, step_day)`` gives the step's data."""
    for action, days_ago, raw in steps:
        step_day = origin - datetime.timedelta(days=days_ago)
        transition = workflow.transitions[action]
        actor = next(
            (user for user in accounts.values() if user is not None and may_act(transition, application, user)),
            SYSTEM,
        )
        data = data_for(action, raw, step_day)
        if action == "forward":
            data.setdefault("officer", _own_officer(accounts, application))
        application = perform(
            application.pk, action, actor, workflow=workflow, today=step_day, recorded_at=_noon(step_day), **data
        )
    return application


def _data(action: str, raw: dict, today: datetime.date, step_day: datetime.date) -> dict:
    data = dict(raw)
    if action == "open_consultation":
        data["closes_on"] = today + datetime.timedelta(days=raw["closes_on"])
    if action == "publish":
        data.update(mp_year=step_day.year, mp_date=step_day)
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
    )
    if demo.description:
        _describe(draft, demo.description)
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
    accounts = _accounts()
    officer = accounts[MINISTRY_OFFICER]
    if officer is not None and not hasattr(officer, "officer_profile"):
        OfficerProfile.objects.create(user=officer, ministry=demo_ministry)
        officer.refresh_from_db()
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
            application = InclusionApplication(
                applicant=applicant,
                contact_email=DEMO_EMAIL,
                ministry=ministry,
                draft=draft,
                submitted_on=submitted_on,
                fee_paid_on=submitted_on,
            )
            submit(application, None, "Wniosek demonstracyjny.", recorded_at=_noon(submitted_on))
            application = replay(
                QUIET_INCLUSION,
                application,
                demo.steps,
                origin,
                accounts,
                lambda action, raw, step_day: _data(action, raw, today, step_day),
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
        "PZZJ list applications": PzzjApplication.objects.count(),
    }


# --- certification rights: the lifecycle log of the demo rights and demo rights applications -------

DEMO_RIGHTS_EMAIL = "ic-wnioskodawca@example.org"
DEMO_PZZJ_EMAIL = "pzzj-wnioskodawca@example.org"
# The demo PZZJ list applications, as (demo body, days since filing, the steps taken as (action, days
# ago, data)); the body entered on the list is the PZZJ the granted rights application designates.
PZZJ_DEMOS = [
    ("Przykładowa Fundacja Jakości Kwalifikacji (demo)", 4, []),
    (
        "Przykładowe Stowarzyszenie Audytorów Walidacji (demo)",
        25,
        [
            ("start_formal_check", 23, {}),
            ("request_completion", 20, {"comment": "Brak dokumentów o doświadczeniu w zapewnianiu jakości (demo)."}),
        ],
    ),
    ("Przykładowy Instytut Oceny Walidacji (demo)", 40, [("start_formal_check", 38, {}), ("forward", 30, {})]),
    (
        "Przykładowy Ośrodek Zapewniania Jakości (demo)",
        240,
        [("start_formal_check", 238, {}), ("forward", 230, {}), ("enter", 200, {})],
    ),
    (
        "Przykładowa Izba Jakości Kształcenia (demo)",
        120,
        [
            ("start_formal_check", 118, {}),
            ("forward", 110, {}),
            ("refuse", 80, {"reason": "Uzasadnienie demonstracyjne: brak doświadczenia w zapewnianiu jakości (demo)."}),
        ],
    ),
]
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


def _functioning_qualification():
    """The qualification of the granted demo rights application: one that already functions in the
    demo (the demo loader decides the statuses from its own rights on every run)."""
    return (
        Qualification.objects.filter(status=Status.FUNCTIONING, certification_rights__status="active")
        .order_by("zrk_id")
        .first()
    )


def load_demo_pzzj_applications() -> Organisation | None:
    """Demo PZZJ list applications in each state, filed by demo bodies. The one entered on the list
    covers the demo ministry and the granted rights application's group, so that the grant can
    designate it. Idempotent (keyed by their contact e-mail). Returns the body entered on the list."""
    from applications.workflow.pzzj import PZZJ

    entered = PzzjApplication.objects.filter(contact_email=DEMO_PZZJ_EMAIL, entry__isnull=False).first()
    if PzzjApplication.objects.filter(contact_email=DEMO_PZZJ_EMAIL).exists():
        return entered.applicant if entered else None
    functioning = _functioning_qualification()
    ministries = Ministry.objects.filter(code=DEMO_MINISTRY)
    if functioning is not None and functioning.ministry_id is not None:
        ministries = ministries | Ministry.objects.filter(pk=functioning.ministry_id)
    today = timezone.localdate()
    accounts = _accounts()
    body = None
    for name, filed_days_ago, steps in PZZJ_DEMOS:
        applicant, _ = Organisation.objects.get_or_create(name_pl=name, defaults={"name": name})
        submitted_on = today - datetime.timedelta(days=filed_days_ago)
        application = PzzjApplication(
            applicant=applicant, contact_email=DEMO_PZZJ_EMAIL, submitted_on=submitted_on, fee_paid_on=submitted_on
        )
        submit(application, None, "Wniosek demonstracyjny.", recorded_at=_noon(submitted_on))
        application.ministries.set(ministries)
        application = replay(
            PZZJ,
            application,
            steps,
            today,
            accounts,
            lambda action, raw, step_day: {**raw, "decision_date": step_day} if action == "enter" else dict(raw),
        )
        if application.entry_id is not None:
            body = applicant
    return body


def load_demo_rights_applications() -> int:
    """Demo certification-rights applications in each state, on the demo officer's ministry's
    qualifications, filed by the demo institutions. Idempotent (keyed by their contact e-mail)."""
    from applications.models import CertificationRightsApplication
    from applications.workflow.rights import RIGHTS

    today = timezone.localdate()
    load_demo_right_events(today)
    pzzj = load_demo_pzzj_applications()
    if CertificationRightsApplication.objects.filter(contact_email=DEMO_RIGHTS_EMAIL).exists():
        return CertificationRightsApplication.objects.count()
    qualification = (
        Qualification.objects.filter(ministry__code=DEMO_MINISTRY, status__in=[Status.INCLUDED, Status.FUNCTIONING])
        .order_by("zrk_id")
        .first()
    )
    # The granted one goes to a qualification that already functions; the others wait for the demo officer.
    functioning = _functioning_qualification()
    if qualification is None or functioning is None or pzzj is None:
        return CertificationRightsApplication.objects.count()
    from qualifications.models import CertificationRight

    holders = CertificationRight.objects.current().filter(qualification__in=[qualification, functioning])
    holders = holders.values("institution_id")
    applicants = list(
        Organisation.objects.filter(name_pl__endswith=DEMO_NOTE)
        .exclude(pk__in=holders)
        .exclude(name_pl__in=[name for name, _days, _steps in PZZJ_DEMOS])
        .order_by("name_pl")
    )
    accounts = _accounts()
    for (state, filed_days_ago, steps), applicant in zip(RIGHTS_DEMOS, applicants, strict=False):
        target = functioning if state == "granted" else qualification
        submitted_on = today - datetime.timedelta(days=filed_days_ago)
        application = CertificationRightsApplication(
            applicant=applicant,
            contact_email=DEMO_RIGHTS_EMAIL,
            qualification=target,
            submitted_on=submitted_on,
            fee_paid_on=submitted_on,
        )
        submit(application, None, "Wniosek demonstracyjny.", recorded_at=_noon(submitted_on))

        def data_for(action, raw, step_day, application=application):
            if action != "grant":
                return dict(raw)
            number = f"DEMO/IC/{application.pk}"
            return {**raw, "decision_number": number, "decision_date": step_day, "pzzj": pzzj}

        replay(RIGHTS, application, steps, today, accounts, data_for)
    return CertificationRightsApplication.objects.count()
